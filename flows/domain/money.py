"""Parsing and display of euro amounts typed in French or English conventions."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

AmountReason = Literal["empty", "not_a_number", "negative", "too_many_decimals", "range",
                       "before_tax", "too_long"]

CENT = Decimal("0.01")
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"

_MULTIPLIERS = {
    "k": Decimal(1000),
    "mille": Decimal(1000),
    "m": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "millions": Decimal(1_000_000),
}
_CURRENCY = r"(?:€|euros?|eur|e)"
_AMOUNT = re.compile(
    rf"(?:{_CURRENCY}\s*)?(?P<sign>[-−+]\s*)?(?:€\s*)?"
    r"(?P<num>[0-9][0-9 '’.,]*?|[.,][0-9]+)\s*"
    r"(?P<mult>k|mille|millions?|m)?\s*"
    rf"{_CURRENCY}?"
)
# An estimate is often hedged ("environ 20 000 €", "~15k"); the number stays the estimate.
_HEDGE_BEFORE = re.compile(
    r"^(?:environ|env\.?|~|≈|à peu près|a peu pres|approximativement|approx\.?|about|around|"
    r"approximately|ca\.?)\s*")
_HEDGE_AFTER = re.compile(
    r"\s*(?:environ|approx\.?|ttc|toutes taxes comprises|tax included|incl\.? vat)$")
# Before tax, the cost to the public body is about a fifth higher: that figure is asked for.
_BEFORE_TAX = re.compile(r"\s*(?:ht|h\.t\.?|hors taxes?|before tax|excl\.? vat)$")
# Nobody's amount is longer; beyond this, no pattern work is spent on the text.
MAX_LENGTH = 60
_RANGE = re.compile(r"(?:entre|de|from|between)?\s*(?P<low>.+?)\s+(?:à|a|-|–|to|et|and|ou|or)\s+"
                    r"(?P<high>.+)")
_GROUPS = re.compile(r"[0-9]{1,3}(?:[0-9]{3})*")


class AmountError(ValueError):
    """The text is not an acceptable amount; ``reason`` is a short machine code."""

    def __init__(self, reason: AmountReason, text: str = "",
                 high: Decimal | None = None) -> None:
        """Record the machine ``reason``, the offending ``text``, a range's upper end."""
        super().__init__(f"{reason}: {text!r}")
        self.reason: AmountReason = reason
        self.text = text
        self.high = high


def parse_amount(text: str) -> Decimal:
    """Parse "15 000 €", "15.000,50", "€15,000.50", "15k", "1,2 M€"... into euros, to the cent.

    A single dot or comma followed by exactly three digits is a thousands separator
    ("15.000" = 15000), otherwise a decimal mark ("15.50"); after "k" or "M" it is always a
    decimal mark ("1.500k" = 1500). Zero is accepted; callers decide on minimums.
    """
    # Phones insert no-break and thin spaces as French thousands separators.
    cleaned = re.sub(r"[\u00a0\u202f\u2009\u2007\s]+", " ", text).strip().lower()
    if not cleaned:
        raise AmountError("empty", text)
    if len(cleaned) > MAX_LENGTH:
        raise AmountError("too_long", text)
    cleaned = _HEDGE_AFTER.sub("", _HEDGE_BEFORE.sub("", cleaned))
    if _BEFORE_TAX.search(cleaned):
        raise AmountError("before_tax", text)
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        high = _range_top(cleaned)
        raise AmountError("range", text, high) if high is not None else \
            AmountError("not_a_number", text)
    return _matched_amount(match, text)


def _plain_amount(cleaned: str, text: str) -> Decimal:
    """One amount, hedges already removed; never a range."""
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise AmountError("not_a_number", text)
    return _matched_amount(match, text)


def _matched_amount(match: re.Match[str], text: str) -> Decimal:
    multiplier = _MULTIPLIERS.get(match["mult"] or "", Decimal(1))
    value, decimals = _number(match["num"].strip(), multiplied=match["mult"] is not None, text=text)
    if match["sign"] and match["sign"].strip() in "-−" and value != 0:
        raise AmountError("negative", text)
    if decimals > 2 and match["mult"] is None:
        raise AmountError("too_many_decimals", text)
    return (value * multiplier).quantize(CENT, rounding=ROUND_HALF_UP)


def _range_top(cleaned: str) -> Decimal | None:
    """The larger end of "20 000 à 30 000 €" or "entre 10k et 12k"; None if not a range."""
    match = _RANGE.fullmatch(cleaned)
    if match is None:
        return None
    try:
        low = _plain_amount(match["low"].strip(), cleaned)
        high = _plain_amount(match["high"].strip(), cleaned)
    except AmountError:
        return None
    return max(low, high)


def _number(raw: str, multiplied: bool, text: str) -> tuple[Decimal, int]:
    """Value and count of decimals written, deciding which marks are thousands separators."""
    parts = re.split(r"[ '’]+", raw)
    if len(parts) > 1:
        # Spaces (or apostrophes) group thousands, so a dot or comma can only be decimal.
        integer, _, fraction = _split_last(parts[-1], ".,")
        grouped = "".join(parts[:-1]) + integer
        if not all(p.isdigit() for p in parts[:-1]) or not integer.isdigit():
            raise AmountError("not_a_number", text)
        if len(parts[0]) > 3 or any(len(p) != 3 for p in [*parts[1:-1], integer]):
            raise AmountError("not_a_number", text)
        return _decimal(grouped, fraction, text)
    s = parts[0]
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        decimal_mark = "." if s.rfind(".") > s.rfind(",") else ","
        thousands = "," if decimal_mark == "." else "."
        integer, _, fraction = _split_last(s, decimal_mark)
        return _decimal(_ungroup(integer, thousands, text), fraction, text)
    if not dots and not commas:
        return _decimal(s, "", text)
    mark = "." if dots else ","
    if dots + commas > 1:
        return _decimal(_ungroup(s, mark, text), "", text)
    integer, _, fraction = s.partition(mark)
    is_thousands = (
        len(fraction) == 3 and not multiplied and 1 <= len(integer) <= 3 and integer != "0"
    )
    if is_thousands:
        return _decimal(integer + fraction, "", text)
    return _decimal(integer or "0", fraction, text)


def _split_last(s: str, marks: str) -> tuple[str, str, str]:
    at = max(s.rfind(m) for m in marks)
    if at < 0:
        return s, "", ""
    return s[:at], s[at], s[at + 1 :]


def _ungroup(s: str, mark: str, text: str) -> str:
    parts = s.split(mark)
    if not _GROUPS.fullmatch(parts[0]) or len(parts[0]) > 3:
        raise AmountError("not_a_number", text)
    if any(len(p) != 3 or not p.isdigit() for p in parts[1:]):
        raise AmountError("not_a_number", text)
    return "".join(parts)


def _decimal(integer: str, fraction: str, text: str) -> tuple[Decimal, int]:
    if not integer.isdigit() or (fraction and not fraction.isdigit()):
        raise AmountError("not_a_number", text)
    # "0,500" is half a euro written with zeros, not a sub-cent amount.
    return Decimal(f"{integer}.{fraction or '0'}"), len(fraction.rstrip("0"))


def format_amount(value: Decimal | int, lang: str = "fr") -> str:
    """ "15 000 €" (fr: narrow no-break space groups, no-break space before €) or "€15,000" (en).

    Cents are shown only when the amount is not whole. Languages other than English use
    the French convention.
    """
    amount = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    whole = amount == amount.to_integral_value()
    digits = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    if lang.lower().startswith("en"):
        return f"{sign}€{digits}"
    french = digits.replace(",", NARROW_NBSP).replace(".", ",")
    return f"{sign}{french}{NBSP}€"
