"""A winner's progress after the vote: stages, a percentage, a note; the rules for each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

# The stages staff pick from, in the order works usually go; labels live in the catalogs.
STAGES = ("study", "procurement", "works", "done", "on_hold")
# A finished project is 100 % done: staff are not asked for the figure.
DONE = "done"
NOTE_MIN, NOTE_MAX = 3, 300

_PERCENT = re.compile(r"(\d{1,3})(?:[.,]0+)?\s*(?:%|pour\s*cent|percent)?", re.I)


@dataclass(frozen=True)
class ProgressEntry:
    """One piece of news on a winner, as staff recorded it; `replaces` names a corrected one."""

    id: int
    proposal_id: int
    stage: str
    percent: int
    note: str
    photo: str | None
    at: datetime
    by: str
    replaces: int | None = None


@dataclass(frozen=True)
class NewProgress:
    """What staff typed and tapped, before it is stored."""

    proposal_id: int
    stage: str
    percent: int
    note: str
    photo: str | None
    by: str


def parse_percent(text: str) -> int | None:
    """'40', '40 %', '40%' or '40,0' is 40; anything else, or over 100, is None."""
    found = _PERCENT.fullmatch(text.strip())
    if found is None:
        return None
    value = int(found[1])
    return value if 0 <= value <= 100 else None


def clean_note(text: str) -> str | None:
    """The note on one line of single spaces, or None when too short or too long."""
    note = " ".join(text.split())
    return note if NOTE_MIN <= len(note) <= NOTE_MAX else None
