"""SMS verification codes: requested under every limit, checked with limited tries."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from flows.domain import verification
from flows.domain.campaign import PARIS
from flows.domain.phones import mask_phone
from flows.domain.records import Challenge, SmsFigures, SmsQuota, SmsRequest
from flows.ports import UnitOfWork
from flows.services.scope import Scope
from flows.services.voters import Voter


@dataclass(frozen=True)
class CodeRequest:
    """A code to send to `e164` for `voter`; `via` is how the number came ("contact" shared
    with Telegram's button, "typed" by hand); `chat_id` and `language` say whom to tell if the
    SMS is lost."""

    voter: Voter
    e164: str
    via: str
    chat_id: int
    language: str
    at: datetime


@dataclass(frozen=True)
class CodeIssued:
    """The code to send (never stored in clear) and its SMS log row."""

    log_id: int
    code: str
    ttl_minutes: int
    masked: str


@dataclass(frozen=True)
class StaffAlert:
    """A cap staff must hear about, once a day: its reason and today's figures."""

    reason: str
    figures: SmsFigures


@dataclass(frozen=True)
class CodeRefused:
    """`reason`: sms_campaign_cap, sms_cooldown, sms_hour_cap, sms_day_cap, sms_typed_day_cap,
    sms_typed_hour_cap; `alert` set for the first refusal of the day staff must hear about."""

    reason: str
    wait_seconds: int
    alert: StaffAlert | None = None


CodeOutcome = CodeIssued | CodeRefused

# Refusals staff hear about, once a day each: the SMS budget is under pressure.
ALERTED = frozenset({"sms_campaign_cap", "sms_typed_day_cap", "sms_typed_hour_cap"})


def day_start(at: datetime) -> float:
    """Midnight in Paris: the campaign's daily SMS cap follows the local day."""
    local = at.astimezone(PARIS)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


async def request_code(uow: UnitOfWork, scope: Scope, request: CodeRequest) -> CodeOutcome:
    """A fresh code for the voter, if every cap and the cooldown allow one more SMS."""
    key, account, limits = scope.phone_key, request.voter.account_hash(scope.phone_key), \
        scope.campaign.vote.sms
    phone = verification.phone_hash(key, request.e164)
    now = request.at.timestamp()
    quota = verification.quota(limits, now, day_start(request.at))
    # Caps, cooldown and the log row in one atomic step: from the SMS log, not the current
    # code, so the cooldown holds even once the code was erased (/oublier, too many tries).
    log_id = await uow.sms.reserve(
        SmsRequest(phone, account, request.via, request.chat_id, request.language), quota)
    if log_id is None:
        return await refused(uow, scope, phone, account, request.via, quota)
    code = verification.new_code()
    await uow.sms.put(Challenge(account, phone, verification.code_hash(key, account, code),
                                now + limits.code_ttl_minutes * 60, 0, now))
    return CodeIssued(log_id, code, limits.code_ttl_minutes, mask_phone(request.e164))


async def refused(uow: UnitOfWork, scope: Scope, phone: str, account: str, via: str,
                  quota: SmsQuota) -> CodeRefused:
    """Which limit refused, how long to wait, and whether staff must be told today."""
    limits = scope.campaign.vote.sms
    last = await uow.sms.last_sent(account)
    since_last = quota.now - last if last is not None else None
    counts = await uow.sms.counts(phone, account, quota)
    reason = verification.refusal(limits, counts, since_last, via) or "sms_campaign_cap"
    wait = max(1, math.ceil(limits.resend_cooldown_seconds - (since_last or 0)))
    if reason not in ALERTED:
        return CodeRefused(reason, wait)
    await uow.sms.log(phone, account, quota.now, "capped", via)
    local_day = datetime.fromtimestamp(quota.day_start, tz=PARIS).date()
    if not await uow.settings.set_once(f"{reason}_alert:{local_day.isoformat()}", "1"):
        return CodeRefused(reason, wait)
    return CodeRefused(reason, wait, StaffAlert(reason, await uow.sms.figures(quota.day_start)))


@dataclass(frozen=True)
class CodeCheck:
    voter: Voter
    typed: str
    at: datetime


@dataclass(frozen=True)
class Verified:
    phone_hash: str


@dataclass(frozen=True)
class WrongCode:
    left: int


@dataclass(frozen=True)
class CodeLocked:
    """Too many wrong tries: the code is gone, a new one must be asked for."""


@dataclass(frozen=True)
class CodeExpired:
    """No code waiting (never sent, used, or out of time)."""


@dataclass(frozen=True)
class NumberAlreadyVoted:
    """The right code, for a number already on the voter list (through any channel)."""


CheckOutcome = Verified | WrongCode | CodeLocked | CodeExpired | NumberAlreadyVoted


async def check_code(uow: UnitOfWork, scope: Scope, check: CodeCheck) -> CheckOutcome:
    """Every try counts before it is judged, in one atomic step; a right code is single use."""
    account, limit = check.voter.account_hash(scope.phone_key), \
        scope.campaign.vote.sms.max_attempts
    challenge = await uow.sms.spend_attempt(account, check.at.timestamp())
    if challenge is None:
        return CodeExpired()
    if challenge.attempts > limit:
        await uow.sms.delete(account)
        return CodeLocked()
    if not verification.code_matches(scope.phone_key, account, check.typed,
                                     challenge.code_hash):
        left = limit - challenge.attempts
        if left <= 0:
            await uow.sms.delete(account)
            return CodeLocked()
        return WrongCode(left)
    if not await uow.sms.take(account, challenge.created_at):
        return CodeExpired()  # the same code, right, typed twice at once: used by the other
    if await uow.voting.has_voted(phone_hash=challenge.phone_hash):
        return NumberAlreadyVoted()
    return Verified(challenge.phone_hash)
