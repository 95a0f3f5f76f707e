"""Exact numbers for costs, budgets and points: ints when integral, Fractions otherwise."""

from __future__ import annotations

import re
from fractions import Fraction

Number = int | Fraction


def normalize(value: Number) -> Number:
    """Return ``value`` as an int when it is integral, else as a Fraction."""
    if isinstance(value, Fraction) and value.denominator == 1:
        return value.numerator
    return value


# Plain decimals only: Fraction would also take "1e999999999" and spend minutes on it.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)")
# "1,000" is a thousand to some and one to others: refused rather than guessed.
_AMBIGUOUS = re.compile(r"[+-]?[1-9][0-9]{0,2},[0-9]{3}")
MAX_DIGITS = 40


def parse_number(text: str) -> Number:
    """Parse ``"12"``, ``"12.5"`` or ``"12,5"`` exactly; raise ValueError otherwise."""
    cleaned = text.strip()
    if not _DECIMAL.fullmatch(cleaned) or len(cleaned) > MAX_DIGITS:
        raise ValueError(f"not a plain decimal number: {text!r}")
    if _AMBIGUOUS.fullmatch(cleaned):
        raise ValueError(f"ambiguous (thousands or decimals?): {text!r}")
    cleaned = cleaned.replace(",", ".")
    if cleaned.isdigit():
        return int(cleaned)
    return normalize(Fraction(cleaned))


def is_terminating_decimal(value: Number) -> bool:
    """Tell whether ``value`` can be written exactly as a decimal string."""
    denominator = Fraction(value).denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def format_number(value: Number) -> str:
    """Write ``value`` as a decimal string, or ``"p/q"`` when no finite decimal is exact."""
    value = normalize(value)
    if isinstance(value, int):
        return str(value)
    if not is_terminating_decimal(value):
        return f"{value.numerator}/{value.denominator}"
    digits = 0
    scaled = value
    while Fraction(scaled).denominator != 1:
        scaled *= 10
        digits += 1
    integer = int(scaled)
    sign = "-" if integer < 0 else ""
    text = str(abs(integer)).rjust(digits + 1, "0")
    return f"{sign}{text[:-digits]}.{text[-digits:]}"


def json_number(value: Number) -> int | str:
    """JSON form of an amount: an int when integral, else its exact decimal or fraction string."""
    value = normalize(value)
    return value if isinstance(value, int) else format_number(value)
