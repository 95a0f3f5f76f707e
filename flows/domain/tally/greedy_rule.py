"""Greedy counting: fund projects by score, highest first, while the budget allows."""

from __future__ import annotations

from collections.abc import Mapping

from .numbers import Number
from .tiebreak import tie_key


def ranking(costs: Mapping[str, Number], scores: Mapping[str, Number]) -> list[str]:
    """Project ids by score descending, ties broken by ``tie_key`` (cheaper, then smaller id)."""
    return sorted(costs, key=lambda pid: (-scores.get(pid, 0), *tie_key(pid, costs[pid])))


def greedy(
    costs: Mapping[str, Number],
    scores: Mapping[str, Number],
    budget: Number,
    *,
    skip: bool = True,
    min_score: Number | None = None,
) -> list[str]:
    """Selected ids in funding order; ``skip=False`` stops at the first project that does not fit.

    Projects scoring below ``min_score`` (when given) are left out before counting.
    """
    remaining = budget
    selected: list[str] = []
    for pid in ranking(costs, scores):
        if min_score is not None and scores.get(pid, 0) < min_score:
            continue
        if costs[pid] <= remaining:
            selected.append(pid)
            remaining -= costs[pid]
        elif not skip:
            break
    return selected
