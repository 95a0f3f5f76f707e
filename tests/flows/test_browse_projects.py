"""/projets: citizens browse the admissible projects outside the vote, in their own order."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest

from flows.domain.model import ProposalFields
from flows.events import Button
from flows.i18n import t
from tests.flows.harness import Harness, Sender
from tests.flows.test_ballot_order import THEMES, open_vote, reach_ballot, whole_order

REVIEW_PHASE = "review"


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await open_vote(tmp_path / "browse.sqlite3", 12)
    yield harness
    await harness.db.close()


def listed(h: Harness, who: Sender) -> list[int]:
    """The project numbers of the list screen as the citizen sees it now, top to bottom."""
    text = list_text(h, who)
    lines = [int(n) for n in re.findall(r"<b>n°(\d+)</b>", text)]
    buttons = [int(n) for n in re.findall(r"n°(\d+) ", " ".join(
        c.label for row in h.last_with_buttons(who.chat_id)[1].keyboard for c in row))]
    assert lines == buttons, text
    return lines


def list_text(h: Harness, who: Sender) -> str:
    return h.last_with_buttons(who.chat_id)[1].text


async def every_page(h: Harness, who: Sender) -> list[int]:
    seen = listed(h, who)
    while "▶️" in [c.label for row in h.last_with_buttons(who.chat_id)[1].keyboard for c in row]:
        await h.tap(who, "▶️")
        seen += listed(h, who)
    return seen


async def test_projets_lists_the_admissible_projects_page_by_page(h: Harness) -> None:
    async with h.transaction() as uow:  # a proposal still waiting is not listed
        fields = ProposalFields(title="En attente", description="Pas encore examiné.",
                                theme="ecologie", commune="32013", cost=Decimal(5000))
        await uow.proposals.create(9100, 9100, "fr", fields, "BP", 2026, h.now)
    await h.say(h.staff(), f"/phase {REVIEW_PHASE}")
    marie = h.citizen()
    await h.say(marie, "/projets")
    text = list_text(h, marie)
    assert t("fr", "ballot_size_pages", count=12, pages=3) in text
    assert t("fr", "order_random") in text
    assert len(listed(h, marie)) == 5
    assert sorted(await every_page(h, marie)) == list(range(1, 13))
    assert "En attente" not in "\n".join(h.texts(marie.chat_id))


async def test_the_list_keeps_the_citizens_order_and_the_ballot_uses_it_too(
        h: Harness) -> None:
    marie = h.citizen()
    await h.say(marie, "/projets")
    first = await every_page(h, marie)
    await h.say(marie, "/projets")
    assert await every_page(h, marie) == first
    await reach_ballot(h, marie, 12_345_678)
    assert await whole_order(h, marie) == first


async def test_filter_by_theme_then_by_canton_keeps_the_order(h: Harness) -> None:
    marie = h.citizen()
    await h.say(marie, "/projets")
    mine = await every_page(h, marie)
    await h.tap(marie, t("fr", "btn_filter_theme"))
    await h.tap(marie, "Numérique")
    assert listed(h, marie) == [n for n in mine if THEMES[(n - 1) % 3] == "numerique"]
    assert "Numérique" in list_text(h, marie)
    await h.tap(marie, t("fr", "btn_filter_territory"))
    await h.tap(marie, "Lectoure")  # Lectoure's canton holds projects 2, 6 and 10
    assert listed(h, marie) == [n for n in mine if n in (6,)]
    await h.tap(marie, t("fr", "btn_filter_theme"))
    await h.tap(marie, t("fr", "btn_all"))
    assert listed(h, marie) == [n for n in mine if n in (2, 6, 10)]
    assert t("fr", "ballot_size_one_page", count=3, pages=1) in list_text(h, marie)


async def test_a_project_shows_its_photo_and_details_then_back_to_the_same_page(
        h: Harness) -> None:
    marie = h.citizen()
    await h.say(marie, "/projets")
    await h.tap(marie, "▶️")
    page_two = listed(h, marie)
    assert "📷" in list_text(h, marie)
    number = page_two[0]
    replies = await h.tap(marie, f"n°{number} ")
    assert replies[0].photo == f"photo-{number}"
    assert replies[1].text.startswith(f"<b>n°{number} Projet {number}</b>")
    await h.tap(marie, t("fr", "btn_back_to_list"))
    assert listed(h, marie) == page_two and "2/3" in str(h.last_with_buttons(
        marie.chat_id)[1].keyboard)


async def test_projects_in_english_and_the_menu_button(h: Harness) -> None:
    john = h.citizen(user_id=777, language="en", name="John")
    await h.say(john, "/projects")
    assert t("en", "ballot_size_pages", count=12, pages=3) in list_text(h, john)
    await h.say(john, "/start")
    await h.tap(john, t("en", "btn_projects"))
    assert t("en", "ballot_size_pages", count=12, pages=3) in list_text(h, john)


async def test_browsing_during_the_vote_leaves_the_ballot_as_it_was(h: Harness) -> None:
    marie = h.citizen()
    await reach_ballot(h, marie, 12_345_678)
    order = await whole_order(h, marie)
    await h.say(marie, "/projets")
    assert await every_page(h, marie) == order
    await h.say(marie, "/start")
    await h.tap(marie, t("fr", "btn_resume"))
    assert await whole_order(h, marie) == order


async def test_with_no_admissible_project_yet_the_list_says_so(tmp_path: Path) -> None:
    h = await open_vote(tmp_path / "empty.sqlite3", 0)
    replies = await h.say(h.citizen(), "/projets")
    assert [r.text for r in replies] == [t("fr", "browse_none")]
    await h.db.close()


@pytest.mark.parametrize("data", ["g|pj|l:x::", "g|pj|d:1", "g|pj|zz", "g|pj|l:0:999:999",
                                  "g|pj|d:999:0::", "g|pj|ft:abc:"])
async def test_forged_list_buttons_are_answered_not_crashed(h: Harness, data: str) -> None:
    marie = h.citizen()
    await h.say(marie, "/projets")
    message_id = h.last_with_buttons(marie.chat_id)[0]
    await h.act(marie, Button(data, message_id, "forged"))
    answers = [a.text for a in h.recorder.answers]
    text = h.recorder.messages[message_id].text
    assert answers[-1:] == [t("fr", "stale_button")] or "n°" in text
