"""In-memory participatory-budgeting election: META, projects and ballots of a pabulib file."""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING

from .numbers import Number, normalize

if TYPE_CHECKING:
    from .approval_columns import ApprovalColumns

APPROVAL_TYPES = frozenset({"approval", "choose-1"})
POINT_TYPES = frozenset({"cumulative", "scoring"})
VOTE_TYPES = APPROVAL_TYPES | POINT_TYPES | {"ordinal"}


@dataclass(frozen=True)
class Project:
    """A project: id, exact cost, name, and the raw other PROJECTS columns (category, votes...)."""

    id: str
    cost: Number
    name: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Ballot:
    """One voter's ballot: project ids (preference order if ordinal) and points if scored."""

    projects: tuple[str, ...]
    points: tuple[Number, ...] | None = None


BallotKey = tuple[tuple[str, ...], tuple[Number, ...] | None]


@dataclass(frozen=True)
class BallotTable:
    """Ballots as distinct contents with how many voters cast each, and the file order.

    Real elections repeat the same few ballots thousands of times, and a city's file holds
    90,000 of them: counting works on this table, never on one object per voter.
    """

    distinct: list[BallotKey]
    counts: list[int]
    # For each voter in file order, the index of their ballot; made only if asked for.
    order: Callable[[], Sequence[int]] = field(compare=False)
    _named: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, ballots: Iterable[Ballot]) -> BallotTable:
        """The table of a list of ballots."""
        index: dict[BallotKey, int] = {}
        order = array("I")
        for ballot in ballots:
            key = (ballot.projects, ballot.points)
            order.append(index.setdefault(key, len(index)))
        counts = [0] * len(index)
        for position in order:
            counts[position] += 1
        return cls(list(index), counts, lambda: order)

    def named_counts(self) -> dict[str, int]:
        """How many voters name each project (points aside), computed once."""
        if not self._named:
            self._named.update(_weighted_counts(map(itemgetter(0), self.distinct), self.counts))
        return self._named

    def ballots(self) -> list[Ballot]:
        """One Ballot per voter, in file order (identical ballots share one object)."""
        objects = [Ballot(ids, points) for ids, points in self.distinct]
        return [objects[position] for position in self.order()]


class Election:
    """A parsed election; ``budget`` comes from META ``budget``, ``vote_type`` from META too.

    Built from ``ballots`` (one per voter) or, by the reader, from a ``table`` of distinct
    ballots or from ``approvals`` columns; the other forms are made only when asked for.
    """

    def __init__(self, meta: dict[str, str], projects: dict[str, Project],
                 ballots: list[Ballot] | None = None, budget: Number = 0,
                 vote_type: str = "approval", *, table: BallotTable | None = None,
                 approvals: ApprovalColumns | None = None) -> None:
        if [ballots, table, approvals].count(None) != 2:
            raise ValueError("give an election one of its ballots, ballot table or approvals")
        self.meta = meta
        self.projects = projects
        self.budget = budget
        self.vote_type = vote_type
        self._ballots = ballots
        self._table = table
        self._approvals = approvals

    @property
    def approvals(self) -> ApprovalColumns | None:
        """The ballots as approval columns, when the reader made them (plain approval files)."""
        return self._approvals

    @property
    def ballots(self) -> list[Ballot]:
        """One ballot per voter, in file order."""
        if self._ballots is None:
            self._ballots = self.table.ballots()
        return self._ballots

    @property
    def table(self) -> BallotTable:
        """The distinct ballots with their counts."""
        if self._table is None:
            self._table = self._approvals.table() if self._approvals is not None \
                else BallotTable.of(self.ballots)
        return self._table

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Election):
            return NotImplemented
        return (self.meta, self.projects, self.budget, self.vote_type, self.ballots) == \
            (other.meta, other.projects, other.budget, other.vote_type, other.ballots)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaces

    def __repr__(self) -> str:
        return (f"Election(meta={self.meta!r}, projects={len(self.projects)} projects, "
                f"ballots={sum(self.table.counts)} ballots, budget={self.budget!r}, "
                f"vote_type={self.vote_type!r})")

    def scores(self) -> dict[str, Number]:
        """Each project's score: points for cumulative/scoring ballots, else ballots naming it."""
        if self.vote_type in POINT_TYPES:
            return _point_scores(self.projects, self.table)
        if self._approvals is not None:
            named = self._approvals.counts()
            return {pid: named.get(pid, 0) for pid in self.projects}
        return table_counts(self.projects, self.table)

    def approval_sets(self) -> list[tuple[str, ...]]:
        """Every ballot read as the set of projects it supports (points ignored)."""
        return [supported(ballot) for ballot in self.ballots]

    def approval_groups(self) -> dict[frozenset[str], int]:
        """Distinct supported sets with how many ballots have each (points ignored)."""
        table = self.table
        keys = list(map(frozenset, supported_sets(table)))
        groups = dict(zip(keys, table.counts, strict=True))
        if len(groups) == len(keys):
            return groups  # no two distinct ballots name the same set (the usual case)
        groups = {}
        for key, count in zip(keys, table.counts, strict=True):
            groups[key] = groups.get(key, 0) + count
        return groups


def supported_sets(table: BallotTable) -> Iterable[tuple[str, ...]]:
    """Each distinct ballot's supported projects, in the table's order."""
    if any(map(itemgetter(1), table.distinct)):
        return map(_supported_ids, table.distinct)
    return map(itemgetter(0), table.distinct)  # no points: every named project


def _supported_ids(key: BallotKey) -> tuple[str, ...]:
    ids, points = key
    if points is None or min(points, default=1) > 0:
        return ids
    return tuple(p for p, pts in zip(ids, points, strict=True) if pts > 0)


def supported(ballot: Ballot) -> tuple[str, ...]:
    """The projects a ballot supports: all named ones, except those given zero points."""
    return _supported_ids((ballot.projects, ballot.points))


def approval_counts(
    projects: Mapping[str, Project], ballots: Sequence[Ballot]
) -> dict[str, Number]:
    """Number of ballots supporting each project (0 for projects nobody named)."""
    return table_counts(projects, BallotTable.of(ballots))


def table_counts(projects: Mapping[str, Project], table: BallotTable) -> dict[str, Number]:
    """Number of ballots supporting each project, from a ballot table."""
    if any(map(itemgetter(1), table.distinct)):
        counts = _weighted_counts(supported_sets(table), table.counts)
    else:
        counts = table.named_counts()  # no points: every named project is supported
    return {pid: counts.get(pid, 0) for pid in projects}


def _weighted_counts(sets: Iterable[tuple[str, ...]], counts: list[int]) -> dict[str, int]:
    """Sum of ``counts`` over the sets naming each id."""
    # Sets cast by the same number of voters are counted together, in C (Counter over a
    # chain), instead of one Python step per project named on each ballot.
    by_count: dict[int, list[tuple[str, ...]]] = {}
    if max(counts, default=1) == 1:
        by_count[1] = list(sets)
    else:
        for ids, count in zip(sets, counts, strict=True):
            by_count.setdefault(count, []).append(ids)
    total: Counter[str] = Counter()
    for count, same in by_count.items():
        named = Counter(chain.from_iterable(same))
        if count != 1:
            named = Counter({pid: n * count for pid, n in named.items()})
        total.update(named)
    return dict(total)


def _point_scores(projects: Mapping[str, Project], table: BallotTable) -> dict[str, Number]:
    totals: dict[str, Number] = dict.fromkeys(projects, 0)
    for (ids, points), count in zip(table.distinct, table.counts, strict=True):
        for pid, pts in zip(ids, points or (), strict=False):
            totals[pid] += pts * count
    return {pid: normalize(total) for pid, total in totals.items()}
