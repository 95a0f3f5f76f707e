"""Dialogue dead ends a first trial found, and what the citizen now sees instead."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from flows.events import Sender
from flows.i18n import t
from tests.flows.harness import Harness
from tests.flows.test_proposing import to_commune_step
from tests.flows.test_voting import IN_VOTE, MOBILE, add_projects, tick, to_phone_step, verify

BALLOT_HEADING = t("fr", "ballot_screen", standing="", filter="", lines="").split("\n")[0]


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "ends.sqlite3")
    yield harness
    await harness.db.close()


@pytest.fixture
async def v(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "vote.sqlite3", now=IN_VOTE)
    await add_projects(harness, 5)
    yield harness
    await harness.db.close()


def labels(message_keyboard: object) -> list[str]:
    return [c.label for row in message_keyboard for c in row]  # type: ignore[attr-defined]


async def test_after_a_no_the_yes_and_no_buttons_come_back(h: Harness) -> None:
    marie = h.citizen()
    await to_commune_step(h, marie)
    await h.say(marie, "Lectoure")
    await h.say(marie, "15 000 €")
    replies = await h.tap(marie, "Non")
    question = h.campaign.questions[0]
    assert replies[-1].text == t("fr", "rule_question",
                                 explanation=question.explanation.get("fr"))
    assert labels(replies[-1].keyboard)[:2] == [t("fr", "btn_yes"), t("fr", "btn_no")]
    replies = await h.tap(marie, "Oui")  # changed their mind: on to the next question
    assert h.campaign.questions[1].text.fr in replies[-1].text


async def test_new_code_goes_to_the_same_number_without_retyping_it(v: Harness) -> None:
    marie = v.citizen()
    await to_phone_step(v, marie)
    await v.say(marie, "06 12 34 56 78")
    v.now += timedelta(seconds=61)
    replies = await v.tap(marie, "Nouveau code")
    assert len(v.sms.received[MOBILE]) == 2
    assert replies[-1].text == t("fr", "vote_ask_code", masked="+33 6 •• •• •• 78", minutes=10)
    replies = await v.say(marie, v.sms.last_code(MOBILE))
    assert any(BALLOT_HEADING in r.text for r in replies)


async def test_during_the_cooldown_the_code_already_received_still_works(v: Harness) -> None:
    marie = v.citizen()
    await to_phone_step(v, marie)
    await v.say(marie, "06 12 34 56 78")
    first = v.sms.last_code(MOBILE)
    v.now += timedelta(seconds=20)
    replies = await v.tap(marie, "Nouveau code")
    assert [r.text for r in replies] == [t("fr", "sms_cooldown", seconds=40),
                                        t("fr", "vote_code_still_valid")]
    assert t("fr", "btn_resend") in labels(replies[-1].keyboard)
    replies = await v.say(marie, first)
    assert any(BALLOT_HEADING in r.text for r in replies)


async def test_a_code_typed_where_a_number_is_asked_is_still_checked(v: Harness) -> None:
    marie = v.citizen()
    await to_phone_step(v, marie)
    await v.say(marie, "06 12 34 56 78")
    first = v.sms.last_code(MOBILE)
    await v.tap(marie, "Autre numéro")
    replies = await v.say(marie, "06 98 76 54 32")  # too soon for another code
    assert replies[0].text == t("fr", "sms_cooldown", seconds=60)
    replies = await v.say(marie, first)
    assert any(BALLOT_HEADING in r.text for r in replies)


async def test_a_code_typed_once_none_is_pending_is_said_expired(v: Harness) -> None:
    marie = v.citizen()
    await to_phone_step(v, marie)
    await v.say(marie, "06 12 34 56 78")
    code = v.sms.last_code(MOBILE)
    v.now += timedelta(minutes=11)
    await v.say(marie, code)  # expired: back to the number
    replies = await v.say(marie, code)
    assert replies[0].text == t("fr", "vote_code_expired")


async def test_after_a_restart_new_code_asks_the_number_which_was_never_stored(
    v: Harness,
) -> None:
    marie = v.citizen()
    await to_phone_step(v, marie)
    await v.say(marie, "06 12 34 56 78")
    v.now += timedelta(seconds=61)
    again = await v.restarted()
    replies = await again.tap(marie, "Nouveau code")
    assert replies[0].text == t("fr", "vote_resend_retype")
    assert replies[1].text == t("fr", "vote_ask_phone")
    assert len(again.sms.received[MOBILE]) == 1
    await again.db.close()
    assert again.db_path is not None
    for path in again.db_path.parent.iterdir():
        if path.name.startswith(again.db_path.name):
            data = path.read_bytes()
            assert b"612345678" not in data and "612345678".encode("utf-16-le") not in data
    v.db = await type(v.db).open(again.db_path)  # the fixture closes it


def shown_in(text: str) -> list[int]:
    """The project numbers a ballot screen lists, top to bottom."""
    return [int(n) for n in re.findall(r"<b>n°(\d+)</b>", text)]


def shown(h: Harness, voter: Sender) -> list[int]:
    return shown_in(h.last_with_buttons(voter.chat_id)[1].text)


async def test_change_my_choice_returns_to_the_ballot_page_the_voter_left(
    tmp_path: Path,
) -> None:
    v = await Harness.open(tmp_path / "pages.sqlite3", now=IN_VOTE)
    await add_projects(v, 7)
    marie = v.citizen()
    await verify(v, marie)
    # Each voter has their own order: read which projects the two pages hold for Marie.
    first_page = shown(v, marie)
    await v.tap(marie, "▶️")
    second_page = shown(v, marie)
    await v.tap(marie, "◀️")
    await v.tap(marie, f"n°{first_page[0]} ")
    await v.tap(marie, f"n°{first_page[1]} ")
    await v.tap(marie, "▶️")
    await v.tap(marie, f"n°{second_page[0]} ")  # she leaves the ballot from page 2
    await v.tap(marie, "Valider mon choix")
    replies = await v.tap(marie, "Modifier mon choix")
    screen = replies[-1]
    assert shown_in(screen.text) == second_page
    assert "2/2" in labels(screen.keyboard)
    await v.db.close()


async def test_a_postal_code_of_many_communes_lists_them_all_in_pages(h: Harness) -> None:
    marie = h.citizen()
    await to_commune_step(h, marie)
    replies = await h.say(marie, "32300")
    served = [c.name for c in h.deps.communes.by_postal_code("32300") if c.dept == "32"]
    assert len(served) == 31
    assert replies[0].text == t("fr", "commune_postal_page", postal="32300", count=31, page=1,
                                pages=6)
    seen: list[str] = []
    message_id = h.last_with_buttons(marie.chat_id)[0]
    for page in range(1, 7):
        current = h.recorder.messages[message_id]
        assert current.text == t("fr", "commune_postal_page", postal="32300", count=31,
                                 page=page, pages=6)
        seen += [label.split(" (")[0] for label in labels(current.keyboard) if "(" in label]
        if page < 6:
            assert await h.tap(marie, "▶️") == []  # the same message, edited in place
            assert h.last_with_buttons(marie.chat_id)[0] == message_id
    assert seen == served
    await h.tap(marie, "Ponsan-Soubiran (32300)")
    assert t("fr", "commune_set", commune="Ponsan-Soubiran (32300)") in h.texts(marie.chat_id)


async def test_my_data_lists_both_alerts_and_the_commune_declared_to_vote(v: Harness) -> None:
    marie = v.citizen()
    async with v.transaction() as uow:
        await uow.subscribers.add(marie.user_id, marie.chat_id, "fr", "vote")
    await verify(v, marie)
    await tick(v, marie, 1, 2, 3)
    await v.tap(marie, "Valider mon choix")
    await v.tap(marie, "Confirmer mon vote")
    await v.tap(marie, t("fr", "btn_notify_results"))
    replies = await v.say(marie, "/mesdonnees")
    items = replies[0].text
    assert "• " + t("fr", "data_subscribed") in items
    assert "• " + t("fr", "data_subscribed_results") in items
    auch = v.deps.communes.get("32013")
    assert auch is not None
    commune = f"Auch (32000, canton {auch.canton_name})"
    assert "• " + t("fr", "data_voted_commune", commune=commune) in items
