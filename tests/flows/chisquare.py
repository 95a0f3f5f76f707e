"""Pearson's chi-square goodness-of-fit p-value, without scipy.

The p-value of a statistic x with k degrees of freedom is Q(k/2, x/2), the regularized upper
incomplete gamma function: a series below a + 1, Lentz's continued fraction above
(Numerical Recipes, 2nd ed., section 6.2).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

EPSILON = 1e-15
TINY = 1e-300


def upper_gamma(a: float, x: float) -> float:
    """Q(a, x) = Γ(a, x) / Γ(a), for a > 0 and x >= 0."""
    if x <= 0:
        return 1.0
    log_front = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        n = a
        while abs(term) > abs(total) * EPSILON:
            n += 1
            term *= x / n
            total += term
        return 1.0 - total * math.exp(log_front)
    b = x + 1 - a
    c, d = 1 / TINY, 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = TINY if abs(d) < TINY else d
        c = b + an / c
        c = TINY if abs(c) < TINY else c
        d = 1 / d
        step = d * c
        h *= step
        if abs(step - 1) < EPSILON:
            break
    return math.exp(log_front) * h


def chi_square_p(observed: Sequence[int]) -> float:
    """p-value that counts this uneven came from equally likely outcomes."""
    expected = sum(observed) / len(observed)
    statistic = sum((o - expected) ** 2 / expected for o in observed)
    return upper_gamma((len(observed) - 1) / 2, statistic / 2)
