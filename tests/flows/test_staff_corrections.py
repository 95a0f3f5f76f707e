"""Staff correct a decision or a proposal after the technical study; the proposer is told."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.dialogues.context import PHASE_KEY
from flows.domain.model import ProposalStatus
from flows.i18n import Safe, t
from tests.flows.harness import Harness, plain, propose
from tests.flows.staff_fixtures import add_proposals, keyboard_labels, status_of


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "fix.sqlite3")
    yield harness
    await harness.db.close()


async def decided(h: Harness) -> None:
    """Marie's proposal BP-2026-0001, found admissible by Paul."""
    marie = h.citizen()
    await propose(h, marie)
    await h.tap(marie, "Envoyer ma proposition")
    await h.tap(h.staff(), t("fr", "btn_admissible"))


async def test_a_decision_reopened_goes_back_to_the_buttons_and_the_proposer_is_told(
        h: Harness) -> None:
    await decided(h)
    paul, anne = h.staff(), h.staff(user_id=902, name="Anne")
    alert_id, alert = h.last_with_buttons(h.campaign.staff.chat_id)
    assert keyboard_labels(alert) == [t("fr", "btn_reopen"), t("fr", "btn_edit_proposal")]
    await h.tap(anne, t("fr", "btn_reopen"))
    reopened = h.recorder.messages[alert_id]
    assert t("fr", "reopened_line", who="Anne", previous=Safe("✅ recevable")) in reopened.text
    assert keyboard_labels(reopened)[0] == t("fr", "btn_admissible")
    assert h.last_text(501) == t("fr", "outcome_reopened", reference="BP-2026-0001",
                                 title="Abri vélo au collège")
    assert await status_of(h, "BP-2026-0001") == ProposalStatus.SUBMITTED

    await h.tap(paul, t("fr", "btn_inadmissible"))
    await h.tap(paul, "Hors des compétences")
    await h.tap(paul, t("fr", "btn_confirm_refusal"))
    assert h.last_text(501) == t("fr", "outcome_inadmissible", reference="BP-2026-0001",
                                 title="Abri vélo au collège",
                                 note="Hors des compétences du Département")
    async with h.transaction() as uow:
        actions = [(e["actor_name"], e["action"]) for e in
                   await uow.audit.entries("BP-2026-0001")][1:]
    assert actions == [("Paul", "decision:admissible"), ("Anne", "reopened"),
                       ("Paul", "decision:inadmissible")]


async def test_reopen_tapped_twice_changes_nothing_the_second_time(h: Harness) -> None:
    await decided(h)
    alert_id, alert = h.last_with_buttons(h.campaign.staff.chat_id)
    from flows.events import Button

    reopen = next(c for row in alert.keyboard for c in row if c.label == t("fr", "btn_reopen"))
    await h.act(h.staff(), Button(reopen.data, alert_id, "a"))
    told = len(h.texts(501))
    assert await h.act(h.staff(), Button(reopen.data, alert_id, "b")) == []
    assert h.recorder.answers[-1].text == t("fr", "reopen_already", reference="BP-2026-0001")
    assert len(h.texts(501)) == told


async def test_no_reopening_once_the_vote_has_started(h: Harness) -> None:
    await decided(h)
    async with h.transaction() as uow:
        await uow.settings.put(PHASE_KEY, "vote")
    await h.tap(h.staff(), t("fr", "btn_reopen"))
    assert h.recorder.answers[-1].text == t("fr", "correction_locked", reference="BP-2026-0001")
    assert await status_of(h, "BP-2026-0001") == ProposalStatus.ADMISSIBLE
    (reply,) = await h.say(h.staff(), "/modifier BP-2026-0001 cout 18000")
    assert reply.text == t("fr", "correction_locked", reference="BP-2026-0001")


async def test_the_edit_button_shows_how_to_type_a_correction(h: Harness) -> None:
    await decided(h)
    (hint,) = await h.tap(h.staff(), t("fr", "btn_edit_proposal"))
    assert hint.text == t("fr", "edit_hint", reference="BP-2026-0001")


async def test_the_cost_refined_after_study_is_saved_audited_and_told(h: Harness) -> None:
    await decided(h)
    done = (await h.say(h.staff(), "/modifier bp-2026-1 Coût 18 000 €"))[0]
    assert plain(done.text) == plain(t("fr", "edit_done", reference="BP-2026-0001", who="Paul",
                                       field=Safe("Coût"), before="15 000 €",
                                       after="18 000 €"))
    assert plain(h.last_text(501)) == plain(t(
        "fr", "outcome_edited", reference="BP-2026-0001", title="Abri vélo au collège",
        field=Safe("Coût"), before="15 000 €", after="18 000 €"))
    assert await status_of(h, "BP-2026-0001") == ProposalStatus.ADMISSIBLE  # decision kept
    async with h.transaction() as uow:
        last = (await uow.audit.entries("BP-2026-0001"))[-1]
        proposal = await uow.proposals.by_reference("BP-2026-0001")
    assert (last["action"], last["detail"]) == \
        ("edited:cost", {"before": "15000.00", "after": "18000.00"})
    assert proposal is not None and proposal.fields.cost == 18000


async def test_title_commune_and_theme_can_be_corrected(h: Harness) -> None:
    await add_proposals(h, ["Abri velo"])
    paul = h.staff()
    done = (await h.say(paul, "/modifier 1 titre « Abri vélo couvert »"))[0]
    assert "→ <b>Abri vélo couvert</b>" in done.text
    done = (await h.say(paul, "/modifier 1 commune: marciac"))[0]
    assert "→ <b>Marciac (32230" in done.text
    done = (await h.say(paul, "/modifier 1 Thème=numérique"))[0]
    assert done.text.endswith(t("fr", "edit_done", reference="BP-2026-0001", who="Paul",
                                field=Safe("Thème"), before="Écologie et environnement",
                                after="Numérique").split("→")[1])
    async with h.transaction() as uow:
        proposal = await uow.proposals.by_reference("BP-2026-0001")
    assert proposal is not None
    assert (proposal.fields.title, proposal.fields.commune, proposal.fields.theme) == \
        ("Abri vélo couvert", "32233", "numerique")


@pytest.mark.parametrize(("typed", "key", "values"), [
    ("/modifier", "edit_usage", {"example": "BP-2026-0042"}),
    ("/modifier BP-2026-0001 couleur rouge", "edit_usage", {"example": "BP-2026-0042"}),
    ("/modifier BP-2026-0001 cout", "edit_usage", {"example": "BP-2026-0042"}),
    ("/modifier BP-2026-0099 cout 18000", "project_unknown",
     {"text": "BP-2026-0099", "example": "BP-2026-0042"}),
    ("/modifier 1 cout beaucoup", "edit_bad_cost", {"text": "beaucoup"}),
    ("/modifier 1 cout 90000", "edit_cost_out_of_bounds",
     {"cost": "90 000 €", "min": "500 €", "max": "50 000 €"}),
    ("/modifier 1 theme sport", "edit_bad_theme", {"text": "sport", "names": Safe(
        "Solidarité, Écologie et environnement, Numérique, Alimentation durable, "
        "Société et citoyenneté, Économie circulaire, Jeunesse (projets portés par des "
        "jeunes)")}),
    ("/modifier 1 commune Zzyzx", "edit_bad_commune", {"text": "Zzyzx"}),
    ("/modifier 1 titre ab", "edit_bad_title", {"limit": 80, "example": "BP-2026-0042"}),
    ("/modifier 1 cout 15000", "edit_unchanged",
     {"reference": "BP-2026-0001", "field": Safe("Coût"), "value": "15 000 €"}),
])
async def test_a_correction_that_cannot_be_used_says_what_is_expected(
        h: Harness, typed: str, key: str, values: dict[str, object]) -> None:
    await add_proposals(h, ["Abri vélo"])
    (reply,) = await h.say(h.staff(), typed)
    assert plain(reply.text) == plain(t("fr", key, **values))
    async with h.transaction() as uow:
        entries = await uow.audit.entries("BP-2026-0001")
    assert not any(e["action"].startswith("edited") for e in entries)


async def test_only_staff_may_correct(h: Harness) -> None:
    await add_proposals(h, ["Abri vélo"])
    intruder = h.staff(user_id=66, name="Intrus", is_staff=False)
    (reply,) = await h.say(intruder, "/modifier 1 cout 18000")
    assert reply.text == t("fr", "staff_only")
