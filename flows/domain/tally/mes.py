"""Method of Equal Shares (MES) with cost satisfaction, exact arithmetic, and Add1 completion.

Every voter gets an equal share of the budget; a project is bought by its supporters, the
cheapest per unit of satisfaction first (smallest payment per unit of cost, ``rho / cost``),
each supporter paying ``rho`` or what they have left. Ties go to ``tie_key`` (cheaper, then
smaller id). Voters with identical approval sets are grouped into units; a project is weighed
only when it might be the next one bought (its last ratio is a lower bound), from its
supporters' budgets, read and charged with C-level maps.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import chain, repeat
from operator import call, mul
from typing import Literal

from .numbers import Number
from .tiebreak import tie_key

Completion = Literal["none", "add1", "add1-comparison"]


@dataclass(frozen=True)
class MesProfile:
    """Ballots grouped for MES: supported, positive-cost projects indexed 0..n-1.

    ``supporters[p]`` lists the groups (units) approving ``p``; ``counted[p]`` lists each
    unit as many times as its weight, so that counting it counts voters.
    """

    ids: list[str]
    costs: list[Number]
    free: list[str]
    weights: list[int]
    supporters: list[list[int]]
    counted: list[list[int]]
    support: list[int]
    voters: int


def build_profile(
    costs: Mapping[str, Number],
    ballots: Iterable[Collection[str]],
    weights: Iterable[int] | None = None,
) -> MesProfile:
    """Group identical approval sets; reject ids missing from ``costs``."""
    groups = _group_ballots(ballots, weights)
    units, unit_weights = list(groups), list(groups.values())
    named = set(chain.from_iterable(units))
    unknown = sorted(named - costs.keys())
    if unknown:
        raise ValueError(f"ballot names unknown project {unknown[0]!r}")
    ordered = sorted(named, key=lambda pid: tie_key(pid, costs[pid]))
    ids = [pid for pid in ordered if costs[pid] > 0]
    supporters: list[list[int]] = [[] for _ in ids]
    # One C-level pass (map over operator.call) appends each unit to its projects' lists;
    # a free project's appends go to a list that is dropped.
    dropped: list[int] = []
    append = dict.fromkeys(named, dropped.append)
    append.update((pid, supporters[i].append) for i, pid in enumerate(ids))
    deque(map(call, map(append.__getitem__, chain.from_iterable(units)),
              chain.from_iterable(map(repeat, range(len(units)), map(len, units)))), maxlen=0)
    if all(weight == 1 for weight in unit_weights):
        counted = supporters
    else:
        counted = [list(chain.from_iterable(map(repeat, units_of, map(
            unit_weights.__getitem__, units_of)))) for units_of in supporters]
    return MesProfile(ids=ids, costs=[costs[pid] for pid in ids],
                      free=[pid for pid in ordered if costs[pid] == 0],
                      weights=unit_weights, supporters=supporters, counted=counted,
                      support=list(map(len, counted)), voters=sum(unit_weights))


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
    """Each unit's remaining budget, as an int in units of ``1 / scale``.

    ``scale`` grows when a payment would otherwise be fractional, which keeps every
    comparison an exact int comparison. Exact payments leave almost every voter with a
    budget of their own after a few purchases, so budgets are kept per unit, and every bulk
    step (reading a project's supporters' budgets, charging them) is a C-level map.
    """

    def __init__(self, profile: MesProfile, share: Fraction) -> None:
        self.profile = profile
        scale = math.lcm(share.denominator, *(Fraction(c).denominator for c in profile.costs))
        start = share.numerator * (scale // share.denominator)
        self.cost = [int(c * scale) for c in profile.costs]
        self.budget = [start] * len(profile.weights)
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
        """``(remaining, rich)``: each supporter pays ``remaining / rich`` or all they have.

        Supporters holding less than ``rho`` pay all they have, which raises ``rho`` for the
        others; repeated until no one else falls short (the set of those only grows).
        """
        budgets = list(map(self.budget.__getitem__, self.profile.counted[p]))
        cost = self.cost[p]
        remaining, rich, short = cost, len(budgets), 0
        while rich:
            # For an int b, b < remaining / rich is b < ceil(remaining / rich).
            poor = list(filter((-(-remaining // rich)).__gt__, budgets))
            if len(poor) == short:
                return remaining, rich
            short = len(poor)
            remaining, rich = cost - sum(poor), len(budgets) - short
        return None  # everyone falls short: all their money together is less than the cost

    def charge(self, project: int, num: int, den: int) -> None:
        """Make each supporter of ``project`` pay ``num / den`` (or all they have left)."""
        self.active.discard(project)
        divisor = math.gcd(num, den)
        factor = den // divisor
        if factor > 1:
            self.cost = [c * factor for c in self.cost]
            self.budget = list(map(mul, self.budget, repeat(factor)))
        rho = num // divisor
        units, budget = self.profile.supporters[project], self.budget
        left = [b - rho if b > rho else 0 for b in map(budget.__getitem__, units)]
        deque(map(budget.__setitem__, units, left), maxlen=0)
