"""The chi-square p-value the ballot-order tests rely on matches the published tables."""

from __future__ import annotations

import math

import pytest

from tests.flows.chisquare import chi_square_p, upper_gamma


@pytest.mark.parametrize(("df", "critical", "p"), [
    (1, 3.841, 0.05), (1, 10.828, 0.001), (4, 18.467, 0.001), (7, 24.322, 0.001),
    (7, 14.067, 0.05), (11, 31.264, 0.001), (30, 59.703, 0.001), (2, 0.103, 0.95),
])
def test_p_value_at_the_tabulated_critical_values(df: int, critical: float, p: float) -> None:
    assert upper_gamma(df / 2, critical / 2) == pytest.approx(p, rel=2e-3)


def test_two_degrees_of_freedom_has_the_closed_form() -> None:
    for x in (0.5, 3.0, 10.0, 40.0):
        assert upper_gamma(1.0, x / 2) == pytest.approx(math.exp(-x / 2), rel=1e-12)


def test_even_counts_fit_and_lopsided_counts_do_not() -> None:
    assert chi_square_p([375] * 8) == pytest.approx(1.0)
    assert chi_square_p([3000, 0, 0, 0, 0, 0, 0, 0]) < 1e-100
