"""Opening the vote, by command or by the calendar, checks the ballot can be cast; phase
names are understood in French."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from flows.dialogues.context import current_phase
from flows.dialogues.engine import on_tick
from flows.domain.campaign import PhaseKind
from flows.domain.model import ProposalStatus
from flows.i18n import Safe, t
from tests.flows.harness import PARIS, Harness
from tests.flows.staff_fixtures import add_proposals, keyboard_labels

IN_REVIEW = datetime(2027, 3, 1, 10, 0, tzinfo=PARIS)
IN_VOTE = datetime(2027, 4, 2, 10, 0, tzinfo=PARIS)
ADMISSIBLE = ProposalStatus.ADMISSIBLE


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "open.sqlite3", now=IN_REVIEW)
    yield harness
    await harness.db.close()


async def phase(h: Harness) -> PhaseKind:
    async with h.transaction() as uow:
        return await current_phase(h.deps, uow, h.now)


async def subscribed(h: Harness, user_id: int = 880) -> int:
    fan = h.citizen(user_id=user_id)
    await h.say(fan, "/start")
    await h.tap(fan, "Me prévenir")
    return fan.chat_id


def opened_notice(h: Harness) -> str:
    return t("fr", "vote_open_notice", campaign=h.campaign.name.fr)


async def test_too_few_admissible_projects_and_the_vote_does_not_open(h: Harness) -> None:
    await add_proposals(h, ["Abri vélo", "Skatepark"], status=ADMISSIBLE)
    (reply,) = await h.say(h.staff(), "/phase vote")
    why = t("fr", "vote_needs", needs="3 projets",
            have=t("fr", "admissible_count_other", count=2))
    assert reply.text == t("fr", "vote_not_ready", why=Safe(why))
    assert reply.keyboard == ()
    assert await phase(h) == PhaseKind.REVIEW


async def test_with_none_admissible_the_refusal_says_so(h: Harness) -> None:
    (reply,) = await h.say(h.staff(), "/phase vote")
    assert t("fr", "admissible_count_zero", count=0) in reply.text


async def test_opening_asks_a_second_tap_warns_of_waiting_proposals_and_tells_once(
        h: Harness) -> None:
    fan = await subscribed(h)
    await add_proposals(h, ["Abri vélo", "Skatepark", "Jardin"], status=ADMISSIBLE)
    await add_proposals(h, ["Pas encore examiné"])
    (question,) = await h.say(h.staff(), "/phase vote")
    assert question.text == t("fr", "vote_open_confirm", projects="3 projets") + "\n\n" + \
        t("fr", "vote_waiting_one", count=1)
    assert keyboard_labels(question) == [t("fr", "btn_open_vote"), t("fr", "btn_cancel")]
    assert await phase(h) == PhaseKind.REVIEW and h.texts(fan)[-1] != opened_notice(h)

    message_id, message = h.last_with_buttons(h.campaign.staff.chat_id)
    await h.tap(h.staff(), t("fr", "btn_open_vote"))
    assert await phase(h) == PhaseKind.VOTE
    assert h.texts(fan)[-1] == opened_notice(h)
    from flows.events import Button

    again = await h.act(h.staff(), Button(message.keyboard[0][0].data, message_id, "again"))
    assert again == [] and h.recorder.answers[-1].text == t("fr", "vote_already_open")
    assert h.texts(fan).count(opened_notice(h)) == 1


async def test_cancel_leaves_the_phase_as_it_was(h: Harness) -> None:
    await add_proposals(h, ["Abri vélo", "Skatepark", "Jardin"], status=ADMISSIBLE)
    await h.say(h.staff(), "/phase vote")
    (reply,) = await h.tap(h.staff(), t("fr", "btn_cancel"))
    assert reply.text == t("fr", "phase_kept", phase=Safe(t("fr", "phase_review")))
    assert await phase(h) == PhaseKind.REVIEW


async def test_a_confirmation_after_a_decision_was_reopened_checks_again(h: Harness) -> None:
    await add_proposals(h, ["Abri vélo", "Skatepark", "Jardin"], status=ADMISSIBLE)
    await h.say(h.staff(), "/phase vote")
    await h.say(h.staff(), "/projet 3")
    await h.tap(h.staff(), t("fr", "btn_reopen"))
    message_id, _ = next((i, m) for i, m in reversed(h.recorder.messages.items())
                         if t("fr", "btn_open_vote") in keyboard_labels(m))
    from flows.events import Button

    (reply,) = await h.act(h.staff(), Button("ph|vote", message_id, "late"))
    assert reply.text.startswith(t("fr", "vote_not_ready", why="").split(":")[0])
    assert await phase(h) == PhaseKind.REVIEW


@pytest.mark.parametrize(("typed", "wanted"), [
    ("résultats", PhaseKind.RESULTS), ("RESULTATS", PhaseKind.RESULTS),
    ("results", PhaseKind.RESULTS), ("Propositions", PhaseKind.PROPOSALS),
    ("examen", PhaseKind.REVIEW), ("étude", PhaseKind.REVIEW), ("clos", PhaseKind.CLOSED),
    ("closed", PhaseKind.CLOSED),
])
async def test_phase_names_in_french_or_english_accents_and_case_ignored(
        h: Harness, typed: str, wanted: PhaseKind) -> None:
    (reply,) = await h.say(h.staff(), f"/phase {typed}")
    assert reply.text == t("fr", "phase_set", phase=Safe(t("fr", f"phase_{wanted.value}")),
                           who="Paul")
    assert await phase(h) == wanted


async def test_an_unknown_phase_name_gets_the_list_and_an_example(h: Harness) -> None:
    (reply,) = await h.say(h.staff(), "/phase dépouillement")
    assert reply.text == t("fr", "phase_usage", phase=Safe(t("fr", "phase_review")))
    assert await phase(h) == PhaseKind.REVIEW


async def ticks(h: Harness, *moments: datetime) -> None:
    for moment in moments:
        async with h.transaction() as uow:
            await on_tick(h.deps, uow, moment)
        await h.outbox.drain()


async def test_the_calendar_opening_an_unvotable_ballot_alerts_staff_not_subscribers(
        h: Harness) -> None:
    fan = await subscribed(h)
    await add_proposals(h, ["Abri vélo", "Skatepark"], status=ADMISSIBLE)
    await ticks(h, IN_VOTE, IN_VOTE.replace(minute=1), IN_VOTE.replace(minute=2))
    why = t("fr", "vote_needs", needs="3 projets",
            have=t("fr", "admissible_count_other", count=2))
    alert = t("fr", "vote_blocked_by_calendar", why=Safe(why))
    assert h.texts(h.campaign.staff.chat_id).count(alert) == 1  # once, not every minute
    assert opened_notice(h) not in h.texts(fan)

    await add_proposals(h, ["Jardin"], status=ADMISSIBLE)
    await ticks(h, IN_VOTE.replace(minute=3), IN_VOTE.replace(minute=4))
    assert h.texts(fan).count(opened_notice(h)) == 1


async def test_the_calendar_warns_staff_of_proposals_left_unexamined(h: Harness) -> None:
    await add_proposals(h, ["Abri vélo", "Skatepark", "Jardin"], status=ADMISSIBLE)
    await add_proposals(h, ["Oublié", "Oublié aussi"])
    await ticks(h, IN_VOTE)
    assert t("fr", "vote_waiting_other", count=2) in h.texts(h.campaign.staff.chat_id)


async def test_a_voter_is_not_sent_a_code_for_a_ballot_that_cannot_be_cast(
        tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "v.sqlite3", now=IN_VOTE)
    await add_proposals(h, ["Abri vélo", "Skatepark"], status=ADMISSIBLE)
    (reply,) = await h.say(h.citizen(), "/voter")
    assert reply.text == t("fr", "ballot_no_projects")
    await h.db.close()
