"""Whether a voter may begin: not on the voter list yet, and a ballot that can be filled."""

from __future__ import annotations

from dataclasses import dataclass

from flows.domain.admissibility import Violation
from flows.ports import UnitOfWork
from flows.services.ballot import Ballot, build_ballot
from flows.services.casting import AlreadyVoted
from flows.services.scope import Scope
from flows.services.voters import Voter


@dataclass(frozen=True)
class Ready:
    ballot: Ballot


@dataclass(frozen=True)
class NoBallot:
    """No valid ballot can be cast yet (too few projects, the cheapest over a limit): no SMS
    is spent on a vote that cannot end."""

    problem: Violation


EntryOutcome = Ready | AlreadyVoted | NoBallot


async def begin(uow: UnitOfWork, scope: Scope, voter: Voter) -> EntryOutcome:
    """Before any SMS: is this account on the voter list, can the ballot be filled?"""
    if await uow.voting.has_voted(account_hash=voter.account_hash(scope.phone_key)):
        return AlreadyVoted()
    ballot = await build_ballot(uow, scope)
    problem = ballot.cannot_be_filled()
    return NoBallot(problem) if problem is not None else Ready(ballot)
