"""Secrets and adapters configured from the environment and the campaign's `[sms]` table."""

from __future__ import annotations

import math
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from bot.sms.factory import SmsSettings, build_gateway
from bot.sms_channel import SmsInbound
from flows.domain.campaign import Campaign, CampaignError, describe_error
from flows.sms import SmsGateway

PHONE_KEY_ENV = "BUDGETBOT_PHONE_KEY"
SECRECY_WINDOW_ENV = "BUDGETBOT_SECRECY_WINDOW"
PACING_ENV = "BUDGETBOT_PACING"
OUTBOX_PER_SECOND = 30.0  # Telegram's bulk limit, all chats together


class SettingsError(Exception):
    """A missing or bad secret in the environment."""


def phone_key(env: Mapping[str, str]) -> bytes:
    """The HMAC key for phone numbers and accounts; at least 32 characters of secret."""
    value = env.get(PHONE_KEY_ENV, "").strip()
    if len(value) < 32:
        raise SettingsError(
            f"{PHONE_KEY_ENV} must hold a secret of at least 32 characters (phone numbers are "
            f"stored only as keyed hashes); create one with: openssl rand -hex 32")
    return value.encode()


def secrecy_window(env: Mapping[str, str]) -> float:
    """Seconds within which a delivered receipt's traces leave the -wal (10 by default)."""
    value = env.get(SECRECY_WINDOW_ENV, "").strip() or "10"
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0.1 <= seconds <= 10:
        raise SettingsError(f"{SECRECY_WINDOW_ENV} must be a number of seconds from 0.1 to 10 "
                            f"(e.g. {SECRECY_WINDOW_ENV}=5), not {value!r}.")
    return seconds


def outbox_rate(env: Mapping[str, str]) -> float:
    """Messages a second the outbox sends; BUDGETBOT_PACING=off (benchmarks only) lifts it."""
    return math.inf if env.get(PACING_ENV, "").strip().lower() == "off" else OUTBOX_PER_SECOND


def demo_phone_key(db_path: Path) -> tuple[bytes, bool]:
    """The demo's key, kept beside its database so hashes survive a restart; (key, created)."""
    key_file = db_path.with_name(db_path.name + ".key")
    if key_file.exists():
        return key_file.read_text().strip().encode(), False
    key = secrets.token_hex(32)
    key_file.write_text(key + "\n")
    key_file.chmod(0o600)
    return key.encode(), True


def sms_settings(campaign: Campaign, path: Path) -> SmsSettings:
    try:
        return SmsSettings.model_validate(campaign.sms)
    except ValidationError as exc:
        raise CampaignError(path, [describe_error(e, prefix=("sms",))
                                   for e in exc.errors()]) from exc


def sms_gateway(campaign: Campaign, path: Path, env: Mapping[str, str],
                console: TextIO | None = None) -> SmsGateway:
    settings = sms_settings(campaign, path)
    try:
        return build_gateway(settings, env, console)
    except ValueError as exc:
        raise SettingsError(str(exc)) from exc


def sms_inbound(campaign: Campaign, path: Path, env: Mapping[str, str],
                port: int | None = None) -> SmsInbound | None:
    """Where Kannel's sms-service get-url reaches the bot; None when SMS voting is off.

    `port` (the command line's --sms-port) overrides the campaign file's `inbound_port`."""
    settings = sms_settings(campaign, path)
    port = port or settings.inbound_port
    if port is None:
        return None
    secret = env.get(settings.inbound_secret_env, "").strip()
    if len(secret) < 16:
        raise SettingsError(
            f"SMS voting ({path}: [sms] inbound_port, or --sms-port) needs a secret of at least "
            f"16 characters in {settings.inbound_secret_env}, the same one Kannel's get-url "
            f"carries; create one with: openssl rand -hex 16")
    return SmsInbound(settings.inbound_listen, port, settings.inbound_path, secret)
