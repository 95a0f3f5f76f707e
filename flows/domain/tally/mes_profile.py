"""What MES reads: the supported projects in tie order, their costs, and who supports each."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, repeat

import numpy as np

from .approval_columns import ApprovalColumns, Ints
from .numbers import Number
from .tiebreak import tie_key


@dataclass(frozen=True)
class MesProfile:
    """Supported, positive-cost projects indexed 0..n-1 in tie order, over weighted units.

    A unit is a group of voters with the same approval set (or one voter); ``members[p]``
    lists, in increasing order, the units approving ``p``. ``free`` are the zero-cost
    projects someone supports: bought first, for nothing.
    """

    ids: list[str]
    costs: list[Number]
    free: list[str]
    weights: Ints
    members: list[Ints]
    voters: int

    @cached_property
    def supporters(self) -> list[list[int]]:
        """``members`` as lists of ints, for the exact run."""
        return [units.tolist() for units in self.members]

    @cached_property
    def counted(self) -> list[list[int]]:
        """Each project's units, each repeated as many times as its weight: one per voter."""
        if bool((self.weights == 1).all()):
            return self.supporters
        weights = self.weights.tolist()
        return [list(chain.from_iterable(map(repeat, units, map(weights.__getitem__, units))))
                for units in self.supporters]

    @cached_property
    def support(self) -> list[int]:
        """How many voters support each project."""
        return [int(self.weights[units].sum()) for units in self.members]


def build_profile(
    costs: Mapping[str, Number],
    ballots: Iterable[Collection[str]],
    weights: Iterable[int] | None = None,
) -> MesProfile:
    """Group identical approval sets; reject ids missing from ``costs``."""
    groups = _group_ballots(ballots, weights)
    units = list(groups)
    named = set(chain.from_iterable(units))
    unknown = sorted(named - costs.keys())
    if unknown:
        raise ValueError(f"ballot names unknown project {unknown[0]!r}")
    index = {pid: i for i, pid in enumerate(named)}
    columns = ApprovalColumns(
        ids=list(named),
        project=np.fromiter(map(index.__getitem__, chain.from_iterable(units)), np.int64),
        voter=np.repeat(np.arange(len(units), dtype=np.int64), list(map(len, units))),
        voters=len(units))
    return _profile(costs, columns, np.array(list(groups.values()), np.int64))


def profile_of_columns(costs: Mapping[str, Number], columns: ApprovalColumns) -> MesProfile:
    """The profile of approval columns, one unit per voter."""
    return _profile(costs, columns, np.ones(columns.voters, np.int64))


def _profile(costs: Mapping[str, Number], columns: ApprovalColumns, weights: Ints) -> MesProfile:
    members = columns.members()
    named = [i for i, units in enumerate(members) if len(units)]
    ordered = sorted(named, key=lambda i: tie_key(columns.ids[i], costs[columns.ids[i]]))
    paid = [i for i in ordered if costs[columns.ids[i]] > 0]
    return MesProfile(ids=[columns.ids[i] for i in paid],
                      costs=[costs[columns.ids[i]] for i in paid],
                      free=[columns.ids[i] for i in ordered if costs[columns.ids[i]] == 0],
                      weights=weights, members=[members[i] for i in paid],
                      voters=int(weights.sum()))


def _group_ballots(
    ballots: Iterable[Collection[str]], weights: Iterable[int] | None
) -> dict[frozenset[str], int]:
    if weights is None:
        return dict(Counter(map(frozenset, ballots)))
    keys, counts = list(map(frozenset, ballots)), list(weights)
    if len(keys) != len(counts):
        raise ValueError("as many weights as ballots are needed")
    if min(counts, default=0) < 0:
        raise ValueError("ballot weights must not be negative")
    groups = dict(zip(keys, counts, strict=True))
    if len(groups) == len(keys):
        return groups  # already grouped (the usual case: Election.approval_groups)
    groups = {}
    for key, weight in zip(keys, counts, strict=True):
        groups[key] = groups.get(key, 0) + weight
    return groups
