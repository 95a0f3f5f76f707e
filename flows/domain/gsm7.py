"""SMS text: the GSM 03.38 7-bit alphabet, accents it lacks folded, segments counted and packed.

A GSM-7 segment holds 160 septets (153 in a concatenated message); UCS-2, needed for any
character GSM-7 cannot show, only 70 (67). French accents missing from GSM-7 (ê, â, î, ô, û,
ë, ï, œ...) are folded to the nearest letter GSM-7 has, so that French text stays 7-bit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# GSM 03.38 default alphabet. 0x09 is "Ç" in the standard (and in Kannel's tables) and is shown
# as "ç" by most phones: a "ç" is sent as that character rather than folded to "c".
BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Reached through the escape table: 7-bit still, but two septets each.
EXTENSION = frozenset("^{}\\[~]|€\f")

# What a character GSM-7 lacks becomes; anything not here (and not in GSM-7) needs UCS-2.
FOLDS: dict[str, str] = {
    "ç": "Ç", "â": "a", "ê": "e", "ë": "e", "î": "i", "ï": "i", "ô": "o", "û": "u", "ÿ": "y",
    "á": "a", "í": "i", "ó": "o", "ú": "u", "ã": "a", "õ": "o",
    "À": "A", "Â": "A", "È": "E", "Ê": "E", "Ë": "E", "Î": "I", "Ï": "I", "Ô": "O",
    "Ù": "U", "Û": "U", "Ÿ": "Y", "Á": "A", "Í": "I", "Ó": "O", "Ú": "U",
    "œ": "oe", "Œ": "OE", "’": "'", "‘": "'", "‚": ",", "“": '"', "”": '"', "«": '"',
    "»": '"', "–": "-", "—": "-", "‐": "-", "…": "...", "\u00a0": " ", "\u202f": " ",
    "\u2009": " ", "•": "-", "·": ".", "\t": " ",
}

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


def fits_gsm7(text: str) -> bool:
    """True when every character of `text` can be sent in the GSM 7-bit alphabet as it is."""
    return all(char in BASIC or char in EXTENSION for char in text)


def fold(text: str) -> str | None:
    """`text` in GSM-7 with the missing accents folded; None when that is not enough."""
    folded = "".join(FOLDS.get(char, char) for char in text)
    return folded if fits_gsm7(folded) else None


@dataclass(frozen=True)
class SmsText:
    """A text as it goes out: GSM-7 (folded) where possible, else the original in UCS-2."""

    text: str
    gsm7: bool

    @property
    def units(self) -> int:
        """Septets (GSM-7, an escaped character counts two) or UTF-16 code units (UCS-2)."""
        if self.gsm7:
            return sum(2 if char in EXTENSION else 1 for char in self.text)
        return len(self.text.encode("utf-16-be")) // 2

    @property
    def segments(self) -> int:
        """How many SMS the network bills for it (a concatenated message costs each part)."""
        single, part = (GSM7_SINGLE, GSM7_PART) if self.gsm7 else (UCS2_SINGLE, UCS2_PART)
        if self.units <= single:
            return 1
        return -(-self.units // part)


def encode(text: str) -> SmsText:
    """The cheapest faithful form of `text`: folded GSM-7, or UCS-2 only if it must be."""
    folded = fold(text)
    return SmsText(folded, True) if folded is not None else SmsText(text, False)


def segments(text: str) -> int:
    return encode(text).segments


def pack(blocks: Sequence[str], separator: str = "\n") -> list[str]:
    """The blocks, in order, joined into as few SMS as possible, each one segment long.

    A block too long for one segment by itself goes alone, as a concatenated message."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        if not block:
            continue
        joined = f"{current}{separator}{block}" if current else block
        if segments(joined) == 1:
            current = joined
            continue
        if current:
            messages.append(current)
        current = block
    if current:
        messages.append(current)
    return messages
