"""MES in floating point: the exact run's purchases, or no answer when a decision is close."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import pytest

from bench.synthetic_election import city_pb_lines
from flows.domain.tally import equal_shares, load_pb, parse_pb
from flows.domain.tally.mes import run_mes, run_mes_exact
from flows.domain.tally.mes_float import run_mes_float
from flows.domain.tally.mes_profile import MesProfile, build_profile, profile_of_columns
from flows.domain.tally.numbers import Number

from .tally_helpers import PABULIB_DIR

REAL_FILES = sorted(PABULIB_DIR.glob("*.pb"), key=lambda path: path.name)


def share_of(profile: MesProfile, budget: Number) -> Fraction:
    return Fraction(budget) / profile.voters


def float_purchases(profile: MesProfile, share: Fraction) -> list[str] | None:
    bought = run_mes_float(profile, share)
    return None if bought is None else [*profile.free, *(profile.ids[p] for p in bought)]


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda path: path.name)
def test_float_run_buys_what_the_exact_run_buys_on_every_real_file(path: Path) -> None:
    election = load_pb(path)
    costs = {pid: project.cost for pid, project in election.projects.items()}
    groups = election.approval_groups()
    profile = build_profile(costs, groups.keys(), groups.values())
    share = share_of(profile, election.budget)
    assert float_purchases(profile, share) == run_mes_exact(profile, share)


def test_a_city_is_counted_in_floats_one_voter_per_unit() -> None:
    election = parse_pb("\n".join(city_pb_lines(voters=4_000, projects=80)) + "\n")
    assert election.approvals is not None
    costs = {pid: project.cost for pid, project in election.projects.items()}
    profile = profile_of_columns(costs, election.approvals)
    share = share_of(profile, election.budget)
    bought = float_purchases(profile, share)
    assert bought is not None and len(bought) > 10
    assert bought == run_mes_exact(profile, share)


def test_add1_s_raised_shares_are_counted_in_floats_like_exact() -> None:
    election = parse_pb("\n".join(city_pb_lines(voters=3_000, projects=60, seed=7)) + "\n")
    assert election.approvals is not None
    costs = {pid: project.cost for pid, project in election.projects.items()}
    profile = profile_of_columns(costs, election.approvals)
    for raised in range(0, 40, 4):
        share = share_of(profile, election.budget) + raised
        bought = float_purchases(profile, share)
        assert bought is not None, f"share raised by {raised} left to the exact run"
        assert bought == run_mes_exact(profile, share)


def test_a_tie_among_supporters_who_can_all_pay_goes_to_the_cheaper_project() -> None:
    # Two supporters each: rho / cost is exactly 1/2 for both.
    costs: dict[str, Number] = {"x": 10, "y": 6}
    profile = build_profile(costs, [("x",), ("x",), ("y",), ("y",)])
    assert float_purchases(profile, Fraction(10)) == ["y", "x"]
    assert run_mes_exact(profile, Fraction(10)) == ["y", "x"]


def test_a_project_paid_by_one_voter_s_whole_share_is_left_to_the_exact_run() -> None:
    profile = build_profile({"x": 10, "y": 5}, [("x",), ("y",)])
    assert run_mes_float(profile, Fraction(10)) is None
    assert equal_shares({"x": 10, "y": 5}, [("x",), ("y",)], 20) == ["y", "x"]


def test_supporters_holding_exactly_the_price_are_left_to_the_exact_run() -> None:
    profile = build_profile({"x": 30}, [("x",)] * 3)
    assert run_mes_float(profile, Fraction(10)) is None
    assert run_mes(profile, Fraction(10)) == ["x"]


def test_a_budget_right_at_the_price_is_left_to_the_exact_run() -> None:
    # After x, the x-and-y voters hold 4 each; y at 12 over 3 supporters asks exactly 4.
    costs = {"x": 12, "y": 12}
    ballots = [("x", "y"), ("x", "y"), ("x",), ("y",)]
    profile = build_profile(costs, ballots)
    assert run_mes_float(profile, Fraction(8)) is None
    assert run_mes(profile, Fraction(8)) == run_mes_exact(profile, Fraction(8))


def test_a_budget_exactly_at_rho_does_not_keep_the_float_run_going_round() -> None:
    # One supporter of p5 holds 35/3 when p5 asks exactly that: rounding alone would move
    # them in and out of the poor for ever.
    costs: dict[str, Number] = {"p1": 21, "p4": 56, "p5": 63}
    ballots = [("p5",), ("p5", "p1"), ("p1", "p4"), ("p5", "p4", "p1"), ("p1", "p4", "p5"),
               ("p5", "p4"), ("p1", "p5"), ("p4", "p1"), ("p4",)]
    profile = build_profile(costs, ballots)
    assert run_mes_float(profile, Fraction(21)) is None
    assert equal_shares(costs, ballots, 189) == ["p1", "p4", "p5"]


@pytest.mark.parametrize("scale", [Fraction(10) ** 400, Fraction(1, 7 * 10 ** 321)])
def test_amounts_beyond_what_doubles_hold_well_are_counted_exactly(scale: Fraction) -> None:
    costs: dict[str, Number] = {"a": 3 * scale, "b": 2 * scale}
    ballots = [("a",), ("a",), ("a", "b"), ("b",)]
    profile = build_profile(costs, ballots)
    assert run_mes_float(profile, scale) is None
    assert run_mes(profile, scale) == run_mes_exact(profile, scale)


@pytest.mark.parametrize("seed", range(300))
def test_float_and_exact_runs_agree_on_small_random_elections(seed: int) -> None:
    rng = random.Random(seed)
    names = [f"p{i}" for i in range(rng.randint(2, 9))]
    # Few distinct costs and few voters: ties and exact fits are common.
    costs: dict[str, Number] = {pid: rng.choice([5, 10, 12, 15, 30]) for pid in names}
    ballots = [tuple(rng.sample(names, rng.randint(1, len(names))))
               for _ in range(rng.randint(1, 12))]
    profile = build_profile(costs, ballots)
    share = Fraction(rng.choice([20, 25, 30, 45]), rng.choice([1, 3, 7]))
    fast = float_purchases(profile, share)
    assert fast is None or fast == run_mes_exact(profile, share)
    assert run_mes(profile, share) == run_mes_exact(profile, share)


def test_random_elections_are_mostly_counted_in_floats() -> None:
    rng = random.Random(2026)
    answered = 0
    for _ in range(100):
        names = [f"p{i}" for i in range(20)]
        costs: dict[str, Number] = {pid: rng.randrange(1_000, 100_000, 7) for pid in names}
        ballots = [tuple(rng.sample(names, rng.randint(1, 6))) for _ in range(300)]
        profile = build_profile(costs, ballots)
        share = Fraction(sum(costs.values()) // 3, profile.voters)
        fast = float_purchases(profile, share)
        assert fast is None or fast == run_mes_exact(profile, share)
        answered += fast is not None
    assert answered >= 95
