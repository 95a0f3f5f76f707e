"""Paper ballots and ballot-box totals entered by staff, and withdrawing one entered by
mistake. The box is open during the vote and after it, until the results are published."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flows.domain.admissibility import Violation
from flows.domain.ballot import check_ballot
from flows.domain.campaign import BallotSection, PhaseKind
from flows.domain.turnout import BLANK, PAPER, VOID
from flows.ports import UnitOfWork
from flows.services.actor import Actor
from flows.services.ballot import Ballot, build_ballot
from flows.services.phases import current_phase
from flows.services.publication import published_at
from flows.services.scope import Scope

KINDS = (PAPER, BLANK, VOID)


@dataclass(frozen=True)
class PaperBallot:
    """One paper ballot: its kind (PAPER, BLANK or VOID), the numbers ticked, and the voter's
    commune as typed, which a ballot with a territory section may need."""

    kind: str
    choices: tuple[int, ...]
    at: datetime
    commune: str | None = None


@dataclass(frozen=True)
class PaperSaved:
    ballot_id: str
    kind: str
    choices: tuple[int, ...]


@dataclass(frozen=True)
class WrongPhase:
    phase: PhaseKind


@dataclass(frozen=True)
class PaperInvalid:
    violations: tuple[Violation, ...]


@dataclass(frozen=True)
class NeedsCommune:
    """The projects ticked name several territories: which one is the voter's cannot be told."""

    territories: tuple[str, ...]  # their names


@dataclass(frozen=True)
class UnknownCommune:
    typed: str


PaperOutcome = PaperSaved | WrongPhase | PaperInvalid | NeedsCommune | UnknownCommune


async def enter_paper_ballot(uow: UnitOfWork, scope: Scope, actor: Actor,
                             request: PaperBallot) -> PaperOutcome:
    """Check a paper ballot against the same rules as an online one and put it in the box."""
    phase = await current_phase(uow, scope.campaign, request.at)
    if phase != PhaseKind.VOTE:  # the box is closed before and after the vote
        return WrongPhase(phase)
    if request.kind not in KINDS:
        raise ValueError(f"not a paper ballot kind: {request.kind}")
    if request.kind == PAPER:
        ballot = await build_ballot(uow, scope)
        problem = await _check(scope, ballot, request)
        if problem is not None:
            return problem
    ballot_id = "P" + secrets.token_hex(4).upper()
    choices = tuple(sorted(request.choices)) if request.kind == PAPER else ()
    await uow.voting.add_ballot(request.at.date().isoformat(), request.kind, choices, ballot_id)
    await uow.audit.record(request.at, actor.id, actor.name, "paper_ballot", "ballot_box",
                           {"id": ballot_id, "kind": request.kind, "choices": list(choices)})
    return PaperSaved(ballot_id, request.kind, choices)


async def _check(scope: Scope, ballot: Ballot,
                 request: PaperBallot) -> PaperInvalid | NeedsCommune | UnknownCommune | None:
    sections = scope.campaign.vote.sections
    needs_territory = len(sections) > 1 and any(s.scope == "territory" for s in sections)
    territory: str | None = None
    if needs_territory and request.commune:
        found = _territory_of_commune(scope, ballot, request.commune)
        if found is None:
            return UnknownCommune(request.commune)
        territory = found
    elif needs_territory:
        inferred = _inferred_territory(sections, ballot, request.choices)
        if isinstance(inferred, NeedsCommune):
            return inferred
        territory = inferred
    problems = check_ballot(sections, ballot.candidates, request.choices, territory)
    return PaperInvalid(tuple(problems)) if problems else None


def _territory_of_commune(scope: Scope, ballot: Ballot, typed: str) -> str | None:
    found = scope.communes.search(typed, scope.campaign.department)
    match = found.match or (found.suggestions[0] if len(found.suggestions) == 1 else None)
    territory = ballot.territory_of(match.insee) if match else None
    return territory[0] if territory else None


def _inferred_territory(sections: Sequence[BallotSection], ballot: Ballot,
                        choices: Sequence[int]) -> str | NeedsCommune | None:
    """The voter's territory read from the ballot itself: the one territory its projects
    name, else the only one under which the ballot is valid (if none is, the one breaking the
    fewest rules, so that staff see what is wrong rather than a question)."""
    chosen = [c for n in choices if (c := ballot.candidate(n)) is not None]
    named = {c.territory: c.territory_name or c.territory for c in chosen if c.territory}
    if len(named) <= 1:
        return next(iter(named), None)
    problems = {t: check_ballot(sections, ballot.candidates, choices, t) for t in sorted(named)}
    valid = [t for t, found in problems.items() if not found]
    if len(valid) == 1:
        return valid[0]
    if not valid:
        return min(problems, key=lambda t: len(problems[t]))
    return NeedsCommune(tuple(sorted(named[t] for t in valid)))


# --- box totals -------------------------------------------------------------------------


async def box_open(uow: UnitOfWork, scope: Scope, at: datetime) -> PhaseKind | None:
    """None while boxes may be counted (during the vote or once it closes, never after the
    results are out); else the phase, to say why not."""
    phase = await current_phase(uow, scope.campaign, at)
    if phase in (PhaseKind.VOTE, PhaseKind.RESULTS) and await published_at(uow) is None:
        return None
    return phase


async def stored_name(uow: UnitOfWork, name: str) -> str:
    """The name a box was first entered under, whatever the case typed now."""
    return next((b for b in await uow.voting.box_names() if b.lower() == name.lower()), name)


@dataclass(frozen=True)
class BoxEntry:
    """The whole count of one box: votes per ballot number, replacing any count before."""

    box: str
    totals: dict[int, int]
    at: datetime


@dataclass(frozen=True)
class BoxSaved:
    box: str
    totals: dict[int, int]
    before: dict[int, int]


@dataclass(frozen=True)
class BoxClosed:
    phase: PhaseKind


@dataclass(frozen=True)
class NotOnBallot:
    numbers: tuple[int, ...]


BoxOutcome = BoxSaved | BoxClosed | NotOnBallot


async def enter_box(uow: UnitOfWork, scope: Scope, actor: Actor,
                    entry: BoxEntry) -> BoxOutcome:
    if (phase := await box_open(uow, scope, entry.at)) is not None:
        return BoxClosed(phase)
    ballot = await build_ballot(uow, scope)
    unknown = tuple(sorted(n for n in entry.totals if ballot.candidate(n) is None))
    if unknown:
        return NotOnBallot(unknown)
    name = await stored_name(uow, entry.box)
    before = await uow.voting.replace_box(name, entry.totals, actor.name,
                                          entry.at.date().isoformat())
    await uow.audit.record(entry.at, actor.id, actor.name, "paper_box", name,
                           {"totals": entry.totals, "before": before})
    return BoxSaved(name, entry.totals, before)


# --- withdrawing ------------------------------------------------------------------------


@dataclass(frozen=True)
class PaperWithdrawn:
    ballot_id: str
    kind: str
    choices: tuple[int, ...]


@dataclass(frozen=True)
class BoxWithdrawn:
    box: str
    before: dict[int, int]


@dataclass(frozen=True)
class NothingToWithdraw:
    """No such paper ballot or box (perhaps withdrawn already)."""

    what: str


async def withdraw_paper_ballot(uow: UnitOfWork, scope: Scope, actor: Actor, ballot_id: str,
                                at: datetime) -> PaperWithdrawn | NothingToWithdraw | BoxClosed:
    if (phase := await box_open(uow, scope, at)) is not None:
        return BoxClosed(phase)
    ballot_id = ballot_id.strip().upper()
    found = await uow.voting.withdraw_paper_ballot(ballot_id)
    if found is None:
        return NothingToWithdraw(ballot_id)
    kind, choices = found
    await uow.audit.record(at, actor.id, actor.name, "paper_ballot_withdrawn", "ballot_box",
                           {"id": ballot_id, "kind": kind, "choices": choices})
    return PaperWithdrawn(ballot_id, kind, tuple(choices))


async def withdraw_box(uow: UnitOfWork, scope: Scope, actor: Actor, box: str,
                       at: datetime) -> BoxWithdrawn | NothingToWithdraw | BoxClosed:
    if (phase := await box_open(uow, scope, at)) is not None:
        return BoxClosed(phase)
    name = await stored_name(uow, box)
    before = await uow.voting.replace_box(name, {}, actor.name, at.date().isoformat())
    if not before:
        return NothingToWithdraw(name)
    await uow.audit.record(at, actor.id, actor.name, "paper_box_withdrawn", name,
                           {"before": before})
    return BoxWithdrawn(name, before)
