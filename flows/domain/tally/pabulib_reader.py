"""Reader for the pabulib ``.pb`` format: META, PROJECTS and VOTES sections, ``;``-separated."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .election import APPROVAL_TYPES, POINT_TYPES, VOTE_TYPES, Ballot, Election, Project
from .errors import PbFormatError
from .fast_votes import read_votes_fast, votes_start
from .numbers import Number, parse_number

SECTIONS = ("meta", "projects", "votes")


@dataclass
class _Section:
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def load_pb(path: str | Path) -> Election:
    """Read and parse a ``.pb`` file (UTF-8, with or without BOM)."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PbFormatError(0, f"file is not UTF-8 text ({exc.reason})") from exc
    return parse_pb_fast(text, raw) or parse_pb_by_rows(text)


def parse_pb(text: str) -> Election:
    """Parse the text of a ``.pb`` file; raise PbFormatError with the offending line."""
    # Anything the bulk reader does not vouch for is read row by row, as the format says.
    return parse_pb_fast(text) or parse_pb_by_rows(text)


def parse_pb_fast(text: str, raw: bytes | None = None) -> Election | None:
    """Parse with the bulk VOTES readers; None for a file they leave to the row-by-row reader.

    ``raw``, the file's bytes when at hand, saves encoding the VOTES body again.
    """
    text = text.removeprefix("\ufeff")
    start = votes_start(text)
    if start is None:
        return None
    head = text[:start]
    if raw is None:
        try:
            raw = text.encode()
        except UnicodeEncodeError:
            return None  # a lone surrogate: no file holds one; the row reader decides
    votes = _Votes(text, start, raw.removeprefix(b"\xef\xbb\xbf")[len(head.encode()):])
    try:
        # The big VOTES body is read apart, in bulk; the rest, small, by csv.
        return _parse(head, votes)
    except PbFormatError:
        return None  # e.g. sections after VOTES: read as a whole, to name the line


def parse_pb_by_rows(text: str) -> Election:
    """Parse with the row-by-row csv reader alone: the reference the bulk reader meets."""
    election = _parse(text.removeprefix("\ufeff"), None)
    assert election is not None
    return election


@dataclass(frozen=True)
class _Votes:
    """The VOTES body after its header line: ``source[start:]``, and the file's bytes of it."""

    source: str
    start: int
    raw: bytes

    @property
    def text(self) -> str:
        """The body as text (a copy: made only for the reader that needs it)."""
        return self.source[self.start:]


def _parse(text: str, votes_body: _Votes | None) -> Election | None:
    sections = _split_sections(text)
    meta = _read_meta(sections["meta"])
    budget = _meta_budget(meta, sections["meta"])
    vote_type = _meta_vote_type(meta, sections["meta"])
    projects = _read_projects(sections["projects"])
    if votes_body is None:
        ballots = _read_votes(sections["votes"], projects, vote_type)
        return Election(meta=meta, projects=projects, ballots=ballots, budget=budget,
                        vote_type=vote_type)
    votes, with_points = sections["votes"], vote_type in POINT_TYPES
    if votes.rows or "vote" not in votes.header or (with_points and "points" not in votes.header):
        return None  # the row-by-row reader names the problem
    if vote_type in APPROVAL_TYPES:
        from .columnar_votes import read_approvals  # numpy: only when a file is read

        approvals = read_approvals(votes_body.raw, votes.header, projects)
        if approvals is not None:
            return Election(meta=meta, projects=projects, budget=budget, vote_type=vote_type,
                            approvals=approvals)
    table = read_votes_fast(votes_body.text, votes.header, projects, with_points,
                            _points_value)
    if table is None:
        return None
    return Election(meta=meta, projects=projects, budget=budget, vote_type=vote_type,
                    table=table)


def _points_value(text: str) -> Number | None:
    """A non-negative number of points, or None when the row-by-row reader must say why."""
    try:
        value = parse_number(text)
    except ValueError:
        return None
    return value if value >= 0 else None


# A quoted value may hold line breaks; one spanning more lines than this, or swallowing a
# section heading, is a quote that was never closed.
MAX_QUOTED_LINES = 50
# "12;4500;Park" inside a quoted value: a data row, not prose (prose puts spaces before ';').
_ROW_LIKE = re.compile(r"[^;\s]+;")


def _split_sections(text: str) -> dict[str, _Section]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    rows = list(_rows(reader))
    sections: dict[str, _Section] = {}
    current: _Section | None = None
    index = 0
    while index < len(rows):
        line, row = rows[index]
        index += 1
        name = _heading(row)
        if name is not None:
            if name in sections:
                raise PbFormatError(line, f"section {name.upper()} appears twice")
            header = rows[index] if index < len(rows) else None
            if header is None or _heading(header[1]) is not None:
                raise PbFormatError(line, f"section {name.upper()} has no header line")
            index += 1
            current = _Section([cell.strip() for cell in header[1]], header[0])
            sections[name] = current
            if name == "meta" and [c.lower() for c in current.header[:2]] != ["key", "value"]:
                # No "key;value" line: what follows the heading is already an entry.
                current.header, current.rows = ["key", "value"], [header]
        elif current is None:
            raise PbFormatError(line, "expected a META, PROJECTS or VOTES section heading")
        else:
            current.rows.append((line, row))
    for name in SECTIONS:
        if name not in sections:
            raise PbFormatError(0, f"missing {name.upper()} section")
    return sections


def _rows(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows with the line each starts on; unclosed quotes are named, not swallowed."""
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise PbFormatError(start, "a quoted value is never closed (it starts here)") from None
        spanned = reader.line_num - start
        if spanned and (spanned >= MAX_QUOTED_LINES or any(
                "\n" in cell and _swallowed_rows(cell) for cell in row)):
            raise PbFormatError(start, "a quoted value is never closed (it starts here)")
        if "".join(row).strip():
            yield start, row


def _swallowed_rows(cell: str) -> bool:
    """A value spanning lines that look like rows or a heading: its quote was left open."""
    lines = cell.splitlines()[1:]
    return any(_heading([part]) for part in lines) or \
        sum(bool(_ROW_LIKE.match(part)) for part in lines) >= 3


def _heading(row: list[str]) -> str | None:
    """The section a row opens ("PROJECTS", or "PROJECTS;;" from a spreadsheet), if any."""
    name = row[0].strip().lower() if row else ""
    if name in SECTIONS and all(not cell.strip() for cell in row[1:]):
        return name
    return None


def _check_width(section: _Section, line: int, row: list[str], label: str) -> None:
    if len(row) > len(section.header) and "".join(row[len(section.header):]).strip():
        raise PbFormatError(line, f"{label} row has {len(row)} fields but the header has "
                                  f"{len(section.header)}: quote values that contain ';'")


def _column(section: _Section, name: str, label: str) -> int:
    try:
        return section.header.index(name)
    except ValueError:
        raise PbFormatError(section.header_line,
                            f"{label} header has no {name!r} column") from None


def _cell(row: list[str], index: int) -> str:
    return row[index].strip() if index < len(row) else ""


def _read_meta(section: _Section) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line, row in section.rows:
        key = row[0].strip()
        if len(row) < 2:
            raise PbFormatError(line, f"META entry {key!r} has no value")
        if key in meta:
            raise PbFormatError(line, f"META entry {key!r} is given twice")
        _check_width(section, line, row, "META")
        meta[key] = row[1].strip()
    return meta


def _meta_line(section: _Section, key: str) -> int:
    return next((line for line, row in section.rows if row[0].strip() == key),
                section.header_line)


def _meta_budget(meta: dict[str, str], section: _Section) -> Number:
    line = _meta_line(section, "budget")
    if not meta.get("budget"):
        raise PbFormatError(line, "META has no budget")
    budget = _number(meta["budget"], line, "budget")
    if budget < 0:
        raise PbFormatError(line, "negative budget")
    return budget


def _meta_vote_type(meta: dict[str, str], section: _Section) -> str:
    vote_type = meta.get("vote_type", "").strip().lower()
    if not vote_type:
        raise PbFormatError(section.header_line, "META has no vote_type")
    if vote_type not in VOTE_TYPES:
        raise PbFormatError(_meta_line(section, "vote_type"),
                            f"unknown vote_type {vote_type!r}")
    return vote_type


def _number(text: str, line: int, what: str) -> Number:
    try:
        return parse_number(text)
    except ValueError as exc:
        why = " (a thousand or one? write 1000, or 1.0 for one)" if "ambiguous" in str(exc) else ""
        raise PbFormatError(line, f"bad number for {what}: {text!r}{why}") from None


def _read_projects(section: _Section) -> dict[str, Project]:
    id_col = _column(section, "project_id", "PROJECTS")
    cost_col = _column(section, "cost", "PROJECTS")
    header = section.header
    projects: dict[str, Project] = {}
    for line, row in section.rows:
        _check_width(section, line, row, "PROJECTS")
        pid = _cell(row, id_col)
        if not pid:
            raise PbFormatError(line, "project without project_id")
        if pid in projects:
            raise PbFormatError(line, f"project {pid!r} is listed twice")
        cost = _number(_cell(row, cost_col), line, f"cost of project {pid!r}")
        if cost < 0:
            raise PbFormatError(line, f"negative cost for project {pid!r}")
        extra = {key: _cell(row, i) for i, key in enumerate(header)
                 if i not in (id_col, cost_col)}
        projects[pid] = Project(id=pid, cost=cost, name=extra.get("name", ""), extra=extra)
    return projects


def _read_votes(section: _Section, projects: dict[str, Project], vote_type: str) -> list[Ballot]:
    vote_col = _column(section, "vote", "VOTES")
    points_col = section.header.index("points") if "points" in section.header else None
    if vote_type in POINT_TYPES and points_col is None:
        raise PbFormatError(section.header_line,
                            f"{vote_type} VOTES need a 'points' column")
    # Real files repeat the same few votes thousands of times; parse each text once.
    seen: dict[tuple[str, str], Ballot] = {}
    ballots: list[Ballot] = []
    for line, row in section.rows:
        _check_width(section, line, row, "VOTES")
        vote = _cell(row, vote_col)
        points_text = _cell(row, points_col) if points_col is not None else ""
        ballot = seen.get((vote, points_text))
        if ballot is None:
            ballot = _ballot(vote, points_text, projects, vote_type, line)
            seen[(vote, points_text)] = ballot
        ballots.append(ballot)
    return ballots


def _ballot(
    vote: str, points_text: str, projects: dict[str, Project], vote_type: str, line: int
) -> Ballot:
    ids = _ballot_projects(vote, projects, line)
    if vote_type not in POINT_TYPES:
        return Ballot(ids)
    return Ballot(ids, _ballot_points(points_text, len(ids), line))


def _ballot_projects(text: str, projects: dict[str, Project], line: int) -> tuple[str, ...]:
    ids = tuple(part.strip() for part in text.split(",") if part.strip())
    for pid in ids:
        if pid not in projects:
            raise PbFormatError(line, f"vote names unknown project {pid!r}")
    if len(set(ids)) != len(ids):
        raise PbFormatError(line, "vote names the same project twice")
    return ids


def _ballot_points(text: str, expected: int, line: int) -> tuple[Number, ...]:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if len(parts) != expected:
        raise PbFormatError(line, f"{len(parts)} points for {expected} voted projects")
    points = tuple(_number(part, line, "points") for part in parts)
    if any(p < 0 for p in points):
        raise PbFormatError(line, "negative points")
    return points
