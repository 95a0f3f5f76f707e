"""Reading the age a proposer declares: "42", "42 ans", or a birth year or date."""

from __future__ import annotations

import re
from datetime import date

_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_DATE = re.compile(r"\b(\d{1,2})[/.\- ](\d{1,2})[/.\- ](19\d\d|20\d\d)\b")
_NUMBER = re.compile(r"\d+")
OLDEST = 120


def read_age(text: str, today: date) -> int | None:
    """Age in whole years, or None when the text gives none (or an unlikely one).

    A birth date gives the exact age; a bare birth year the age reached this year, less one
    when the birthday may still be ahead (an age check is then never too generous).
    """
    if any(ch.isdigit() and not ch.isdecimal() for ch in text):
        return None  # superscripts ("6²") are a slip, not an age
    if born := _DATE.search(text):
        day, month, year = (int(g) for g in born.groups())
        try:
            birthday = date(year, month, day)
        except ValueError:
            return None
        age = today.year - year - ((today.month, today.day) < (birthday.month, birthday.day))
    elif born_in := _YEAR.search(text):
        age = today.year - int(born_in.group(1)) - 1
    else:
        numbers = _NUMBER.findall(text)
        if len(numbers) != 1:
            return None
        age = int(numbers[0])
    return age if 1 <= age <= OLDEST else None
