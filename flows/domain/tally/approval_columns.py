"""Approval ballots as two integer columns: which voter named which project, one row per name.

A city's file names projects 1.35 million times; as columns that is a few megabytes of ints
that counting reads in C (numpy), instead of a Python tuple per ballot. The per-ballot form
(`BallotTable`) is made from the columns only when something other than counting asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

import numpy as np
import numpy.typing as npt

from .election import Ballot, BallotTable

Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class ApprovalColumns:
    """``project[k]`` (an index into ``ids``) was named by ``voter[k]``, in file order.

    Each voter names each project at most once; voters are numbered 0..voters-1.
    """

    ids: list[str]
    project: Ints
    voter: Ints
    voters: int

    def counts(self) -> dict[str, int]:
        """How many voters name each project (0 for those nobody named)."""
        named = np.bincount(self.project, minlength=len(self.ids)).tolist()
        return dict(zip(self.ids, named, strict=True))

    def members(self) -> list[Ints]:
        """For each project, the voters naming it, in increasing order."""
        if not self.ids:
            return []
        # A stable sort keeps each project's voters in file order, i.e. increasing; on
        # 16-bit keys numpy's stable sort is a radix sort, five times faster than on int64.
        keys = self.project.astype(np.uint16) if len(self.ids) <= 1 << 16 else self.project
        by_project = self.voter[np.argsort(keys, kind="stable")]
        bounds = np.cumsum(np.bincount(self.project, minlength=len(self.ids)))
        return np.split(by_project, bounds[:-1])

    def table(self) -> BallotTable:
        """The same ballots as a table of distinct ballots (ids are ``ids``' own strings)."""
        names = list(map(self.ids.__getitem__, self.project.tolist()))
        per_voter = np.bincount(self.voter, minlength=self.voters).tolist()
        ends = accumulate(per_voter)
        return BallotTable.of(Ballot(tuple(names[end - n:end]))
                              for n, end in zip(per_voter, ends, strict=True))
