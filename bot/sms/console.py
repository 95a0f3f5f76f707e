"""A gateway for the demo: the SMS is printed in the terminal instead of being sent."""

from __future__ import annotations

import sys
from typing import TextIO

import phonenumbers


def mask_number(to_e164: str) -> str:
    """Render a number as "+33 6 12 .. .. 78": enough to tell voters apart, not to dial."""
    try:
        parsed = phonenumbers.parse(to_e164, None)
        pretty = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        pretty = to_e164
    groups = pretty.split(" ")
    if len(groups) >= 5:
        # Country code, the first two national groups and the last one stay readable.
        kept = {0, 1, 2, len(groups) - 1}
        return " ".join(g if i in kept else "." * len(g) for i, g in enumerate(groups))
    digits = "+" + "".join(c for c in pretty if c.isdigit())
    if len(digits) <= 6:
        return digits
    return digits[:4] + "." * (len(digits) - 6) + digits[-2:]


class ConsoleGateway:
    """Writes each SMS to a text stream (stderr by default); meant for demos and local runs."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream

    async def send(self, to_e164: str, text: str) -> None:
        """Print the message; the code is visible on purpose, this is the demo's SMS."""
        # sys.stderr is looked up at send time so that a replaced stderr (pytest, the CLI) is used.
        stream = self._stream if self._stream is not None else sys.stderr
        stream.write(f"📱 SMS to {mask_number(to_e164)}: {text}\n")
        stream.flush()
