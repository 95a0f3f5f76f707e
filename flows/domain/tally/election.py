"""In-memory participatory-budgeting election: META, projects and ballots of a pabulib file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .numbers import Number, normalize

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


@dataclass
class Election:
    """A parsed election; ``budget`` comes from META ``budget``, ``vote_type`` from META too."""

    meta: dict[str, str]
    projects: dict[str, Project]
    ballots: list[Ballot]
    budget: Number
    vote_type: str = "approval"

    def scores(self) -> dict[str, Number]:
        """Each project's score: points for cumulative/scoring ballots, else ballots naming it."""
        if self.vote_type in POINT_TYPES:
            return _point_scores(self.projects, self.ballots)
        return approval_counts(self.projects, self.ballots)

    def approval_sets(self) -> list[tuple[str, ...]]:
        """Every ballot read as the set of projects it supports (points ignored)."""
        return [supported(ballot) for ballot in self.ballots]

    def approval_groups(self) -> dict[frozenset[str], int]:
        """Distinct supported sets with how many ballots have each (points ignored)."""
        groups: Counter[frozenset[str]] = Counter()
        for (ids, points), count in _distinct(self.ballots).items():
            groups[frozenset(supported(Ballot(ids, points)))] += count
        return dict(groups)


BallotKey = tuple[tuple[str, ...], tuple[Number, ...] | None]


def _distinct(ballots: Sequence[Ballot]) -> Counter[BallotKey]:
    # Real elections repeat the same few ballots thousands of times: count each once.
    return Counter([(ballot.projects, ballot.points) for ballot in ballots])


def supported(ballot: Ballot) -> tuple[str, ...]:
    """The projects a ballot supports: all named ones, except those given zero points."""
    if ballot.points is None or min(ballot.points, default=1) > 0:
        return ballot.projects
    return tuple(p for p, pts in zip(ballot.projects, ballot.points, strict=True) if pts > 0)


def approval_counts(
    projects: Mapping[str, Project], ballots: Sequence[Ballot]
) -> dict[str, Number]:
    """Number of ballots supporting each project (0 for projects nobody named)."""
    counter: Counter[str] = Counter()
    for (ids, points), count in _distinct(ballots).items():
        for pid in supported(Ballot(ids, points)):
            counter[pid] += count
    return {pid: counter.get(pid, 0) for pid in projects}


def _point_scores(projects: Mapping[str, Project], ballots: Sequence[Ballot]) -> dict[str, Number]:
    totals: dict[str, Number] = dict.fromkeys(projects, 0)
    for (ids, points), count in _distinct(ballots).items():
        for pid, pts in zip(ids, points or (), strict=False):
            totals[pid] += pts * count
    return {pid: normalize(total) for pid, total in totals.items()}
