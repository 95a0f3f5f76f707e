"""Changing the phase by command and following the calendar: the vote opens only on a ballot
that can be cast, and its opening is told once."""

from __future__ import annotations

from flows.domain.campaign import PhaseKind
from flows.domain.model import ProposalStatus
from flows.domain.notices import VOTE_BLOCKED, VOTE_OPENED
from flows.services.actor import Actor
from flows.services.phases import (
    BallotNotReady,
    PhaseChanged,
    PhaseRequest,
    Unchanged,
    change_phase,
    current_phase,
    follow_calendar,
)
from flows.services.scope import Scope
from tests.services.conftest import IN_VOTE, add_project, add_projects
from tests.services.fake_uow import FakeUnitOfWork

PAUL = Actor(901, "Paul")


def in_proposals(scope: Scope) -> PhaseRequest:
    return PhaseRequest(PhaseKind.VOTE, scope.campaign.phases[0].start)


async def subscribe(uow: FakeUnitOfWork, *users: int) -> None:
    for user in users:
        await uow.subscribers.add(user, user, "fr", "vote")


async def test_the_vote_does_not_open_on_a_ballot_that_cannot_be_filled(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    await add_projects(fake_uow, 2)  # the Gers ballot asks for exactly 3
    outcome = await change_phase(fake_uow, scope, PAUL, in_proposals(scope))
    assert isinstance(outcome, BallotNotReady)
    assert (outcome.problem.key, outcome.problem.values) == ("too_few", {"count": 2, "needed": 3})
    assert await current_phase(fake_uow, scope.campaign, in_proposals(scope).at) == \
        PhaseKind.PROPOSALS
    assert fake_uow.notices.rows == [] and fake_uow.audit.entries == []


async def test_opening_the_vote_is_audited_and_tells_subscribers_once(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    await add_projects(fake_uow, 3)
    await subscribe(fake_uow, 501, 502)
    outcome = await change_phase(fake_uow, scope, PAUL, in_proposals(scope))
    assert outcome == PhaseChanged(PhaseKind.VOTE, told=2, waiting=0)
    assert [(n.kind, n.data) for n in fake_uow.notices.rows] == [(VOTE_OPENED, {"waiting": 0})]
    assert fake_uow.audit.entries[-1]["detail"] == {"phase": "vote"}
    again = await change_phase(fake_uow, scope, PAUL, in_proposals(scope))
    assert again == Unchanged(PhaseKind.VOTE)
    assert len(fake_uow.notices.rows) == 1


async def test_other_phases_are_set_without_a_ballot_check(fake_uow: FakeUnitOfWork,
                                                           scope: Scope) -> None:
    at = scope.campaign.phases[0].start
    outcome = await change_phase(fake_uow, scope, PAUL, PhaseRequest(PhaseKind.RESULTS, at))
    assert outcome == PhaseChanged(PhaseKind.RESULTS)
    assert await current_phase(fake_uow, scope.campaign, at) == PhaseKind.RESULTS
    back = await change_phase(fake_uow, scope, PAUL, PhaseRequest("auto", at))
    assert back == PhaseChanged(PhaseKind.PROPOSALS)
    assert fake_uow.notices.rows == []


async def test_the_calendar_opens_the_vote_once_and_counts_the_proposals_left_waiting(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    await add_projects(fake_uow, 3)
    await add_project(fake_uow, status=ProposalStatus.SUBMITTED)
    await subscribe(fake_uow, 501)
    assert await follow_calendar(fake_uow, scope, IN_VOTE) == \
        PhaseChanged(PhaseKind.VOTE, told=1, waiting=1)
    assert await follow_calendar(fake_uow, scope, IN_VOTE) == Unchanged(PhaseKind.VOTE)
    assert [(n.kind, n.data) for n in fake_uow.notices.rows] == [(VOTE_OPENED, {"waiting": 1})]


async def test_the_calendar_warns_staff_once_per_reason_while_no_ballot_can_be_cast(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    await add_projects(fake_uow, 1)
    first = await follow_calendar(fake_uow, scope, IN_VOTE)
    assert isinstance(first, BallotNotReady) and first.new
    second = await follow_calendar(fake_uow, scope, IN_VOTE)
    assert isinstance(second, BallotNotReady) and not second.new
    await add_projects(fake_uow, 1)  # another reason: 2 projects where 3 are needed
    third = await follow_calendar(fake_uow, scope, IN_VOTE)
    assert isinstance(third, BallotNotReady) and third.new
    assert [(n.kind, n.data["values"]["count"]) for n in fake_uow.notices.rows] == \
        [(VOTE_BLOCKED, 1), (VOTE_BLOCKED, 2)]
    await add_projects(fake_uow, 1)
    assert isinstance(await follow_calendar(fake_uow, scope, IN_VOTE), PhaseChanged)
    assert fake_uow.notices.rows[-1].kind == VOTE_OPENED


async def test_a_phase_other_than_the_vote_is_seen_once(fake_uow: FakeUnitOfWork,
                                                        scope: Scope) -> None:
    at = scope.campaign.phases[0].start
    assert await follow_calendar(fake_uow, scope, at) == PhaseChanged(PhaseKind.PROPOSALS)
    assert await follow_calendar(fake_uow, scope, at) == Unchanged(PhaseKind.PROPOSALS)
    assert fake_uow.notices.rows == []
