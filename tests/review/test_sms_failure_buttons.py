"""The message saying an SMS could not leave has buttons that work."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.flows.harness import Harness
from tests.flows.test_voting import IN_VOTE, add_projects, to_phone_step


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "fail.sqlite3", now=IN_VOTE)
    await add_projects(harness, 3)
    yield harness
    await harness.db.close()


async def test_cancel_on_the_gateway_failure_message_cancels(h: Harness) -> None:
    marie = h.citizen()
    await to_phone_step(h, marie)
    h.sms.failing = True
    await h.say(marie, "0612345678")
    assert "n'a pas pu partir" in h.last_with_buttons(marie.chat_id)[1].text
    replies = await h.tap(marie, "Annuler")
    assert any("annulé" in r.text for r in replies), [r.text for r in replies]
    assert "plus valable" not in " ".join(a.text for a in h.recorder.answers)
