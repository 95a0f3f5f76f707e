"""An SMS sender who never confirms: the hourly maintenance erases their place, choices and all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.maintenance import SMS_SESSION_IDLE, maintain
from flows.domain.campaign import SmsLimits
from flows.sms_session import SmsSession
from storage.backend import AnyDatabase

NOW = datetime(2026, 5, 4, 10, 30, tzinfo=UTC)


async def test_an_unconfirmed_sms_ballot_is_erased_once_its_code_is_long_dead(
        db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        await uow.sms_sessions.save("silent", SmsSession(choices=[1, 2, 3]),
                                    (NOW - SMS_SESSION_IDLE - timedelta(seconds=1)).timestamp())
        await uow.sms_sessions.save("browsing", SmsSession(choices=[2, 4]),
                                    (NOW - SMS_SESSION_IDLE + timedelta(minutes=5)).timestamp())

    done = await maintain(db, NOW, force=True)

    assert done is not None and done.sms_sessions == 1
    async with db.reading() as uow:
        assert await uow.sms_sessions.load("silent") is None
        kept = await uow.sms_sessions.load("browsing")
    assert kept is not None and kept.choices == [2, 4]


def test_an_sms_place_outlives_the_longest_confirmation_code_a_campaign_may_set() -> None:
    bounds = SmsLimits.model_fields["code_ttl_minutes"].metadata
    longest = max(int(getattr(b, "le", 0)) for b in bounds)
    assert timedelta(minutes=longest) + timedelta(minutes=30) <= SMS_SESSION_IDLE
