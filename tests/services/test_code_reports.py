"""What became of a code's SMS, and who must hear of it."""

from __future__ import annotations

from datetime import timedelta

from flows.domain.records import TYPED
from flows.services.code_reports import (
    CodeLost,
    CodeNotSent,
    CodeReport,
    resolve_lost,
    sms_delivered,
    sms_failed,
)
from flows.services.codes import CodeIssued, CodeRequest, request_code
from flows.services.scope import Scope
from flows.services.voters import Voter
from tests.services.conftest import IN_VOTE
from tests.services.fake_uow import FakeUnitOfWork

ANNE = Voter("telegram", "501")


async def issue(uow: FakeUnitOfWork, scope: Scope, voter: Voter = ANNE, chat: int = 501,
                minutes: float = 0, number: str = "+33612345678") -> CodeIssued:
    outcome = await request_code(uow, scope, CodeRequest(
        voter, number, TYPED, chat, "en", IN_VOTE + timedelta(minutes=minutes)))
    assert isinstance(outcome, CodeIssued)
    return outcome


def report(scope: Scope, issued: CodeIssued, voter: Voter = ANNE,
           chat: int | None = 501) -> CodeReport:
    return CodeReport(issued.log_id, voter.account_hash(scope.phone_key), chat, "en")


async def test_a_delivered_code_counts_as_sent(fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    issued = await issue(fake_uow, scope)
    await sms_delivered(fake_uow, issued.log_id)
    assert await fake_uow.sms.status_counts() == {"sent": 1}


async def test_a_refused_sms_costs_nothing_and_its_voter_is_told(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    issued = await issue(fake_uow, scope)
    told = await sms_failed(fake_uow, report(scope, issued))
    assert told == CodeNotSent(501, "en")
    assert await fake_uow.sms.status_counts() == {"failed": 1}
    assert await fake_uow.sms.get(ANNE.account_hash(scope.phone_key)) is None
    # No cooldown from a code that never went: another may be asked for at once.
    await issue(fake_uow, scope, minutes=0.1)


async def test_a_refused_sms_to_a_plain_phone_has_no_chat_to_tell(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    by_sms = Voter("sms", "+33612345678")
    issued = await issue(fake_uow, scope, by_sms)
    assert await sms_failed(fake_uow, report(scope, issued, by_sms, None)) is None


async def test_after_a_restart_only_voters_still_waiting_for_a_lost_code_are_told(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    await issue(fake_uow, scope)  # Anne is still waiting for hers
    bob = Voter("telegram", "502")
    used = await issue(fake_uow, scope, bob, chat=502, number="+33698765432")
    await fake_uow.sms.delete(bob.account_hash(scope.phone_key))  # Bob's was used up
    del used
    lost = await resolve_lost(fake_uow)
    assert lost.resolved == 2
    assert lost.waiting == [CodeLost(501, "en")]
    assert await fake_uow.sms.status_counts() == {"failed": 2}
    assert await fake_uow.sms.get(ANNE.account_hash(scope.phone_key)) is None


async def test_on_a_shared_database_only_codes_sending_since_long_are_taken_as_lost(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    await issue(fake_uow, scope)  # Anne's, ten minutes ago: its worker died
    bob = Voter("telegram", "502")
    await issue(fake_uow, scope, bob, chat=502, number="+33698765432", minutes=10)
    cut_off = (IN_VOTE + timedelta(minutes=5)).timestamp()
    lost = await resolve_lost(fake_uow, before=cut_off)
    assert (lost.resolved, lost.waiting) == (1, [CodeLost(501, "en")])
    assert await fake_uow.sms.status_counts() == {"failed": 1, "sending": 1}  # Bob's is on its way
