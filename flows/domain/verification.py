"""SMS verification codes: generated, hashed, limited. No number or code is ever stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flows.domain.campaign import SmsLimits
from flows.domain.records import TYPED, SendCounts, SmsQuota

CODE_DIGITS = 6
HOUR = 3600.0
DAY = 86400.0


def keyed_hash(key: bytes, purpose: str, value: str) -> str:
    """HMAC-SHA256 of a value, separated by purpose so hashes of kinds never collide."""
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def account_hash(key: bytes, user_id: int) -> str:
    return keyed_hash(key, "telegram", str(user_id))


def phone_hash(key: bytes, e164: str) -> str:
    return keyed_hash(key, "phone", e164)


def new_code() -> str:
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def code_hash(key: bytes, account: str, code: str) -> str:
    return keyed_hash(key, "code", f"{account}:{code}")


def code_matches(key: bytes, account: str, typed: str, stored_hash: str) -> bool:
    return hmac.compare_digest(code_hash(key, account, typed), stored_hash)


def typed_code(text: str) -> str | None:
    """The 6 digits of '123 456', '123-456' or 'code: 123456'; None otherwise."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return digits if len(digits) == CODE_DIGITS else None


def quota(limits: SmsLimits, now: float, day_start: float) -> SmsQuota:
    """The campaign's SMS limits as the windows that end now."""
    return SmsQuota(
        now=now, day_start=day_start, hour_ago=now - HOUR, day_ago=now - DAY,
        cooldown_seconds=limits.resend_cooldown_seconds,
        per_number_hour=limits.per_number_hour, per_number_day=limits.per_number_day,
        per_account_hour=limits.per_account_hour, per_account_day=limits.per_account_day,
        daily_cap=limits.daily_cap, typed_daily_cap=limits.typed_pool,
        typed_hourly_cap=limits.typed_hourly)


def refusal(limits: SmsLimits, counts: SendCounts, seconds_since_last: float | None,
            channel: str = TYPED) -> str | None:
    """The catalog key saying why no SMS may go now, or None when one may."""
    if counts.campaign_day >= limits.daily_cap:
        return "sms_campaign_cap"
    if seconds_since_last is not None and seconds_since_last < limits.resend_cooldown_seconds:
        return "sms_cooldown"
    if counts.number_hour >= limits.per_number_hour or counts.account_hour >= \
            limits.per_account_hour:
        return "sms_hour_cap"
    if counts.number_day >= limits.per_number_day or counts.account_day >= limits.per_account_day:
        return "sms_day_cap"
    if channel == TYPED and counts.typed_day >= limits.typed_pool:
        return "sms_typed_day_cap"
    if channel == TYPED and counts.typed_hour >= limits.typed_hourly:
        return "sms_typed_hour_cap"
    return None
