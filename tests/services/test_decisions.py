"""Deciding on a proposal, reopening a decision, correcting a field: each outcome, audited,
and the proposer's notice recorded with the change."""

from __future__ import annotations

from decimal import Decimal

import pytest

from flows.domain.model import Proposal, ProposalStatus
from flows.domain.notices import PROPOSAL_DECIDED, PROPOSAL_EDITED, PROPOSAL_REOPENED
from flows.services.actor import Actor
from flows.services.decisions import (
    AlreadyDecided,
    Corrected,
    Correction,
    Decided,
    DecisionRequest,
    Locked,
    NeedsReason,
    NotDecided,
    NotFound,
    Reopened,
    Unchanged,
    UnknownOriginal,
    correct,
    decide,
    reopen,
)
from flows.services.phases import PHASE_KEY
from flows.services.scope import Scope
from tests.services.conftest import IN_VOTE, add_project
from tests.services.fake_uow import FakeUnitOfWork

PAUL = Actor(901, "Paul")
ANNE = Actor(902, "Anne")


def asking(proposal_id: int, status: ProposalStatus, note: str | None = None,
           duplicate_of: str | None = None) -> DecisionRequest:
    return DecisionRequest(proposal_id, status, IN_VOTE, note, duplicate_of)


async def waiting(uow: FakeUnitOfWork) -> int:
    return (await add_project(uow, status=ProposalStatus.SUBMITTED)).id


async def stored(uow: FakeUnitOfWork, proposal_id: int) -> Proposal:
    found = await uow.proposals.get(proposal_id)
    assert found is not None
    return found


async def test_an_admissible_decision_is_recorded_audited_and_told_to_the_proposer(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    pid = await waiting(fake_uow)
    outcome = await decide(fake_uow, scope, PAUL, asking(pid, ProposalStatus.ADMISSIBLE))
    assert isinstance(outcome, Decided)
    assert (outcome.proposal.status, outcome.proposal.decided_by) == \
        (ProposalStatus.ADMISSIBLE, "Paul")
    [entry] = fake_uow.audit.entries
    assert (entry["action"], entry["actor_id"]) == ("decision:admissible", 901)
    assert [(n.kind, n.data) for n in fake_uow.notices.rows] == \
        [(PROPOSAL_DECIDED, {"proposal_id": pid})]


async def test_a_second_decision_changes_nothing(fake_uow: FakeUnitOfWork,
                                                 scope: Scope) -> None:
    pid = await waiting(fake_uow)
    await decide(fake_uow, scope, PAUL, asking(pid, ProposalStatus.ADMISSIBLE))
    outcome = await decide(fake_uow, scope, ANNE,
                           asking(pid, ProposalStatus.INADMISSIBLE, "Hors compétence"))
    assert isinstance(outcome, AlreadyDecided)
    assert (outcome.proposal.status, outcome.proposal.decided_by) == \
        (ProposalStatus.ADMISSIBLE, "Paul")
    assert len(fake_uow.audit.entries) == len(fake_uow.notices.rows) == 1


async def test_a_withdrawn_proposal_cannot_be_decided(fake_uow: FakeUnitOfWork,
                                                      scope: Scope) -> None:
    pid = await waiting(fake_uow)
    assert await fake_uow.proposals.withdraw(pid, 7000, IN_VOTE)
    outcome = await decide(fake_uow, scope, PAUL, asking(pid, ProposalStatus.ADMISSIBLE))
    assert isinstance(outcome, AlreadyDecided)
    assert outcome.proposal.status == ProposalStatus.WITHDRAWN


async def test_deciding_on_an_unknown_proposal_finds_nothing(fake_uow: FakeUnitOfWork,
                                                             scope: Scope) -> None:
    outcome = await decide(fake_uow, scope, PAUL, asking(404, ProposalStatus.ADMISSIBLE))
    assert isinstance(outcome, NotFound)
    assert fake_uow.notices.rows == []


@pytest.mark.parametrize("status", [ProposalStatus.INADMISSIBLE,
                                    ProposalStatus.CHANGES_REQUESTED])
@pytest.mark.parametrize("note", [None, "", "  ok "])
async def test_a_refusal_or_a_request_for_changes_needs_a_reason(
        fake_uow: FakeUnitOfWork, scope: Scope, status: ProposalStatus,
        note: str | None) -> None:
    pid = await waiting(fake_uow)
    outcome = await decide(fake_uow, scope, PAUL, asking(pid, status, note))
    assert isinstance(outcome, NeedsReason)
    assert (await stored(fake_uow, pid)).status == ProposalStatus.SUBMITTED
    assert fake_uow.audit.entries == [] and fake_uow.notices.rows == []


async def test_a_refusal_keeps_its_reason_with_spaces_tidied(fake_uow: FakeUnitOfWork,
                                                             scope: Scope) -> None:
    pid = await waiting(fake_uow)
    outcome = await decide(fake_uow, scope, PAUL, asking(
        pid, ProposalStatus.INADMISSIBLE, "  Hors   compétence\ndu Département "))
    assert isinstance(outcome, Decided)
    assert outcome.proposal.decision_note == "Hors compétence du Département"


async def test_a_duplicate_names_its_original_in_any_typed_form(fake_uow: FakeUnitOfWork,
                                                                 scope: Scope) -> None:
    original = await add_project(fake_uow)
    pid = await waiting(fake_uow)
    typed = f"bp-{scope.campaign.reference_year()}-{original.id}"
    outcome = await decide(fake_uow, scope, PAUL,
                           asking(pid, ProposalStatus.DUPLICATE, duplicate_of=typed))
    assert isinstance(outcome, Decided)
    assert outcome.proposal.duplicate_of == original.reference


@pytest.mark.parametrize("typed", ["9999", "n'importe quoi", ""])
async def test_a_duplicate_of_an_unknown_proposal_is_refused(
        fake_uow: FakeUnitOfWork, scope: Scope, typed: str) -> None:
    pid = await waiting(fake_uow)
    outcome = await decide(fake_uow, scope, PAUL,
                           asking(pid, ProposalStatus.DUPLICATE, duplicate_of=typed))
    assert isinstance(outcome, UnknownOriginal)
    assert fake_uow.notices.rows == []


async def test_a_proposal_is_no_duplicate_of_itself(fake_uow: FakeUnitOfWork,
                                                    scope: Scope) -> None:
    pid = await waiting(fake_uow)
    outcome = await decide(fake_uow, scope, PAUL,
                           asking(pid, ProposalStatus.DUPLICATE, duplicate_of=str(pid)))
    assert isinstance(outcome, UnknownOriginal)


async def test_reopening_puts_a_decision_back_in_the_queue_once(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    pid = await waiting(fake_uow)
    await decide(fake_uow, scope, PAUL, asking(pid, ProposalStatus.INADMISSIBLE, "Trop cher"))
    at = scope.campaign.phases[0].start
    first = await reopen(fake_uow, scope, ANNE, pid, at)
    assert isinstance(first, Reopened) and first.before.decision_note == "Trop cher"
    assert (await stored(fake_uow, pid)).status == ProposalStatus.SUBMITTED
    assert isinstance(await reopen(fake_uow, scope, ANNE, pid, at), NotDecided)
    assert [n.kind for n in fake_uow.notices.rows] == [PROPOSAL_DECIDED, PROPOSAL_REOPENED]
    assert fake_uow.audit.entries[-1]["detail"]["previous"] == "inadmissible"


async def test_once_the_vote_is_open_decisions_are_locked(fake_uow: FakeUnitOfWork,
                                                          scope: Scope) -> None:
    decided = await add_project(fake_uow)
    await fake_uow.settings.put(PHASE_KEY, "vote")
    assert isinstance(await reopen(fake_uow, scope, PAUL, decided.id, IN_VOTE), Locked)
    fields = decided.fields.model_copy(update={"cost": Decimal("18000")})
    edit = Correction(decided.reference, "cost", fields, IN_VOTE)
    assert isinstance(await correct(fake_uow, scope, PAUL, edit), Locked)
    assert (await stored(fake_uow, decided.id)).fields.cost == Decimal("15000")


async def test_a_corrected_field_is_saved_audited_and_told_with_before_and_after(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    proposal = await waiting(fake_uow)
    found = await stored(fake_uow, proposal)
    fields = found.fields.model_copy(update={"cost": Decimal("18000")})
    at = scope.campaign.phases[0].start
    outcome = await correct(fake_uow, scope, PAUL,
                            Correction(found.reference.lower(), "cost", fields, at))
    assert isinstance(outcome, Corrected)
    assert (await stored(fake_uow, proposal)).fields.cost == Decimal("18000")
    [notice] = fake_uow.notices.rows
    assert (notice.kind, notice.data) == (PROPOSAL_EDITED, {
        "proposal_id": proposal, "field": "cost", "before": "15000", "after": "18000"})
    assert fake_uow.audit.entries[-1]["action"] == "edited:cost"


async def test_a_correction_to_the_same_value_changes_nothing(fake_uow: FakeUnitOfWork,
                                                              scope: Scope) -> None:
    proposal = await add_project(fake_uow, status=ProposalStatus.SUBMITTED)
    at = scope.campaign.phases[0].start
    outcome = await correct(fake_uow, scope, PAUL,
                            Correction(proposal.reference, "cost", proposal.fields, at))
    assert isinstance(outcome, Unchanged)
    assert fake_uow.audit.entries == [] and fake_uow.notices.rows == []


async def test_correcting_an_unknown_reference_finds_nothing(fake_uow: FakeUnitOfWork,
                                                             scope: Scope) -> None:
    proposal = await add_project(fake_uow)
    outcome = await correct(fake_uow, scope, PAUL,
                            Correction("0099", "cost", proposal.fields, IN_VOTE))
    assert isinstance(outcome, NotFound)


async def test_reopening_an_unknown_proposal_finds_nothing(fake_uow: FakeUnitOfWork,
                                                           scope: Scope) -> None:
    assert isinstance(await reopen(fake_uow, scope, PAUL, 404, IN_VOTE), NotFound)
