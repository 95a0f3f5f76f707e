"""The campaign's phase: set by staff, or by the calendar; the vote opens only on a ballot
that can be cast, and its opening is announced once, however it came."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from flows.domain.admissibility import Violation
from flows.domain.ballot import fill_problem
from flows.domain.campaign import Campaign, PhaseKind
from flows.domain.model import ProposalStatus
from flows.domain.notices import VOTE_BLOCKED, VOTE_OPENED, Notice
from flows.domain.phase_names import AUTO
from flows.ports import UnitOfWork
from flows.services.actor import Actor
from flows.services.ballot import build_ballot
from flows.services.scope import Scope

PHASE_KEY = "phase_override"
ANNOUNCED_KEY = "announced_phase"
BLOCKED_KEY = "vote_blocked_alert"


async def current_phase(uow: UnitOfWork, campaign: Campaign, at: datetime) -> PhaseKind:
    """The phase staff set by command if any, else the one the calendar gives."""
    forced = await uow.settings.get(PHASE_KEY)
    return PhaseKind(forced) if forced else campaign.phase_at(at)


@dataclass(frozen=True)
class Readiness:
    """Whether a ballot can be cast at all, how many projects it holds, how many wait."""

    problem: Violation | None
    admissible: int
    waiting: int


async def vote_readiness(uow: UnitOfWork, scope: Scope) -> Readiness:
    ballot = await build_ballot(uow, scope)
    waiting = (await uow.proposals.counts_by_status()).get(ProposalStatus.SUBMITTED.value, 0)
    return Readiness(fill_problem(scope.campaign.vote.sections, ballot.candidates),
                     len(ballot.candidates), waiting)


@dataclass(frozen=True)
class PhaseRequest:
    wanted: PhaseKind | Literal["auto"]
    at: datetime


@dataclass(frozen=True)
class PhaseChanged:
    """The phase now; `told`: subscribers told the vote opened (None if it did not open);
    `waiting`: proposals still without a decision when it opened."""

    phase: PhaseKind
    told: int | None = None
    waiting: int = 0


@dataclass(frozen=True)
class Unchanged:
    phase: PhaseKind


@dataclass(frozen=True)
class BallotNotReady:
    """No ballot can be cast: the vote stays closed. `new`: a reason not reported before."""

    problem: Violation
    new: bool = True


PhaseOutcome = PhaseChanged | Unchanged | BallotNotReady


async def change_phase(uow: UnitOfWork, scope: Scope, actor: Actor,
                       request: PhaseRequest) -> PhaseOutcome:
    """A staff command: opening the vote checks the ballot first; a second opening does nothing."""
    before = await current_phase(uow, scope.campaign, request.at)
    if request.wanted == PhaseKind.VOTE:
        if before == PhaseKind.VOTE:
            return Unchanged(before)
        ready = await vote_readiness(uow, scope)
        if ready.problem is not None:
            return BallotNotReady(ready.problem)
    wanted = None if request.wanted == AUTO else request.wanted.value
    await uow.settings.put(PHASE_KEY, wanted)
    await uow.audit.record(request.at, actor.id, actor.name, "phase", "campaign",
                           {"phase": str(request.wanted)})
    phase = await current_phase(uow, scope.campaign, request.at)
    # Back to a calendar whose ballot is not ready: staff get the calendar's alert.
    announced = await _announce(uow, scope, phase, request.at, by_calendar=False)
    return announced if isinstance(announced, PhaseChanged) else PhaseChanged(phase)


async def follow_calendar(uow: UnitOfWork, scope: Scope, at: datetime) -> PhaseOutcome:
    """Called every minute: the first time a phase is seen it is announced (the vote's
    opening to subscribers), unless no ballot can be cast."""
    return await _announce(uow, scope, await current_phase(uow, scope.campaign, at), at,
                           by_calendar=True)


async def _announce(uow: UnitOfWork, scope: Scope, phase: PhaseKind, at: datetime,
                    by_calendar: bool) -> PhaseOutcome:
    if await uow.settings.get(ANNOUNCED_KEY) == phase.value:
        return Unchanged(phase)
    if phase != PhaseKind.VOTE:
        await uow.settings.put(ANNOUNCED_KEY, phase.value)
        return PhaseChanged(phase)
    ready = await vote_readiness(uow, scope)
    if ready.problem is not None:
        # The calendar asks every minute: staff hear of a reason once, until it changes.
        mark = json.dumps([ready.problem.key, ready.problem.values], default=str)
        if await uow.settings.get(BLOCKED_KEY) == mark:
            return BallotNotReady(ready.problem, new=False)
        await uow.settings.put(BLOCKED_KEY, mark)
        await uow.notices.record(Notice(VOTE_BLOCKED, at, {"problem": ready.problem.key,
                                                           "values": ready.problem.values}))
        return BallotNotReady(ready.problem)
    await uow.settings.put(ANNOUNCED_KEY, phase.value)
    # Staff who open the vote by command were warned of the waiting proposals already.
    await uow.notices.record(Notice(VOTE_OPENED, at,
                                    {"waiting": ready.waiting if by_calendar else 0}))
    told = len(await uow.subscribers.of_topic("vote"))
    return PhaseChanged(phase, told=told, waiting=ready.waiting)
