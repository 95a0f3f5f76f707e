"""Where one SMS sender stands, keyed by the HMAC of their number, erased once they voted."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class SmsSession(BaseModel):
    """What a plain-phone dialogue remembers between messages."""

    model_config = ConfigDict(extra="ignore")

    language: str = "fr"
    # The ballot waiting for its confirmation code (the code itself is in sms_challenges).
    choices: list[int] = []
    residence: str | None = None
    # A VOTE that needs the commune first: its numbers, kept while the commune is asked.
    awaiting_commune: list[int] | None = None
