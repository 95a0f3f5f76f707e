"""Method of Equal Shares with cost satisfaction, and its Add1 completions."""

from __future__ import annotations

from fractions import Fraction

import pytest

from flows.domain.tally import equal_shares, greedy, parse_pb, tally
from flows.domain.tally.mes import Completion, run_mes
from flows.domain.tally.mes_profile import build_profile

from .tally_helpers import pb_text

# Six voters want the A projects, four want the B projects; all cost 20.
PROPORTIONAL_COSTS = {"A1": 20, "A2": 20, "A3": 20, "B1": 20, "B2": 20}
PROPORTIONAL_BALLOTS = [("A1", "A2", "A3")] * 6 + [("B1", "B2")] * 4


def test_mes_gives_the_minority_its_share_where_greedy_does_not() -> None:
    mes = equal_shares(PROPORTIONAL_COSTS, PROPORTIONAL_BALLOTS, 60)
    votes = {"A1": 6, "A2": 6, "A3": 6, "B1": 4, "B2": 4}
    assert mes == ["A1", "B1"]
    assert greedy(PROPORTIONAL_COSTS, votes, 60) == ["A1", "A2", "A3"]


def test_mes_caps_poor_voters_at_what_they_have_left() -> None:
    # Share 10 each. x first (8 each from v1..v3); for y, v1 has only 2 left so v4 pays 10.
    ballots = [("x", "y"), ("x",), ("x",), ("y",)]
    assert equal_shares({"x": 24, "y": 12}, ballots, 40) == ["x", "y"]
    assert equal_shares({"x": 24, "y": 13}, ballots, 40) == ["x"]


def test_mes_weights_count_like_repeated_ballots() -> None:
    weighted = equal_shares(PROPORTIONAL_COSTS, [("A1", "A2", "A3"), ("B1", "B2")], 60,
                            weights=[6, 4])
    assert weighted == equal_shares(PROPORTIONAL_COSTS, PROPORTIONAL_BALLOTS, 60)


def test_mes_tie_on_payment_picks_cheaper_project_first() -> None:
    # Each voter alone pays the full cost: rho / cost is 1 for both projects.
    assert equal_shares({"x": 10, "y": 5}, [("x",), ("y",)], 20) == ["y", "x"]


def test_mes_tie_on_payment_and_cost_picks_smaller_id_first() -> None:
    assert equal_shares({"b": 5, "a": 5}, [("b",), ("a",)], 10) == ["a", "b"]


def test_mes_funds_free_supported_projects_first() -> None:
    assert equal_shares({"paid": 10, "free": 0, "orphan": 0}, [("paid", "free")], 10) == [
        "free", "paid"]


def test_mes_is_exact_with_thirds() -> None:
    # Three voters, 10 each: a costs 10 (10/3 each), then b at 20 takes the exact rest.
    assert equal_shares({"a": 10, "b": 20}, [("a", "b")] * 3, 30) == ["a", "b"]
    assert equal_shares({"a": 10, "b": Fraction(200000001, 10000000)}, [("a", "b")] * 3,
                        30) == ["a"]


def test_add1_stops_at_first_exhaustive_outcome() -> None:
    # Share 6 gives [A1, B1] (40 of 60, A2 still fits); share 7 spends all 60.
    assert equal_shares(PROPORTIONAL_COSTS, PROPORTIONAL_BALLOTS, 60, completion="add1") == [
        "A1", "A2", "B1"]


def test_add1_returns_last_outcome_within_budget_when_next_overspends() -> None:
    # Shares 7/2 and 9/2 fund A only; share 11/2 funds A and B (8 > 7).
    costs = {"A": 3, "B": 5, "C": 4}
    ballots = [("B",), ("A", "C")]
    assert equal_shares(costs, ballots, 7) == ["A"]
    assert equal_shares(costs, ballots, 7, completion="add1") == ["A"]


def test_add1_can_return_the_empty_outcome_when_first_raise_overspends() -> None:
    costs = {"A": 6, "B": 6}
    assert equal_shares(costs, [("A",), ("B",)], 6, completion="add1") == []


def test_add1_ignores_unsupported_projects_when_judging_exhaustiveness() -> None:
    # Share 2 funds D (2 of 6); only the unsupported A (4) would still fit.
    costs = {"A": 4, "B": 5, "C": 6, "D": 2}
    ballots = [("C", "D"), ("B",), ("C",)]
    assert equal_shares(costs, ballots, 6, completion="add1") == ["D"]


def add1_one_step_at_a_time(costs: dict[str, int], ballots: list[tuple[str, ...]],
                            budget: int, exhaustive_stop: bool) -> list[str]:
    """The Add1 definition followed literally: every share from budget/voters, step 1."""
    profile = build_profile(costs, ballots)
    share, previous = Fraction(budget, profile.voters), list(profile.free)
    while True:
        outcome = run_mes(profile, share)
        spent = sum(costs[p] for p in outcome)
        if spent > budget:
            return previous
        left = budget - spent
        if len(outcome) == len(costs) or (exhaustive_stop and all(
                p in outcome or c > left for p, c in costs.items())):
            return outcome
        previous, share = outcome, share + 1


@pytest.mark.parametrize("stop", [True, False])
@pytest.mark.parametrize(("costs", "ballots", "budget"), [
    ({"A": 600, "B": 600}, [("A",), ("B",)], 1000),
    ({"A": 700, "B": 300, "C": 450}, [("A",), ("A", "B"), ("C",)], 1000),
    ({"A": 900, "B": 200}, [("A",), ("B",), ("B",)], 1000),
])
def test_add1_with_few_voters_and_a_large_budget_gives_the_step_by_step_outcome(
        costs: dict[str, int], ballots: list[tuple[str, ...]], budget: int, stop: bool) -> None:
    completion: Completion = "add1" if stop else "add1-comparison"
    assert equal_shares(costs, ballots, budget, completion=completion) == \
        add1_one_step_at_a_time(costs, ballots, budget, stop)


def test_add1_with_two_voters_and_ten_million_finishes() -> None:
    """A million steps of 1 buy nothing here; the result is the empty outcome."""
    costs = {"A": 6_000_000, "B": 6_000_000}
    assert equal_shares(costs, [("A",), ("B",)], 10_000_000, completion="add1") == []


def test_add1_comparison_goes_past_exhaustive_outcome_until_overspending() -> None:
    # Share 2: [D] is exhaustive; share 3 and 4: [C] spends 6; share 5 overspends.
    costs = {"A": 4, "B": 5, "C": 6, "D": 2}
    ballots = [("C", "D"), ("B",), ("C",)]
    assert equal_shares(costs, ballots, 6, completion="add1-comparison") == ["C"]


def test_add1_and_add1_comparison_differ_on_exhaustive_small_outcome() -> None:
    # Share 5/3 funds C alone (exhaustive); share 8/3 funds A; share 11/3 overspends.
    costs = {"A": 5, "B": 5, "C": 1}
    ballots = [("A", "B", "C"), ("B",), ("A",)]
    assert equal_shares(costs, ballots, 5, completion="add1") == ["C"]
    assert equal_shares(costs, ballots, 5, completion="add1-comparison") == ["A"]


def test_add1_comparison_stops_once_everything_supported_is_funded() -> None:
    assert equal_shares({"a": 1, "b": 1}, [("a",), ("b",)], 10,
                        completion="add1-comparison") == ["a", "b"]


def test_tally_equalshares_reads_cumulative_ballots_as_approvals() -> None:
    text = pb_text([("a", "50"), ("b", "50")], ["1;a,b;2,1", "2;b;3"],
                   vote_type="cumulative", votes_header="voter_id;vote;points",
                   rule="equalshares")
    # Share 50: b (25 each) first, then voter 1 has 25 left, too little for a.
    outcome = tally(parse_pb(text))
    assert outcome.selected == ["b"]
    assert outcome.spent == 50


def test_tally_add1_by_name_reports_spent_money() -> None:
    votes = [f"{i};A1,A2,A3" for i in range(6)] + [f"b{i};B1,B2" for i in range(4)]
    text = pb_text([(pid, "20") for pid in PROPORTIONAL_COSTS], votes, budget="60",
                   rule="equalshares/add1")
    outcome = tally(parse_pb(text))
    assert outcome.selected == ["A1", "A2", "B1"]
    assert (outcome.spent, outcome.budget) == (60, 60)
