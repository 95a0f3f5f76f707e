"""Reading the age a proposer declares: "42", "42 ans", or a birth year or date."""

from __future__ import annotations

import re
from datetime import date

_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_DATE = re.compile(r"\b(\d{1,2})[/.\- ](\d{1,2})[/.\- ](19\d\d|20\d\d)\b")
_ISO_DATE = re.compile(r"\b(19\d\d|20\d\d)-(\d{1,2})-(\d{1,2})\b")
_MONTHS = {name: n for n, names in enumerate(
    ("janvier january jan", "fevrier février february feb fev fév", "mars march mar",
     "avril april apr avr", "mai may", "juin june jun", "juillet july jul juil",
     "aout août august aug", "septembre september sep sept", "octobre october oct",
     "novembre november nov", "decembre décembre december dec déc"), start=1)
    for name in names.split()}
_WORD_DATE = re.compile(r"\b(\d{1,2})(?:er)?\s+([a-zéû]+)\.?\s+(19\d\d|20\d\d)\b")
_NUMBER = re.compile(r"\d+")
OLDEST = 120


def read_age(text: str, today: date) -> int | None:
    """Age in whole years, or None when the text gives none (or an unlikely one).

    A birth date gives the exact age; a bare birth year the age reached this year, less one
    when the birthday may still be ahead (an age check is then never too generous).
    """
    if any(ch.isdigit() and not ch.isdecimal() for ch in text):
        return None  # superscripts ("6²") are a slip, not an age
    if (birthday := _birth_date(text.lower())) is not None:
        if birthday == date.min:
            return None
        age = today.year - birthday.year - \
            ((today.month, today.day) < (birthday.month, birthday.day))
    elif born_in := _YEAR.search(text):
        age = today.year - int(born_in.group(1)) - 1
    else:
        numbers = _NUMBER.findall(text)
        if len(numbers) != 1:
            return None
        age = int(numbers[0])
    return age if 1 <= age <= OLDEST else None


def _birth_date(text: str) -> date | None:
    """A date written 12/03/1958, 1958-03-12 or 12 mars 1958; date.min when impossible."""
    if found := _DATE.search(text):
        day, month, year = (int(g) for g in found.groups())
    elif found := _ISO_DATE.search(text):
        year, month, day = (int(g) for g in found.groups())
    elif (found := _WORD_DATE.search(text)) and found.group(2) in _MONTHS:
        day, month, year = int(found.group(1)), _MONTHS[found.group(2)], int(found.group(3))
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return date.min
