"""Method of Equal Shares (MES) with cost satisfaction, exact arithmetic, and Add1 completion.

Every voter gets an equal share of the budget; a project is bought by its supporters, the
cheapest per unit of satisfaction first (smallest payment per unit of cost, ``rho / cost``),
each supporter paying ``rho`` or what they have left. Ties go to ``tie_key`` (cheaper, then
smaller id). Voters with identical approval sets are grouped; voters with the same remaining
budget form one budget class, so a round only looks at a few classes per project.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from .numbers import Number
from .tiebreak import tie_key

Completion = Literal["none", "add1", "add1-comparison"]


@dataclass(frozen=True)
class MesProfile:
    """Ballots grouped for MES: supported, positive-cost projects indexed 0..n-1."""

    ids: list[str]
    costs: list[Number]
    free: list[str]
    weights: list[int]
    unit_projects: list[list[int]]
    supporters: list[list[int]]
    support: list[int]
    voters: int


def build_profile(
    costs: Mapping[str, Number],
    ballots: Iterable[Collection[str]],
    weights: Iterable[int] | None = None,
) -> MesProfile:
    """Group identical approval sets; reject ids missing from ``costs``."""
    groups = _group_ballots(ballots, weights)
    voters = sum(groups.values())
    support: dict[str, int] = {}
    for approved, weight in groups.items():
        for pid in approved:
            if pid not in costs:
                raise ValueError(f"ballot names unknown project {pid!r}")
            support[pid] = support.get(pid, 0) + weight
    ordered = sorted(support, key=lambda pid: tie_key(pid, costs[pid]))
    ids = [pid for pid in ordered if costs[pid] > 0]
    index = {pid: i for i, pid in enumerate(ids)}
    unit_projects: list[list[int]] = []
    supporters: list[list[int]] = [[] for _ in ids]
    for approved in groups:
        unit = len(unit_projects)
        projects = [index[pid] for pid in approved if pid in index]
        unit_projects.append(projects)
        for p in projects:
            supporters[p].append(unit)
    return MesProfile(ids=ids, costs=[costs[pid] for pid in ids],
                      free=[pid for pid in ordered if costs[pid] == 0],
                      weights=list(groups.values()), unit_projects=unit_projects,
                      supporters=supporters, support=[support[pid] for pid in ids],
                      voters=voters)


def _group_ballots(
    ballots: Iterable[Collection[str]], weights: Iterable[int] | None
) -> dict[frozenset[str], int]:
    if weights is None:
        return dict(Counter(map(frozenset, ballots)))
    groups: dict[frozenset[str], int] = {}
    for ballot, weight in zip(ballots, weights, strict=True):
        if weight < 0:
            raise ValueError("ballot weights must not be negative")
        key = frozenset(ballot)
        groups[key] = groups.get(key, 0) + weight
    return groups


def equal_shares(
    costs: Mapping[str, Number],
    ballots: Iterable[Collection[str]],
    budget: Number,
    *,
    weights: Iterable[int] | None = None,
    completion: Completion = "none",
) -> list[str]:
    """MES winners in selection order; ``weights`` repeat ballots, ``completion`` picks Add1."""
    profile = build_profile(costs, ballots, weights)
    if profile.voters == 0:
        return []
    if completion == "none":
        return run_mes(profile, Fraction(budget) / profile.voters)
    return complete_add1(profile, budget, exhaustive_stop=completion == "add1")


def complete_add1(profile: MesProfile, budget: Number, *, exhaustive_stop: bool) -> list[str]:
    """Rerun MES with every share raised by 1 until overspending (or, optionally, exhaustive)."""
    share = Fraction(budget) / profile.voters
    previous = list(profile.free)
    everything = len(profile.free) + len(profile.ids)
    while True:
        outcome = run_mes(profile, share)
        spent = _spent(profile, outcome)
        if spent > budget:
            return previous
        if len(outcome) == everything:
            return outcome
        if exhaustive_stop and _is_exhaustive(profile, outcome, budget - spent):
            return outcome
        previous = outcome
        share += _steps_to_next_change(profile, share) if len(outcome) == len(profile.free) \
            else 1


def _steps_to_next_change(profile: MesProfile, share: Fraction) -> int:
    """Whole steps of 1 before MES can buy anything at all: every run in between buys nothing,
    exactly like this one, so skipping them changes no outcome (only the time taken)."""
    # Nothing is bought while, for every project, all its supporters' shares fall short.
    needed = min(Fraction(cost) / support
                 for cost, support in zip(profile.costs, profile.support, strict=True))
    return max(1, math.ceil(needed - share))


def _spent(profile: MesProfile, outcome: list[str]) -> Number:
    cost = dict(zip(profile.ids, profile.costs, strict=True))
    return sum((cost.get(pid, 0) for pid in outcome), start=0)


def _is_exhaustive(profile: MesProfile, outcome: list[str], left: Number) -> bool:
    chosen = set(outcome)
    return all(pid in chosen or cost > left
               for pid, cost in zip(profile.ids, profile.costs, strict=True))


def run_mes(profile: MesProfile, share: Fraction) -> list[str]:
    """One MES run, without completion, each voter starting with ``share``."""
    state = _MesState(profile, share)
    selected = list(profile.free)
    while (choice := state.best_project()) is not None:
        project, num, den = choice
        selected.append(profile.ids[project])
        state.charge(project, num, den)
    return selected


class _MesState:
    """Remaining budgets as classes of equal value, and per-project class weights.

    Amounts are ints in units of ``1 / scale``; ``scale`` grows when a payment would
    otherwise be fractional, which keeps every comparison an exact int comparison.
    """

    def __init__(self, profile: MesProfile, share: Fraction) -> None:
        self.profile = profile
        scale = math.lcm(share.denominator, *(Fraction(c).denominator for c in profile.costs))
        start = share.numerator * (scale // share.denominator)
        self.cost = [int(c * scale) for c in profile.costs]
        self.class_budget: list[int] = [start]
        self.class_of: dict[int, int] = {start: 0}
        self.unit_class = [0] * len(profile.weights)
        self.counts: list[dict[int, int]] = [{0: n} for n in profile.support]
        self.alive = list(profile.support)
        self.available = [n * start for n in profile.support]
        # rho / cost only grows as budgets shrink, so the last value is a lower bound.
        self.lower = [Fraction(1, n) for n in profile.support]
        self.active = set(range(len(profile.ids)))

    def best_project(self) -> tuple[int, int, int] | None:
        """The project with the smallest ``rho / cost`` and its payment as ``(num, den)``."""
        best: tuple[Fraction, int, int, int] | None = None
        # Index order is tie order, so among equal ratios the smallest index wins.
        for p in sorted(self.active, key=lambda i: (self.lower[i], i)):
            if best is not None and self.lower[p] > best[0]:
                break
            payment = self._payment(p)
            if payment is None:
                self.active.discard(p)
                continue
            ratio = Fraction(payment[0], payment[1] * self.cost[p])
            self.lower[p] = ratio
            if best is None or ratio < best[0] or (ratio == best[0] and p < best[1]):
                best = (ratio, p, *payment)
        if best is None:
            return None
        return best[1], best[2], best[3]

    def _payment(self, p: int) -> tuple[int, int] | None:
        cost = self.cost[p]
        if self.available[p] < cost:
            return None
        table, budgets, rich = self.counts[p], self.class_budget, self.alive[p]
        if cost <= budgets[min(table, key=budgets.__getitem__)] * rich:
            return cost, rich
        remaining = cost
        for k in sorted(table, key=budgets.__getitem__):
            budget = budgets[k]
            if remaining <= budget * rich:
                return remaining, rich
            remaining -= budget * table[k]
            rich -= table[k]
        raise AssertionError("an affordable project always has a payment")

    def _rescale(self, factor: int) -> None:
        self.cost = [c * factor for c in self.cost]
        self.class_budget = [b * factor for b in self.class_budget]
        self.class_of = {b: k for k, b in enumerate(self.class_budget)}
        self.available = [a * factor for a in self.available]

    def _class_id(self, budget: int) -> int:
        if budget <= 0:
            return -1
        found = self.class_of.get(budget)
        if found is None:
            found = len(self.class_budget)
            self.class_budget.append(budget)
            self.class_of[budget] = found
        return found

    def charge(self, project: int, num: int, den: int) -> None:
        """Make each supporter of ``project`` pay ``num / den`` (or all they have left)."""
        self.active.discard(project)
        divisor = math.gcd(num, den)
        if den // divisor > 1:
            self._rescale(den // divisor)
        rho = num // divisor
        budgets = self.class_budget
        paid = {k: min(budgets[k], rho) for k in self.counts[project]}
        remap = {k: self._class_id(budgets[k] - pay) for k, pay in paid.items()}
        self._move_supporters(project, paid, remap)

    def _move_supporters(self, project: int, paid: dict[int, int], remap: dict[int, int]) -> None:
        weights, unit_projects = self.profile.weights, self.profile.unit_projects
        counts, available, alive, active = self.counts, self.available, self.alive, self.active
        for unit in self.profile.supporters[project]:
            old = self.unit_class[unit]
            if old < 0:
                continue
            new = remap[old]
            self.unit_class[unit] = new
            weight = weights[unit]
            spent = weight * paid[old]
            for q in unit_projects[unit]:
                if q not in active:
                    continue  # funded or unaffordable projects never need their tables again
                table = counts[q]
                left = table[old] - weight
                if left:
                    table[old] = left
                else:
                    del table[old]
                available[q] -= spent
                if new >= 0:
                    table[new] = table.get(new, 0) + weight
                else:
                    alive[q] -= weight
