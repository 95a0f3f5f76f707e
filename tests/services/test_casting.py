"""Casting a ballot: one phone number, one ballot, whichever channel it came through."""

from __future__ import annotations

from flows.domain import verification
from flows.services.casting import AlreadyVoted, BallotInvalid, Cast, CastRequest, cast
from flows.services.scope import Scope
from flows.services.voters import Voter
from tests.services.conftest import AUCH, IN_VOTE, add_projects
from tests.services.fake_uow import FakeUnitOfWork

NUMBER = "+33612345678"
ON_TELEGRAM = Voter("telegram", "501")
BY_SMS = Voter("sms", NUMBER)


def voting(scope: Scope, voter: Voter, choices: list[int], number: str = NUMBER) -> CastRequest:
    return CastRequest(voter, verification.phone_hash(scope.phone_key, number), AUCH,
                       tuple(choices), IN_VOTE)


async def test_a_valid_ballot_is_cast_with_a_receipt(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    ids = await add_projects(fake_uow, 4)
    outcome = await cast(fake_uow, scope, voting(scope, ON_TELEGRAM, ids[:3]))
    assert isinstance(outcome, Cast)
    assert await fake_uow.voting.receipt_exists(outcome.receipt)
    assert await fake_uow.voting.ballots() == [("online", sorted(ids[:3]))]


async def test_the_voter_list_keeps_the_commune_and_canton_but_no_choice(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    ids = await add_projects(fake_uow, 3)
    await cast(fake_uow, scope, voting(scope, ON_TELEGRAM, ids))
    [row] = fake_uow.voting.voters
    canton = scope.communes.canton_of(AUCH)
    assert canton is not None
    assert (row.commune, row.canton) == (AUCH, canton[0])


async def test_a_ballot_by_sms_goes_in_the_box_as_sms(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    ids = await add_projects(fake_uow, 3)
    assert isinstance(await cast(fake_uow, scope, voting(scope, BY_SMS, ids)), Cast)
    assert await fake_uow.voting.ballots() == [("sms", sorted(ids))]


async def test_a_ballot_breaking_the_rules_is_refused_and_nothing_is_written(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    ids = await add_projects(fake_uow, 4)
    outcome = await cast(fake_uow, scope, voting(scope, ON_TELEGRAM, ids))
    assert isinstance(outcome, BallotInvalid)
    assert [v.key for v in outcome.violations] == ["ballot_too_many"]
    assert fake_uow.voting.voters == [] and await fake_uow.voting.ballots() == []


async def test_an_unknown_project_number_is_refused(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    ids = await add_projects(fake_uow, 3)
    outcome = await cast(fake_uow, scope, voting(scope, ON_TELEGRAM, [*ids[:2], 999]))
    assert isinstance(outcome, BallotInvalid)
    assert outcome.violations[0].key == "ballot_unknown"


async def test_vote_twice_with_same_account_is_refused(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    ids = await add_projects(fake_uow, 3)
    await cast(fake_uow, scope, voting(scope, ON_TELEGRAM, ids))
    again = await cast(fake_uow, scope, voting(scope, ON_TELEGRAM, ids, "+33698765432"))
    assert again == AlreadyVoted()
    assert len(await fake_uow.voting.ballots()) == 1


async def test_a_number_that_voted_by_sms_cannot_vote_on_telegram(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    ids = await add_projects(fake_uow, 3)
    await cast(fake_uow, scope, voting(scope, BY_SMS, ids))
    assert await cast(fake_uow, scope, voting(scope, ON_TELEGRAM, ids)) == AlreadyVoted()
    assert await fake_uow.voting.ballots() == [("sms", sorted(ids))]


async def test_a_number_that_voted_on_telegram_cannot_vote_by_sms(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    ids = await add_projects(fake_uow, 3)
    await cast(fake_uow, scope, voting(scope, ON_TELEGRAM, ids))
    assert await cast(fake_uow, scope, voting(scope, BY_SMS, ids)) == AlreadyVoted()
    assert await fake_uow.voting.ballots() == [("online", sorted(ids))]


def test_telegram_voters_keep_the_hash_they_always_had(scope: Scope) -> None:
    assert ON_TELEGRAM.account_hash(scope.phone_key) == \
        verification.account_hash(scope.phone_key, 501)
    assert BY_SMS.account_hash(scope.phone_key) != \
        Voter("telegram", "33612345678").account_hash(scope.phone_key)
