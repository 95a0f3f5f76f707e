"""Builds the configured SMS gateway from the campaign file's `[sms]` table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, Self, TextIO

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.sms.brevo import DEFAULT_BASE_URL, BrevoGateway, check_sender
from bot.sms.console import ConsoleGateway
from bot.sms.kannel import KannelGateway
from flows.sms import SmsGateway


class SmsSettings(BaseModel):
    """The `[sms]` table; secrets are never in it, only the names of the variables holding them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["console", "kannel", "brevo"] = "console"
    # Shown as the SMS sender; Kannel: optional ("from"), Brevo: required.
    sender: str | None = None
    timeout_seconds: float = Field(default=10.0, gt=0, le=120)

    kannel_url: str | None = None
    kannel_username: str | None = None
    kannel_password_env: str = "KANNEL_PASSWORD"

    brevo_base_url: str = DEFAULT_BASE_URL
    brevo_api_key_env: str = "BREVO_API_KEY"

    # Voting by plain SMS: where `budgetbot run` listens for Kannel's sms-service get-url
    # (off unless a port is set), and the variable holding the secret the get-url carries.
    inbound_port: int | None = Field(default=None, ge=1, le=65535)
    inbound_listen: str = "127.0.0.1"
    inbound_path: str = Field(default="/sms/kannel", pattern=r"^/?[A-Za-z0-9_/.-]{1,100}$")
    inbound_secret_env: str = "BUDGETBOT_SMS_SECRET"

    @model_validator(mode="after")
    def _required_for_kind(self) -> Self:
        if self.kind == "kannel":
            missing = [
                name for name in ("kannel_url", "kannel_username") if not getattr(self, name)
            ]
            if missing:
                raise ValueError(f"[sms] kind = 'kannel' needs {', '.join(missing)}")
        if self.kind == "brevo":
            if not self.sender:
                raise ValueError("[sms] kind = 'brevo' needs a sender (up to 11 letters/digits)")
            check_sender(self.sender)
        return self


def _secret(env: Mapping[str, str], name: str, kind: str) -> str:
    value = env.get(name, "")
    if not value:
        raise ValueError(
            f"SMS gateway {kind!r} needs the environment variable {name} (unset or empty)"
        )
    return value


def build_gateway(
    settings: SmsSettings, env: Mapping[str, str], console_stream: TextIO | None = None
) -> SmsGateway:
    """Return the gateway that `settings` describe.

    A missing secret raises ValueError naming its environment variable."""
    if settings.kind == "kannel":
        # The validator guarantees both are set for this kind.
        assert settings.kannel_url is not None and settings.kannel_username is not None
        return KannelGateway(
            base_url=settings.kannel_url,
            username=settings.kannel_username,
            password=_secret(env, settings.kannel_password_env, "kannel"),
            sender=settings.sender,
            timeout=settings.timeout_seconds,
        )
    if settings.kind == "brevo":
        assert settings.sender is not None
        return BrevoGateway(
            api_key=_secret(env, settings.brevo_api_key_env, "brevo"),
            sender=settings.sender,
            base_url=settings.brevo_base_url,
            timeout=settings.timeout_seconds,
        )
    return ConsoleGateway(console_stream)
