"""Requesting and checking SMS codes, each outcome against the fake ports."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from flows.domain.records import CONTACT, TYPED
from flows.services.codes import (
    CodeCheck,
    CodeExpired,
    CodeIssued,
    CodeLocked,
    CodeRefused,
    CodeRequest,
    NumberAlreadyVoted,
    Verified,
    WrongCode,
    check_code,
    request_code,
)
from flows.services.scope import Scope
from flows.services.voters import Voter
from tests.services.conftest import IN_VOTE
from tests.services.fake_uow import FakeUnitOfWork

ANNE = Voter("telegram", "501")
NUMBER = "+33612345678"


def asking(voter: Voter = ANNE, e164: str = NUMBER, via: str = TYPED,
           minutes: float = 0) -> CodeRequest:
    return CodeRequest(voter, e164, via, 501, "fr", IN_VOTE + timedelta(minutes=minutes))


async def issued(uow: FakeUnitOfWork, scope: Scope, voter: Voter = ANNE,
                 e164: str = NUMBER) -> CodeIssued:
    outcome = await request_code(uow, scope, asking(voter, e164))
    assert isinstance(outcome, CodeIssued)
    return outcome


def typing(code: str, voter: Voter = ANNE, minutes: float = 1) -> CodeCheck:
    return CodeCheck(voter, code, IN_VOTE + timedelta(minutes=minutes))


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def test_a_code_is_issued_for_the_number_masked(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    outcome = await issued(fake_uow, scope)
    assert len(outcome.code) == 6 and outcome.code.isdigit()
    assert outcome.ttl_minutes == scope.campaign.vote.sms.code_ttl_minutes
    assert NUMBER not in outcome.masked and outcome.masked.endswith(NUMBER[-2:])
    assert [r.status for r in fake_uow.sms.sms_log] == ["sending"]


async def test_a_second_code_within_the_cooldown_is_refused_with_the_wait(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    await issued(fake_uow, scope)
    outcome = await request_code(fake_uow, scope, asking(minutes=0.5))
    assert outcome == CodeRefused("sms_cooldown", 30)


async def test_the_typed_pool_refuses_and_alerts_staff_once_a_day(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    limits = scope.campaign.vote.sms.model_copy(
        update={"typed_daily_cap": 1, "typed_hourly_cap": 1})
    small = replace(scope, campaign=scope.campaign.model_copy(update={
        "vote": scope.campaign.vote.model_copy(update={"sms": limits})}))
    await issued(fake_uow, small)
    first = await request_code(fake_uow, small, asking(Voter("telegram", "502"), "+33698765432"))
    second = await request_code(fake_uow, small, asking(Voter("telegram", "503"), "+33611223344"))
    assert isinstance(first, CodeRefused) and first.reason == "sms_typed_day_cap"
    assert first.alert is not None and first.alert.figures.typed == 1
    assert isinstance(second, CodeRefused) and second.reason == "sms_typed_day_cap"
    assert second.alert is None
    # A shared contact still gets its code from what is left of the daily cap.
    contact = await request_code(fake_uow, small, asking(Voter("telegram", "504"),
                                                         "+33655667788", CONTACT))
    assert isinstance(contact, CodeIssued)


async def test_the_right_code_verifies_the_number_once(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    code = (await issued(fake_uow, scope)).code
    first = await check_code(fake_uow, scope, typing(code))
    assert isinstance(first, Verified)
    assert await check_code(fake_uow, scope, typing(code)) == CodeExpired()


async def test_a_wrong_code_says_how_many_tries_are_left(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    code = (await issued(fake_uow, scope)).code
    tries = scope.campaign.vote.sms.max_attempts
    assert await check_code(fake_uow, scope, typing(wrong(code))) == WrongCode(tries - 1)
    assert await check_code(fake_uow, scope, typing(wrong(code))) == WrongCode(tries - 2)


async def test_the_last_wrong_try_locks_the_code_even_for_the_right_one(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    code = (await issued(fake_uow, scope)).code
    outcomes = [await check_code(fake_uow, scope, typing(wrong(code)))
                for _ in range(scope.campaign.vote.sms.max_attempts)]
    assert outcomes[-1] == CodeLocked()
    assert await check_code(fake_uow, scope, typing(code)) == CodeExpired()


async def test_a_code_out_of_time_has_expired(fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    code = (await issued(fake_uow, scope)).code
    late = scope.campaign.vote.sms.code_ttl_minutes + 1
    assert await check_code(fake_uow, scope, typing(code, minutes=late)) == CodeExpired()


async def test_a_code_for_another_voter_is_not_theirs(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    code = (await issued(fake_uow, scope)).code
    other = Voter("sms", NUMBER)
    assert await check_code(fake_uow, scope, typing(code, other)) == CodeExpired()


async def test_a_number_that_voted_by_sms_is_refused_on_telegram_after_its_code(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    by_sms = Voter("sms", NUMBER)
    code = (await issued(fake_uow, scope, by_sms)).code
    verified = await check_code(fake_uow, scope, typing(code, by_sms))
    assert isinstance(verified, Verified)
    await fake_uow.voting.cast(verified.phone_hash, by_sms.account_hash(scope.phone_key),
                               "2027-03-24", None, None, [1, 2, 3], "sms")
    code = (await issued(fake_uow, scope, ANNE)).code
    assert await check_code(fake_uow, scope, typing(code)) == NumberAlreadyVoted()


async def test_a_number_that_voted_on_telegram_is_refused_by_sms_after_its_code(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    code = (await issued(fake_uow, scope)).code
    verified = await check_code(fake_uow, scope, typing(code))
    assert isinstance(verified, Verified)
    await fake_uow.voting.cast(verified.phone_hash, ANNE.account_hash(scope.phone_key),
                               "2027-03-24", None, None, [1, 2, 3])
    by_sms = Voter("sms", NUMBER)
    code = (await issued(fake_uow, scope, by_sms)).code
    assert await check_code(fake_uow, scope, typing(code, by_sms)) == NumberAlreadyVoted()
