"""What cannot be undone asks for a second tap: a refusal, publishing the results."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from flows.domain.model import ProposalStatus
from flows.events import Button
from flows.i18n import Safe, t
from tests.flows.harness import PARIS, Harness, propose
from tests.flows.staff_fixtures import add_proposals, keyboard_labels, status_of

REASON = "Hors des compétences du Département"


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "confirm.sqlite3")
    marie = harness.citizen()
    await propose(harness, marie)
    await harness.tap(marie, "Envoyer ma proposition")
    yield harness
    await harness.db.close()


async def test_a_refusal_for_a_listed_reason_waits_for_the_second_tap(h: Harness) -> None:
    paul = h.staff()
    alert_id, _ = h.last_with_buttons(paul.chat_id)
    await h.tap(paul, t("fr", "btn_inadmissible"))
    await h.tap(paul, "Hors des compétences")
    asking = h.recorder.messages[alert_id]
    assert asking.text.endswith(t("fr", "confirm_refusal", reference="BP-2026-0001",
                                  reason=REASON))
    assert keyboard_labels(asking) == [t("fr", "btn_confirm_refusal"), t("fr", "btn_back")]
    assert await status_of(h, "BP-2026-0001") == ProposalStatus.SUBMITTED
    assert "n'a pas pu être retenu" not in h.last_text(501)

    confirm = asking.keyboard[0][0]
    await h.act(paul, Button(confirm.data, alert_id, "first"))
    await h.act(paul, Button(confirm.data, alert_id, "double"))
    assert h.recorder.answers[-1].text == t("fr", "already_decided", who="Paul")
    refusal = t("fr", "outcome_inadmissible", reference="BP-2026-0001",
                title="Abri vélo au collège", note=REASON)
    assert h.texts(501).count(refusal) == 1
    async with h.transaction() as uow:
        decisions = [e for e in await uow.audit.entries("BP-2026-0001")
                     if e["action"].startswith("decision")]
    assert len(decisions) == 1


async def test_back_from_the_refusal_question_refuses_nothing(h: Harness) -> None:
    paul = h.staff()
    await h.tap(paul, t("fr", "btn_inadmissible"))
    await h.tap(paul, "Hors des compétences")
    await h.tap(paul, t("fr", "btn_back"))
    _, alert = h.last_with_buttons(paul.chat_id)
    assert keyboard_labels(alert)[0] == t("fr", "btn_admissible")
    assert await status_of(h, "BP-2026-0001") == ProposalStatus.SUBMITTED


async def test_a_typed_reason_is_confirmed_by_the_one_who_typed_it(h: Harness) -> None:
    paul, anne = h.staff(), h.staff(user_id=902, name="Anne")
    await h.tap(paul, t("fr", "btn_inadmissible"))
    await h.tap(paul, t("fr", "btn_other_reason"))
    (question,) = await h.say(paul, "Le terrain n'appartient pas au Département.")
    assert question.text == t("fr", "confirm_refusal", reference="BP-2026-0001",
                              reason="Le terrain n'appartient pas au Département.")
    assert await h.say(paul, "(je vérifie avec le service)") == []  # chatter is not a reason
    await h.tap(anne, t("fr", "btn_confirm_refusal"))
    assert h.recorder.answers[-1].text == t("fr", "refusal_not_yours")
    assert await status_of(h, "BP-2026-0001") == ProposalStatus.SUBMITTED
    await h.tap(paul, t("fr", "btn_confirm_refusal"))
    assert await status_of(h, "BP-2026-0001") == ProposalStatus.INADMISSIBLE
    assert h.last_text(501) == t("fr", "outcome_inadmissible", reference="BP-2026-0001",
                                 title="Abri vélo au collège",
                                 note="Le terrain n'appartient pas au Département.")


async def test_publishing_asks_a_second_tap_and_a_double_tap_publishes_once(
        tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "pub.sqlite3", now=datetime(2027, 5, 2, tzinfo=PARIS))
    await add_proposals(h, ["Abri vélo", "Skatepark", "Jardin"],
                        status=ProposalStatus.ADMISSIBLE)
    fan = h.citizen(user_id=880)
    async with h.transaction() as uow:
        await uow.subscribers.add(880, 880, "fr", "results")
    paul = h.staff()
    await h.say(paul, "/resultats")
    prompt_id, _ = h.last_with_buttons(paul.chat_id)
    await h.tap(paul, t("fr", "btn_publish"))
    asking = h.recorder.messages[prompt_id]
    assert asking.text == t("fr", "results_publish_confirm")
    assert keyboard_labels(asking) == [t("fr", "btn_publish_confirm"), t("fr", "btn_cancel")]
    await h.tap(paul, t("fr", "btn_cancel"))
    assert h.recorder.answers[-1].text == t("fr", "results_not_published")
    assert keyboard_labels(h.recorder.messages[prompt_id]) == [t("fr", "btn_publish")]
    (reply,) = await h.say(fan, "/resultats")
    assert reply.text == t("fr", "results_not_yet")

    await h.tap(paul, t("fr", "btn_publish"))
    yes = h.recorder.messages[prompt_id].keyboard[0][0]
    await h.act(paul, Button(yes.data, prompt_id, "first"))
    await h.act(paul, Button(yes.data, prompt_id, "double"))
    assert h.recorder.answers[-1].text == t("fr", "results_already_published", when="")
    notice = t("fr", "results_out_notice", name=h.campaign.name.fr)
    assert h.texts(fan.chat_id).count(notice) == 1
    assert h.texts(paul.chat_id).count(t("fr", "results_published_done", who="Paul",
                                         count=1)) == 1
    await h.db.close()


async def test_english_staff_read_the_questions_in_english(tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "en.sqlite3")
    h.campaign = h.campaign.model_copy(update={"languages": ["en", "fr"]})
    from dataclasses import replace

    h.deps = replace(h.deps, campaign=h.campaign)
    await add_proposals(h, ["Abri vélo"])
    (reply,) = await h.say(h.staff(), "/phase vote")
    why = t("en", "vote_needs", needs="3 projects",
            have=t("en", "admissible_count_zero", count=0))
    assert reply.text == t("en", "vote_not_ready", why=Safe(why))
    (page,) = await h.say(h.staff(), "/examen")
    assert page.text.startswith(t("en", "queue_header_one", count=1, page=1, pages=1))
    await h.db.close()
