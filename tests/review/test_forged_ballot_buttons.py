"""A modified client can send any callback data: the ballot screen must answer, not crash."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.events import Button
from flows.i18n import plural, t
from tests.flows.harness import Harness
from tests.flows.test_voting import IN_VOTE, add_projects, ballot_labels, tick, verify


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "forged.sqlite3", now=IN_VOTE)
    await add_projects(harness, 12)
    yield harness
    await harness.db.close()


async def forge(h: Harness, command: str) -> int:
    """Tap a forged `command` on the ballot screen; the screen's message id."""
    marie = h.citizen()
    message_id, choice = h.find_button(marie.chat_id, t("fr", "btn_review"))
    nonce = choice.data.split("|")[1]
    await h.act(marie, Button(f"s|{nonce}|{command}", message_id, "forged"))
    return message_id


@pytest.mark.parametrize("command", ["page:abc", "page:", "t::1", "t:²:1", "t:1²:1", "d:²"])
async def test_forged_ballot_commands_do_not_crash(h: Harness, command: str) -> None:
    marie = h.citizen()
    await verify(h, marie)
    await forge(h, command)  # raised ValueError before
    await tick(h, marie, 2)
    screen = h.last_with_buttons(marie.chat_id)[1]
    assert plural("fr", "chosen", 1) in screen.text


async def test_a_forged_page_number_stays_within_the_pages(h: Harness) -> None:
    marie = h.citizen()
    await verify(h, marie)
    first_page = ballot_labels(h, marie)
    for command in ("page:-7", "page:-1", "page:-1"):  # no ◀️ on the first page, yet sent
        await forge(h, command)
        assert ballot_labels(h, marie) == first_page
    assert "1/3" in first_page
    await forge(h, "page:1")
    second_page = ballot_labels(h, marie)
    assert "2/3" in second_page
    assert not {x for x in second_page if "n°" in x} & {x for x in first_page if "n°" in x}
