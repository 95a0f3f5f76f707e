"""The VOTES section of a plain pabulib file, read in bulk: the part that is 99% of a city's file.

A city's file holds tens of thousands of lines like ``1000001;9735,6725,4280;48;M;paper``.
This reader splits them with str methods (C loops), reads each distinct vote once, and maps
project ids to the PROJECTS' own strings. It vouches only for the plain case: no quotes, no
blank or padded lines, no stray spaces, known projects, each named once, good points. For
anything else it answers None and the row-by-row csv reader reads the file (and names the line
at fault), so both give the same election on every file.
"""

from __future__ import annotations

import gc
import re
from array import array
from collections import Counter
from collections.abc import Callable, Mapping
from itertools import repeat
from operator import methodcaller, ne
from typing import TypeVar

from .election import BallotKey, BallotTable, Project
from .numbers import Number

Key = TypeVar("Key", str, tuple[str, str])  # a vote, or a vote with its points

# The VOTES heading on a line of its own ("VOTES", or "VOTES;;" from a spreadsheet).
_VOTES_HEADING = re.compile(r"^[ \t]*votes[ \t;]*\r?$", re.IGNORECASE | re.MULTILINE)


def votes_start(text: str) -> int | None:
    """Where the VOTES body starts: the line after the VOTES header line.

    A section after VOTES is then missing from the head, or a heading line in the body: both
    send the file to the row-by-row reader. None if unsure.
    """
    heading = _VOTES_HEADING.search(text)
    if heading is None or text.count('"', 0, heading.start()) % 2:
        return None  # no plain heading, or one inside a quoted value
    return _after_header_line(text, heading.end())


def _after_header_line(text: str, position: int) -> int | None:
    """Where the line after the VOTES header line starts (blank lines may come between)."""
    while True:
        line_end = text.find("\n", position + 1)
        if line_end < 0:
            return None
        line = text[position + 1:line_end]
        if '"' in line:
            return None
        if line.replace(";", "").strip():
            return line_end + 1
        position = line_end


def read_votes_fast(
    body: str, header: list[str], projects: Mapping[str, Project], with_points: bool,
    points_value: Callable[[str], Number | None],
) -> BallotTable | None:
    """The ballot table of a plain VOTES body, or None if a line needs the careful reader."""
    # Nothing built here holds a cycle; the collector would only walk 100,000s of new tuples.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _read(body, header, projects, with_points, points_value)
    finally:
        if enabled:
            gc.enable()


def _read(
    body: str, header: list[str], projects: Mapping[str, Project], with_points: bool,
    points_value: Callable[[str], Number | None],
) -> BallotTable | None:
    lines = _plain_lines(body, len(header))
    if lines is None:
        return None
    vote_col = header.index("vote")
    try:
        votes = _column(lines, vote_col)
        points = _column(lines, header.index("points")) if with_points else None
    except IndexError:
        return None  # a line with fewer fields than its vote (or points) column
    if points is None:
        return _table(votes, lambda keys: _approvals(keys, projects))
    return _table(list(zip(votes, points, strict=True)),
                  lambda keys: _scored(keys, projects, points_value))


def _table(
    keys: list[Key], contents: Callable[[list[Key]], list[BallotKey] | None]
) -> BallotTable | None:
    distinct = Counter(keys)  # insertion-ordered: first seen first

    def order() -> array[int]:
        position = {key: index for index, key in enumerate(distinct)}
        return array("I", map(position.__getitem__, keys))

    ballots = contents(list(distinct))
    if ballots is None:
        return None
    return BallotTable(ballots, list(distinct.values()), order)


def _plain_lines(body: str, width: int) -> list[str] | None:
    if '"' in body:
        return None
    if "\r" in body:
        body = body.replace("\r\n", "\n")
        if "\r" in body:
            return None
    lines = body.split("\n")
    if lines and not lines[-1]:
        lines.pop()
    if not lines:
        return lines
    if "" in lines or max(map(methodcaller("count", ";"), lines)) >= width:
        return None  # blank lines, or more fields than the header: the careful reader decides
    return lines


def _column(lines: list[str], col: int) -> list[str]:
    if col == 0:
        return [line.split(";", 1)[0] for line in lines]
    return [line.split(";", col + 1)[col] for line in lines]


def _approvals(votes: list[str], projects: Mapping[str, Project]) -> list[BallotKey] | None:
    ids = _ids(votes, projects)
    return None if ids is None else [(ballot, None) for ballot in ids]


def _scored(
    keys: list[tuple[str, str]], projects: Mapping[str, Project],
    points_value: Callable[[str], Number | None],
) -> list[BallotKey] | None:
    ids = _ids([vote for vote, _ in keys], projects)
    if ids is None:
        return None
    points = _points(keys, ids, points_value)
    return None if points is None else list(zip(ids, points, strict=True))


def _ids(votes: list[str], projects: Mapping[str, Project]) -> list[tuple[str, ...]] | None:
    """Each vote's ids, if all are projects' ids and none is named twice."""
    if "" in votes:
        return None
    # Each id becomes the PROJECTS' own string: 90,000 ballots then share 150 strings instead
    # of holding 1.3 million (a KeyError is an unknown id, a stray space or an empty item).
    own = {pid: pid for pid in projects}
    try:
        ids = list(map(tuple, map(map, repeat(own.__getitem__),
                                  map(methodcaller("split", ","), votes))))
    except KeyError:
        return None
    if any(map(ne, map(len, ids), map(len, map(set, ids)))):
        return None  # a project named twice
    return ids


def _points(
    keys: list[tuple[str, str]], ids: list[tuple[str, ...]],
    points_value: Callable[[str], Number | None],
) -> list[tuple[Number, ...]] | None:
    texts = [points for _, points in keys]
    values: dict[str, Number] = {}
    for item in set(",".join(texts).split(",")):
        value = points_value(item)
        if value is None or item != item.strip():
            return None
        values[item] = value
    points = [tuple(map(values.__getitem__, text.split(","))) for text in texts]
    if any(map(ne, map(len, points), map(len, ids))):
        return None
    return points
