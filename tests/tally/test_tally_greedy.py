"""Greedy rules: skip, no-skip, threshold, and the tie-break order."""

from __future__ import annotations

from fractions import Fraction

import pytest

from flows.domain.tally import UnknownRuleError, greedy, parse_pb, tally

from .tally_helpers import pb_text


def test_greedy_funds_by_score_and_skips_project_that_does_not_fit() -> None:
    costs = {"a": 60, "b": 50, "c": 40}
    scores = {"a": 9, "b": 8, "c": 7}
    assert greedy(costs, scores, 100) == ["a", "c"]


def test_greedy_no_skip_stops_at_first_project_that_does_not_fit() -> None:
    costs = {"a": 60, "b": 50, "c": 40}
    scores = {"a": 9, "b": 8, "c": 7}
    assert greedy(costs, scores, 100, skip=False) == ["a"]


def test_greedy_threshold_leaves_out_projects_below_threshold() -> None:
    costs = {"a": 10, "b": 10, "c": 10}
    scores = {"a": 300, "b": 200, "c": 199}
    assert greedy(costs, scores, 100, min_score=200) == ["a", "b"]


def test_greedy_tie_on_score_funds_cheaper_project_first() -> None:
    assert greedy({"big": 60, "small": 50}, {"big": 10, "small": 10}, 60) == ["small"]


def test_greedy_tie_on_score_and_cost_funds_smaller_id_first() -> None:
    assert greedy({"b": 50, "a": 50}, {"b": 10, "a": 10}, 50) == ["a"]


def test_greedy_uses_exact_decimal_amounts() -> None:
    # In floats 0.1 + 0.2 > 0.3, which would wrongly leave the second project out.
    costs = {"a": Fraction(1, 10), "b": Fraction(2, 10)}
    assert greedy(costs, {"a": 2, "b": 1}, Fraction(3, 10)) == ["a", "b"]


def test_tally_greedy_counts_points_on_cumulative_ballots() -> None:
    # a is named on more ballots (3 against 2) but b has more points (4 against 3).
    text = pb_text([("a", "60"), ("b", "60")], ["1;a,b;1,2", "2;a,b;1,2", "3;a;1"],
                   vote_type="cumulative", votes_header="voter_id;vote;points")
    outcome = tally(parse_pb(text), "greedy")
    assert outcome.selected == ["b"]
    assert (outcome.spent, outcome.budget) == (60, 100)


def test_tally_auto_uses_meta_rule_and_threshold() -> None:
    text = pb_text([("a", "10"), ("b", "10")], ["1;a", "2;a", "3;b"],
                   rule="greedy-threshold", extra_meta="min_project_score_threshold;2")
    outcome = tally(parse_pb(text))
    assert outcome.rule == "greedy-threshold"
    assert outcome.selected == ["a"]


def test_tally_greedy_no_skip_by_name() -> None:
    text = pb_text([("a", "60"), ("b", "50"), ("c", "40")],
                   ["1;a,b,c", "2;a,b", "3;a"], rule="greedy-no-skip")
    assert tally(parse_pb(text)).selected == ["a"]


def test_threshold_rule_without_threshold_is_refused() -> None:
    election = parse_pb(pb_text([("a", "10")], ["1;a"], rule="greedy-threshold"))
    with pytest.raises(UnknownRuleError, match="min_project_score_threshold"):
        tally(election)


def test_unknown_rule_is_refused() -> None:
    election = parse_pb(pb_text([("a", "10")], ["1;a"], rule="phragmen"))
    with pytest.raises(UnknownRuleError, match="unknown rule 'phragmen'"):
        tally(election)
