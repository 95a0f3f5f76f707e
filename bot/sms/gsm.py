"""Which texts fit the GSM 03.38 7-bit alphabet, so gateways can pick the SMS coding."""

from __future__ import annotations

# GSM 03.38 default alphabet; 0x09 is shown as "Ç" by the standard but phones render "ç".
_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Characters reached through the escape table: they cost two septets but stay 7-bit.
_EXTENSION = frozenset("^{}\\[~]|€\f")


def fits_gsm7(text: str) -> bool:
    """True when every character of `text` can be sent in the GSM 7-bit alphabet."""
    return all(char in _BASIC or char in _EXTENSION for char in text)
