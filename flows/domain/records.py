"""Small stored records the vote needs: SMS challenges, requests and quotas, paper totals."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Challenge:
    account_hash: str
    phone_hash: str
    code_hash: str
    expires_at: float
    attempts: int
    created_at: float


# How a number reached the bot: shared with Telegram's button (the sender's own, checked by
# Telegram) or typed by hand (any number, the way SMS pumping goes).
CONTACT = "contact"
TYPED = "typed"


@dataclass(frozen=True)
class SmsRequest:
    """One code to send: to whom (hashes), how the number came, and whom to tell if it fails."""

    phone_hash: str
    account_hash: str
    channel: str
    chat_id: int
    language: str


@dataclass(frozen=True)
class SmsQuota:
    """Every limit an SMS must fit, with the moments (Unix seconds) its windows start."""

    now: float
    day_start: float
    hour_ago: float
    day_ago: float
    cooldown_seconds: int
    per_number_hour: int
    per_number_day: int
    per_account_hour: int
    per_account_day: int
    daily_cap: int
    typed_daily_cap: int
    typed_hourly_cap: int


@dataclass(frozen=True)
class SendCounts:
    """SMS already sent, for the limits: per number, per account, typed pool, campaign-wide."""

    number_hour: int
    number_day: int
    account_hour: int
    account_day: int
    campaign_day: int
    typed_day: int = 0
    typed_hour: int = 0


@dataclass(frozen=True)
class SmsInFlight:
    """An SMS log row left at 'sending' (the process died before the gateway's answer)."""

    log_id: int
    account_hash: str
    at: float
    chat_id: int | None
    language: str | None


@dataclass(frozen=True)
class SmsFigures:
    """Today's SMS by channel, for the staff alert."""

    typed: int
    contact: int
    typed_accounts: int
    refused: int


@dataclass(frozen=True)
class PaperTotal:
    box: str
    proposal_id: int
    votes: int
    entered_by: str
