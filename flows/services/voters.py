"""Who votes: a (channel, id) pair, hashed before it reaches storage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flows.domain import verification

Channel = Literal["telegram", "sms"]


@dataclass(frozen=True)
class Voter:
    """A Telegram account (its user id) or a plain phone (its E.164 number)."""

    channel: Channel
    id: str

    def account_hash(self, key: bytes) -> str:
        # Telegram keeps the hash it always had, so existing databases keep working.
        if self.channel == "telegram":
            return verification.account_hash(key, int(self.id))
        return verification.keyed_hash(key, "sms", self.id)

    @property
    def ballot_channel(self) -> str:
        """The ballot box's channel column: "online" for Telegram as before, "sms"."""
        return "online" if self.channel == "telegram" else "sms"
