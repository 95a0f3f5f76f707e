"""Whether a voter may begin: before any SMS is spent."""

from __future__ import annotations

from flows.domain import verification
from flows.services.casting import AlreadyVoted
from flows.services.entry import NoBallot, Ready, begin
from flows.services.scope import Scope
from flows.services.voters import Voter
from tests.services.conftest import add_projects
from tests.services.fake_uow import FakeUnitOfWork

ANNE = Voter("telegram", "501")


async def test_a_new_voter_gets_the_ballot(fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    ids = await add_projects(fake_uow, 3)
    outcome = await begin(fake_uow, scope, ANNE)
    assert isinstance(outcome, Ready)
    assert [c.id for c in outcome.ballot.candidates] == ids


async def test_an_account_on_the_voter_list_cannot_begin_again(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    ids = await add_projects(fake_uow, 3)
    phone = verification.phone_hash(scope.phone_key, "+33612345678")
    await fake_uow.voting.cast(phone, ANNE.account_hash(scope.phone_key), "2027-03-24", None,
                               None, ids)
    assert await begin(fake_uow, scope, ANNE) == AlreadyVoted()
    assert isinstance(await begin(fake_uow, scope, Voter("telegram", "502")), Ready)


async def test_too_few_projects_for_a_whole_ballot_stop_the_vote_before_any_sms(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    await add_projects(fake_uow, 2)  # the Gers ballot wants exactly 3
    outcome = await begin(fake_uow, scope, ANNE)
    assert isinstance(outcome, NoBallot)
    assert outcome.problem.key == "too_few"
    assert fake_uow.sms.sms_log == []
