"""Writer for pabulib ``.pb`` open-data files, with anonymous, shuffled-free sorted ballots."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable

from .election import POINT_TYPES, Election, approval_counts
from .numbers import Number, format_number, is_terminating_decimal

FIXED_COLUMNS = ("project_id", "cost", "votes", "score", "name", "selected")


def write_pb(election: Election, *, selected: Collection[str] | None = None) -> str:
    """The ``.pb`` text of ``election``; ``selected`` (if given) fills the selected column.

    Voter ids are replaced by 1..n over ballots sorted by content, so the file keeps
    neither the original ids nor the order in which people voted.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerows(_meta_rows(election))
    writer.writerow(["PROJECTS"])
    writer.writerows(_project_rows(election, selected))
    writer.writerow(["VOTES"])
    writer.writerows(_vote_rows(election))
    return buffer.getvalue()


def _clean(text: str) -> str:
    # pabulib readers split on lines before CSV parsing, so a value must stay on one line.
    return " ".join(text.splitlines()).strip()


def _amount(value: Number, what: str) -> str:
    if not is_terminating_decimal(value):
        raise ValueError(f"{what} {value} has no exact decimal form")
    return format_number(value)


def _meta_rows(election: Election) -> Iterable[list[str]]:
    meta = {key: _clean(value) for key, value in election.meta.items()}
    meta["num_projects"] = str(len(election.projects))
    meta["num_votes"] = str(len(election.ballots))
    meta["budget"] = _amount(election.budget, "budget")
    meta["vote_type"] = election.vote_type
    yield ["key", "value"]
    yield from ([_clean(key), value] for key, value in meta.items())


def _project_rows(election: Election, selected: Collection[str] | None) -> Iterable[list[str]]:
    with_score = election.vote_type in POINT_TYPES
    votes = approval_counts(election.projects, election.ballots)
    scores = election.scores()
    has_selected = selected is not None or any(
        "selected" in p.extra for p in election.projects.values())
    extra_keys = list(dict.fromkeys(
        key for p in election.projects.values() for key in p.extra if key not in FIXED_COLUMNS))
    header = ["project_id", "cost", "votes", *(["score"] if with_score else []), "name",
              *(["selected"] if has_selected else []), *extra_keys]
    yield header
    chosen = set(selected) if selected is not None else None
    for pid, project in election.projects.items():
        row = [pid, _amount(project.cost, f"cost of {pid!r}"), format_number(votes[pid])]
        if with_score:
            row.append(format_number(scores[pid]))
        row.append(project.name)
        if has_selected:
            flag = project.extra.get("selected", "0") if chosen is None else str(int(pid in chosen))
            row.append(flag)
        row.extend(project.extra.get(key, "") for key in extra_keys)
        yield [_clean(cell) for cell in row]


def _vote_rows(election: Election) -> Iterable[list[str]]:
    with_points = election.vote_type in POINT_TYPES
    position = {pid: i for i, pid in enumerate(election.projects)}
    rows: list[tuple[str, ...]] = []
    for ballot in election.ballots:
        pairs = list(zip(ballot.projects, ballot.points or (), strict=False))
        if election.vote_type != "ordinal":
            # Set-like ballots get a canonical order: the project listing order.
            pairs.sort(key=lambda pair: position[pair[0]])
            ids = sorted(ballot.projects, key=position.__getitem__)
        else:
            ids = list(ballot.projects)
        vote = ",".join(ids)
        if with_points:
            rows.append((vote, ",".join(format_number(points) for _, points in pairs)))
        else:
            rows.append((vote,))
    rows.sort()
    yield ["voter_id", "vote", *(["points"] if with_points else [])]
    yield from ([str(i), *row] for i, row in enumerate(rows, start=1))
