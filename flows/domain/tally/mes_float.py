"""MES in floating point, for speed, that gives up rather than guess when a decision is close.

Every decision MES takes (which project is cheapest per unit of cost, whether a project is
still affordable, which supporters pay all they have) compares two quantities. Here each is
computed with doubles and a bound on its rounding error; when two quantities are closer than
the bound allows to call (a tie, an exact fit, a budget right at the price), this answers None
and the exact run (mes.py) decides. Otherwise every decision, hence the order of purchases, is
the exact one.

Two bounds are kept: ``error``, on the sum over voters of how far each float budget may be
from the exact one, and ``worst``, on any one voter's distance. A purchase makes ``error``
grow by its rounding only, since what the poor pay too much or too little (their errors) the
rich make up, in both computations alike (the total paid is the price); ``worst`` grows by
the error of ``rho``, which is ``error`` shared among the rich.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from .mes_profile import MesProfile
from .numbers import Number

EPS = float(np.finfo(np.float64).eps)
# Two quantities are too close to call when within SAFETY times the sum of their error
# bounds; and bounds wider than MARGIN (relative) are not trusted at all.
SAFETY = 4.0
MARGIN = 1e-6
LOWEST, HIGHEST = 1e-200, 1e200  # amounts (share, costs) counted in floats
Floats = npt.NDArray[np.float64]


class TooClose(Exception):
    """A decision fell within the rounding margin: only exact arithmetic can take it."""


def run_mes_float(profile: MesProfile, share: Fraction) -> list[int] | None:
    """Indices of the projects MES buys, in order; None when exact arithmetic must decide."""
    if min(profile.support, default=1) == 0 or not _in_range([share, *profile.costs]):
        return None
    try:
        return _FloatMes(profile, share).run()
    except TooClose:
        return None


def _in_range(amounts: list[Number]) -> bool:
    """Whether every positive amount is a double far from overflow and from subnormals."""
    # Far from both ends, the bounds' own rounding (relative) holds; near them it does not.
    return all(LOWEST < amount < HIGHEST for amount in amounts if amount > 0)


class _FloatMes:
    """Budgets per unit as doubles, within ``worst`` each and ``error`` in all of exact."""

    def __init__(self, profile: MesProfile, share: Fraction) -> None:
        self.members = profile.members
        self.costs = [float(cost) for cost in profile.costs]
        self.weights = profile.weights.astype(np.float64)
        self.unweighted = bool((profile.weights == 1).all())
        self.share = float(share)
        self.budget = np.full(len(profile.weights), self.share)
        self.worst = self.share * EPS
        self.error = profile.voters * self.worst
        self.support = [float(n) for n in profile.support]
        # rho / cost only grows as budgets shrink, so the last value is a lower bound.
        self.lower = [1.0 / n for n in self.support]
        self.active = set(range(len(self.costs)))

    def run(self) -> list[int]:
        bought: list[int] = []
        while (choice := self._best()) is not None:
            project, payment = choice
            self._charge(project, payment)
            bought.append(project)
        return bought

    def _best(self) -> tuple[int, _Payment] | None:
        best: tuple[float, int, _Payment] | None = None
        for p in sorted(self.active, key=lambda i: (self.lower[i], i)):
            # Both ratios are within MARGIN of exact (`_payment` refuses wider bounds).
            if best is not None and self.lower[p] > best[0] * (1 + SAFETY * MARGIN):
                break
            payment = self._payment(p)
            if payment is None:
                self.active.discard(p)
                continue
            ratio = payment.rho / self.costs[p]
            self.lower[p] = ratio
            if best is None or self._beats(ratio, p, payment, best):
                best = (ratio, p, payment)
        return None if best is None else (best[1], best[2])

    def _beats(self, ratio: float, p: int, payment: _Payment,
               best: tuple[float, int, _Payment]) -> bool:
        close = SAFETY * (payment.spread + best[2].spread) * max(ratio, best[0])
        if abs(ratio - best[0]) > close:
            return ratio < best[0]
        return self._exactly_better(p, payment, best[1:])

    def _exactly_better(self, p: int, payment: _Payment, best: tuple[int, _Payment]) -> bool:
        """Between two close ratios, whether ``p``'s is smaller, or equal with ``p`` first.

        Only when neither project has a supporter short of ``rho``: each ratio is then
        exactly 1 / support (the usual tie: as many supporters, all able to pay).
        """
        q, other = best
        if not (payment.all_pay_rho and other.all_pay_rho):
            raise TooClose
        return (self.support[p], -p) > (self.support[q], -q)

    def _payment(self, p: int) -> _Payment | None:
        """What each supporter of ``p`` pays (``rho``, or all they have); None if unaffordable."""
        units, cost, support = self.members[p], self.costs[p], self.support[p]
        budgets = self.budget[units]
        weights = None if self.unweighted else self.weights[units]
        held = _total(budgets, weights)
        rounding = _sum_rounding(len(units))
        if abs(held - cost) <= SAFETY * (self.error + rounding * held + 2 * EPS * cost):
            raise TooClose  # the supporters hold about exactly the price
        if held < cost:
            return None
        remaining, rich, poor_held = cost, support, 0.0
        poor = np.zeros(len(budgets), np.bool_)
        while True:
            rho = remaining / rich
            # The poor only join, as in exact arithmetic: rounding alone could otherwise make
            # a budget equal to rho leave and rejoin forever (the window check then refuses).
            poor |= budgets < rho
            poor_weight = _weight(poor, weights)
            if support - poor_weight == rich:
                break
            poor_held = _total(budgets[poor], None if weights is None else weights[poor])
            remaining, rich = cost - poor_held, support - poor_weight
        # What the poor hold is off by at most `error` (plus rounding), and the rich make up
        # the difference: rho is off by that over their number.
        rho_error = (self.error + rounding * (poor_held + cost)) / rich + 2 * EPS * rho
        if self.worst + rho_error > rho * MARGIN:
            raise TooClose  # bounds this wide are not worth trusting
        window = SAFETY * (self.worst + rho_error + 2 * EPS * rho)
        if _weight(abs(budgets - rho) <= window, weights):
            raise TooClose  # a supporter holds about rho: who pays all is not certain
        return _Payment(rho, rho_error, rounding * (poor_held + cost) + EPS * held,
                        all_pay_rho=rich == support, spread=rho_error / rho + 2 * EPS)

    def _charge(self, project: int, payment: _Payment) -> None:
        self.active.discard(project)
        units = self.members[project]
        self.budget[units] = np.maximum(self.budget[units] - payment.rho, 0.0)
        self.worst += payment.error + EPS * self.share
        self.error += payment.rounding + 2 * EPS * self.costs[project]


@dataclass(frozen=True)
class _Payment:
    """``rho``, its error, and the rounding that paying it adds to the sum of errors."""

    rho: float
    error: float
    rounding: float
    all_pay_rho: bool
    spread: float  # a bound on the relative error of rho / cost


def _weight(which: npt.NDArray[np.bool_], weights: Floats | None) -> float:
    return float(np.count_nonzero(which) if weights is None else weights[which].sum())


def _sum_rounding(terms: int) -> float:
    """A bound on the relative rounding error of `_total` over ``terms`` non-negative doubles."""
    # numpy sums pairwise, in blocks of at most 128 added in turn; one more rounding for
    # multiplying by the weights.
    return (min(128 + math.ceil(math.log2(terms + 1)), terms) + 1) * EPS * 2


def _total(values: Floats, weights: Floats | None) -> float:
    # Not `values @ weights`: a BLAS dot product promises no pairwise summation.
    return float(values.sum() if weights is None else (values * weights).sum())
