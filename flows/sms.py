"""The port through which verification codes leave as SMS."""

from __future__ import annotations

from typing import Protocol


class SmsError(Exception):
    """The gateway could not take the message; the voter should try again later."""


class SmsGateway(Protocol):
    """Sends one text message to one number in E.164 form (e.g. +33612345678)."""

    async def send(self, to_e164: str, text: str) -> None: ...
