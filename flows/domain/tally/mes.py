"""Method of Equal Shares (MES) with cost satisfaction, exact arithmetic, and Add1 completion.

Every voter gets an equal share of the budget; a project is bought by its supporters, the
cheapest per unit of satisfaction first (smallest payment per unit of cost, ``rho / cost``),
each supporter paying ``rho`` or what they have left. Ties go to ``tie_key`` (cheaper, then
smaller id). Voters with identical approval sets are grouped into units; a project is weighed
only when it might be the next one bought (its last ratio is a lower bound). Each run is
first made in floating point (mes_float.py), which answers only when no decision was close;
otherwise the exact run here decides, its bulk steps done with C-level maps.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Collection, Iterable, Mapping
from fractions import Fraction
from itertools import repeat
from operator import mul
from typing import TYPE_CHECKING, Literal

from .numbers import Number

if TYPE_CHECKING:
    from .approval_columns import ApprovalColumns
    from .mes_profile import MesProfile

# The numpy modules are imported when a count runs: the bot loads this engine at start-up
# and counts once a campaign, so its workers need not carry numpy (0.1 s, 12 MB) until then.

Completion = Literal["none", "add1", "add1-comparison"]


def equal_shares(
    costs: Mapping[str, Number],
    ballots: Iterable[Collection[str]],
    budget: Number,
    *,
    weights: Iterable[int] | None = None,
    completion: Completion = "none",
) -> list[str]:
    """MES winners in selection order; ``weights`` repeat ballots, ``completion`` picks Add1."""
    from .mes_profile import build_profile

    return solve(build_profile(costs, ballots, weights), budget, completion)


def equal_shares_of_columns(
    costs: Mapping[str, Number], columns: ApprovalColumns, budget: Number,
    completion: Completion = "none",
) -> list[str]:
    """``equal_shares`` over approval columns, one voter per unit."""
    from .mes_profile import profile_of_columns

    return solve(profile_of_columns(costs, columns), budget, completion)


def solve(profile: MesProfile, budget: Number, completion: Completion) -> list[str]:
    """MES winners of a profile in selection order, with the ``completion`` asked for."""
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
    from .mes_float import run_mes_float

    fast = run_mes_float(profile, share)
    if fast is not None:
        return [*profile.free, *map(profile.ids.__getitem__, fast)]
    return run_mes_exact(profile, share)


def run_mes_exact(profile: MesProfile, share: Fraction) -> list[str]:
    """One MES run in exact arithmetic: the reference the floating-point run defers to."""
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
