"""Casting a ballot: the rules checked, then voter list and ballot box in one atomic step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flows.domain.admissibility import Violation
from flows.ports import UnitOfWork
from flows.services.ballot import build_ballot
from flows.services.scope import Scope
from flows.services.voters import Voter


@dataclass(frozen=True)
class CastRequest:
    """A verified voter's choices: `phone_hash` from a checked code, `residence` an INSEE
    code when the campaign asked for one."""

    voter: Voter
    phone_hash: str
    residence: str | None
    choices: tuple[int, ...]
    at: datetime


@dataclass(frozen=True)
class Cast:
    receipt: str


@dataclass(frozen=True)
class AlreadyVoted:
    """This phone number or this account is already on the voter list (any channel)."""


@dataclass(frozen=True)
class BallotInvalid:
    violations: tuple[Violation, ...]


CastOutcome = Cast | AlreadyVoted | BallotInvalid


async def cast(uow: UnitOfWork, scope: Scope, request: CastRequest) -> CastOutcome:
    """One person, one ballot: the storage's unique voter list decides, atomically."""
    ballot = await build_ballot(uow, scope)
    code = ballot.voter_territory(request.residence)
    problems = ballot.problems(request.choices, request.residence)
    if problems:
        return BallotInvalid(tuple(problems))
    receipt = await uow.voting.cast(
        request.phone_hash, request.voter.account_hash(scope.phone_key),
        request.at.date().isoformat(), request.residence, code, request.choices,
        request.voter.ballot_channel)
    return AlreadyVoted() if receipt is None else Cast(receipt)
