"""Validation of the mobile numbers citizens give to receive voting codes by SMS.

Regions are ``phonenumbers`` region codes. French overseas departments have their own
(GP, MQ, GF, RE, YT, also PM, BL, MF): ``allowed_regions=("FR",)`` means metropolitan France
and Corsica only; pass e.g. ``("FR", "RE")`` to accept Réunion mobiles too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

PhoneReason = Literal["unparseable", "not_a_mobile", "region_not_allowed", "invalid",
                      "too_short"]

MASK = "•"
FRENCH_DIGITS = 9
_MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
# "+33 (0)6 ..." mixes international and national forms; the "(0)" must go.
_TRUNK_ZERO = re.compile(r"\(\s*0\s*\)")


class PhoneError(ValueError):
    """The text is not an acceptable mobile number; ``reason`` is a short machine code."""

    def __init__(self, reason: PhoneReason, text: str = "") -> None:
        """Record the machine ``reason`` and the offending ``text``."""
        super().__init__(f"{reason}: {text!r}")
        self.reason: PhoneReason = reason
        self.text = text


# Where a number written in national form ("0692 ...") may come from, besides the campaign's
# regions: tried last, only to tell "from elsewhere" apart from "no such number".
_FRENCH_REGIONS = ("FR", "RE", "GP", "MQ", "GF", "YT", "PM", "BL", "MF")
# When no reading is accepted, the most telling refusal wins.
_SPECIFICITY: dict[PhoneReason, int] = {
    "unparseable": 0, "invalid": 1, "too_short": 2, "region_not_allowed": 3, "not_a_mobile": 4}


def parse_mobile(
    text: str, allowed_regions: Sequence[str] = ("FR",), default_region: str = "FR"
) -> str:
    """E.164 form ("+33612345678") of a mobile number written in national or international form.

    A national form is read in each allowed region in turn ("0692 ..." is Réunion when RE is
    allowed). Raises PhoneError: "unparseable" (not a phone number at all), "invalid" (no such
    number), "too_short" (digits missing), "region_not_allowed" (valid but from another region),
    "not_a_mobile" (landline...).
    """
    cleaned = _TRUNK_ZERO.sub(" ", text).strip()
    if not cleaned:
        raise PhoneError("unparseable", text)
    refusal = PhoneError("unparseable", text)
    for region in dict.fromkeys([*allowed_regions, default_region, *_FRENCH_REGIONS]):
        try:
            return _read(cleaned, text, region, allowed_regions)
        except PhoneError as exc:
            if _SPECIFICITY[exc.reason] > _SPECIFICITY[refusal.reason]:
                refusal = exc
    raise refusal


def _read(cleaned: str, text: str, region: str, allowed_regions: Sequence[str]) -> str:
    """The number as read with ``region`` as the national default, or why it is refused."""
    try:
        number = phonenumbers.parse(cleaned, region)
    except NumberParseException as exc:
        raise PhoneError("unparseable", text) from exc
    if not phonenumbers.is_valid_number(number):
        # Every French number has 9 digits after the 0: fewer is a number typed incompletely.
        short = len(str(number.national_number)) < FRENCH_DIGITS
        raise PhoneError("too_short" if short else "invalid", text)
    if phonenumbers.region_code_for_number(number) not in allowed_regions:
        raise PhoneError("region_not_allowed", text)
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise PhoneError("not_a_mobile", text)
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def mask_phone(e164: str) -> str:
    """Number for display with middle digits hidden: "+33612345678" -> "+33 6 •• •• •• 78"."""
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException as exc:
        raise PhoneError("unparseable", e164) from exc
    groups = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL).split(" ")
    # Keep the country code, the first group (operator/area) and the last two digits.
    head, body = groups[:2], groups[2:]
    digits_left = sum(ch.isdigit() for ch in "".join(body))
    masked: list[str] = []
    seen = 0
    for group in body:
        out = []
        for ch in group:
            if ch.isdigit():
                seen += 1
                out.append(ch if seen > digits_left - 2 else MASK)
            else:
                out.append(ch)
        masked.append("".join(out))
    return " ".join(head + masked)
