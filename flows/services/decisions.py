"""Staff decide on a proposal, reopen a decision or correct a field: audited, and the
proposer told through a notice recorded in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flows.domain.campaign import Campaign, PhaseKind
from flows.domain.model import Proposal, ProposalFields, ProposalStatus
from flows.domain.notices import (
    PROPOSAL_DECIDED,
    PROPOSAL_EDITED,
    PROPOSAL_REOPENED,
    Notice,
)
from flows.ports import UnitOfWork
from flows.services.actor import Actor
from flows.services.phases import current_phase
from flows.services.publication import PUBLISHED_KEY
from flows.services.scope import Scope

# A refusal or a request for changes says why, in a few words at least.
MIN_NOTE = 3
NOTE_LIMIT = 500
DECISIONS = frozenset({ProposalStatus.ADMISSIBLE, ProposalStatus.INADMISSIBLE,
                       ProposalStatus.CHANGES_REQUESTED, ProposalStatus.DUPLICATE})


@dataclass(frozen=True)
class DecisionRequest:
    proposal_id: int
    status: ProposalStatus
    at: datetime
    note: str | None = None
    duplicate_of: str | None = None  # the original's reference as typed ("12", "bp-2026-12")


@dataclass(frozen=True)
class Decided:
    proposal: Proposal


@dataclass(frozen=True)
class AlreadyDecided:
    """Someone decided first (or the proposer withdrew it): nothing changed."""

    proposal: Proposal


@dataclass(frozen=True)
class NotFound:
    pass


@dataclass(frozen=True)
class NeedsReason:
    """A refusal or a request for changes without a usable note."""


@dataclass(frozen=True)
class UnknownOriginal:
    """'Duplicate of' names no other proposal."""

    typed: str


DecisionOutcome = Decided | AlreadyDecided | NotFound | NeedsReason | UnknownOriginal


def reference_of(campaign: Campaign, typed: str) -> str:
    """'12', '0012' or 'bp-2026-12' all name BP-2026-0012."""
    token = typed.strip().split()[0].upper() if typed.strip() else ""
    tail = token.rsplit("-", 1)[-1]
    if tail.isdecimal():
        return f"{campaign.reference_prefix}-{campaign.reference_year()}-{int(tail):04d}"
    return token


def clean_note(note: str | None) -> str:
    return " ".join((note or "").split())[:NOTE_LIMIT]


async def decide(uow: UnitOfWork, scope: Scope, actor: Actor,
                 request: DecisionRequest) -> DecisionOutcome:
    """Record a decision on a proposal still waiting for one; a second decision changes nothing."""
    if request.status not in DECISIONS:
        raise ValueError(f"not a decision: {request.status}")
    proposal = await uow.proposals.get(request.proposal_id)
    if proposal is None:
        return NotFound()
    if proposal.status != ProposalStatus.SUBMITTED:
        return AlreadyDecided(proposal)
    note = clean_note(request.note) or None
    if request.status in (ProposalStatus.INADMISSIBLE, ProposalStatus.CHANGES_REQUESTED) \
            and len(note or "") < MIN_NOTE:
        return NeedsReason()
    original: str | None = None
    if request.status == ProposalStatus.DUPLICATE:
        typed = clean_note(request.duplicate_of)
        found = await uow.proposals.by_reference(reference_of(scope.campaign, typed))
        if found is None or found.id == proposal.id:
            return UnknownOriginal(typed)
        original, note = found.reference, None
    if not await uow.proposals.change_status(proposal.id, ProposalStatus.SUBMITTED,
                                             request.status, note, original, actor.label,
                                             request.at):
        again = await uow.proposals.get(proposal.id)
        return AlreadyDecided(again or proposal)
    await uow.audit.record(request.at, actor.id, actor.label, f"decision:{request.status.value}",
                           proposal.reference, {"note": note, "duplicate_of": original})
    await _tell_proposer(uow, PROPOSAL_DECIDED, proposal, request.at)
    decided = await uow.proposals.get(proposal.id)
    assert decided is not None
    return Decided(decided)


async def _tell_proposer(uow: UnitOfWork, kind: str, proposal: Proposal, at: datetime,
                         **extra: Any) -> None:
    await uow.notices.record(Notice(kind, at, {"proposal_id": proposal.id, **extra}))


async def locked(uow: UnitOfWork, scope: Scope, at: datetime) -> bool:
    """Once the vote opens the ballot is fixed: no decision or field changes any more."""
    return await current_phase(uow, scope.campaign, at) in (PhaseKind.VOTE, PhaseKind.RESULTS) \
        or await uow.settings.get(PUBLISHED_KEY) is not None


@dataclass(frozen=True)
class Reopened:
    before: Proposal  # as it was decided, for the staff's "was: refused — too costly"


@dataclass(frozen=True)
class NotDecided:
    """Already waiting for a decision: nothing to reopen."""

    proposal: Proposal


@dataclass(frozen=True)
class Locked:
    proposal: Proposal


ReopenOutcome = Reopened | NotDecided | Locked | NotFound


async def reopen(uow: UnitOfWork, scope: Scope, actor: Actor, proposal_id: int,
                 at: datetime) -> ReopenOutcome:
    """Back to 'waiting for a decision'; a double tap does nothing."""
    proposal = await uow.proposals.get(proposal_id)
    if proposal is None:
        return NotFound()
    if proposal.status == ProposalStatus.SUBMITTED:
        return NotDecided(proposal)
    if await locked(uow, scope, at):
        return Locked(proposal)
    if not await uow.proposals.change_status(proposal.id, proposal.status,
                                             ProposalStatus.SUBMITTED, None, None, None, at):
        return NotDecided(proposal)
    await uow.audit.record(at, actor.id, actor.label, "reopened", proposal.reference,
                           {"previous": proposal.status.value, "note": proposal.decision_note,
                            "duplicate_of": proposal.duplicate_of,
                            "decided_by": proposal.decided_by})
    await _tell_proposer(uow, PROPOSAL_REOPENED, proposal, at)
    return Reopened(proposal)


@dataclass(frozen=True)
class Correction:
    """A proposal's fields with one of them (`field`) changed by staff."""

    reference: str
    field: str
    fields: ProposalFields
    at: datetime


@dataclass(frozen=True)
class Corrected:
    before: Proposal
    fields: ProposalFields


@dataclass(frozen=True)
class Unchanged:
    proposal: Proposal


CorrectionOutcome = Corrected | Unchanged | Locked | NotFound


async def find(uow: UnitOfWork, scope: Scope, typed: str) -> Proposal | None:
    """The proposal a staff member names, in any of the forms `reference_of` reads."""
    return await uow.proposals.by_reference(reference_of(scope.campaign, typed))


async def correct(uow: UnitOfWork, scope: Scope, actor: Actor,
                  request: Correction) -> CorrectionOutcome:
    """Replace one field once the technical study refined it; the proposer is told."""
    proposal = await find(uow, scope, request.reference)
    if proposal is None:
        return NotFound()
    if await locked(uow, scope, request.at):
        return Locked(proposal)
    before, after = (getattr(f, request.field) for f in (proposal.fields, request.fields))
    if before == after:
        return Unchanged(proposal)
    await uow.proposals.correct_fields(proposal.id, request.fields, request.at)
    await uow.audit.record(request.at, actor.id, actor.label, f"edited:{request.field}",
                           proposal.reference, {"before": before, "after": after})
    await _tell_proposer(uow, PROPOSAL_EDITED, proposal, request.at, field=request.field,
                         before=_plain(before), after=_plain(after))
    return Corrected(proposal, request.fields)


def _plain(value: object) -> str | None:
    return None if value is None else str(value)
