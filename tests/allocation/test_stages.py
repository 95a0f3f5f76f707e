"""Each stage kind on small hand-made elections: who wins, and the reason shown for each."""

from __future__ import annotations

from decimal import Decimal

import pytest

from flows.domain.allocation import Candidate, ResultsRules

from .helpers import cand, reason, row, rules, run, votes, winners


def test_default_rules_fund_by_votes_skipping_what_does_not_fit() -> None:
    projects = [cand(1, 600), cand(2, 500), cand(3, 300)]
    result = run(ResultsRules(), projects, votes({1: 9, 2: 8, 3: 7}), total=1000)
    assert winners(result) == [1, 3]
    assert reason(result, 1) == ("funded_by_votes", {"rank": 1})
    assert reason(result, 2) == ("did_not_fit", {"left": Decimal(400)})
    assert reason(result, 3) == ("funded_by_votes", {"rank": 3})
    assert (result.spent, result.left) == (Decimal(900), Decimal(100))


def test_equal_votes_go_to_the_cheaper_project() -> None:
    result = run(ResultsRules(), [cand(1, 300), cand(2, 200)], votes({1: 5, 2: 5}), total=400)
    assert winners(result) == [2]
    assert reason(result, 1) == ("did_not_fit", {"left": Decimal(200)})


def test_equal_votes_and_cost_go_to_the_smaller_id_as_text_like_tally() -> None:
    # "10" sorts before "9" as text: the order flows.domain.tally uses, so recounts agree.
    result = run(ResultsRules(), [cand(9, 100), cand(10, 100)], votes({9: 4, 10: 4}), total=150)
    assert winners(result) == [10]


def test_no_skip_stops_at_the_first_project_that_does_not_fit() -> None:
    projects = [cand(1, 600), cand(2, 500), cand(3, 300)]
    result = run(rules({"kind": "greedy", "no_skip": True}), projects,
                 votes({1: 9, 2: 8, 3: 7}), total=1000)
    assert winners(result) == [1]
    assert reason(result, 2) == ("did_not_fit", {"left": Decimal(400)})
    assert reason(result, 3) == ("stopped", {})


def test_min_votes_excludes_projects_even_when_money_is_left() -> None:
    result = run(rules({"kind": "greedy"}, min_votes=3), [cand(1, 100), cand(2, 100)],
                 votes({1: 3, 2: 2}), total=1000)
    assert winners(result) == [1]
    assert reason(result, 2) == ("below_min_votes", {"min": 3})


def test_a_stage_threshold_overrides_the_campaign_one() -> None:
    result = run(rules({"kind": "greedy", "min_votes": 5}, min_votes=1),
                 [cand(1, 100), cand(2, 100)], votes({1: 5, 2: 4}))
    assert winners(result) == [1]
    assert reason(result, 2) == ("below_min_votes", {"min": 5})


def test_paper_totals_add_to_online_ballots() -> None:
    result = run(ResultsRules(), [cand(1, 600), cand(2, 600)], votes({1: 5, 2: 3}),
                 total=1000, paper={2: 4})
    assert winners(result) == [2]
    assert (row(result, 1).votes, row(result, 2).votes) == (5, 7)


def test_a_ballot_counts_once_per_project_and_names_several() -> None:
    ballots = [frozenset({1, 2}), frozenset({2, 3}), frozenset({2})]
    result = run(ResultsRules(), [cand(1, 10), cand(2, 10), cand(3, 10)], ballots)
    assert [row(result, pid).votes for pid in (1, 2, 3)] == [1, 3, 1]


# --- envelopes and rollover ---------------------------------------------------------------

def _two_stages(rollover: str) -> ResultsRules:
    return rules({"kind": "greedy", "envelope": 100, "cost_up_to": 60, "rollover": rollover},
                 {"kind": "greedy", "envelope": 50, "cost_above": 60})


def test_rollover_next_adds_what_is_left_to_the_next_stage() -> None:
    result = run(_two_stages("next"), [cand(1, 60), cand(2, 80)], votes({1: 2, 2: 1}))
    assert winners(result) == [1, 2]
    assert [(s.available, s.spent) for s in result.stages] == [
        (Decimal(100), Decimal(60)), (Decimal(90), Decimal(80))]


def test_rollover_none_drops_what_is_left() -> None:
    result = run(_two_stages("none"), [cand(1, 60), cand(2, 80)], votes({1: 2, 2: 1}))
    assert winners(result) == [1]
    assert reason(result, 2) == ("did_not_fit", {"left": Decimal(50)})


def test_rollover_keep_returns_a_fixed_amount_to_the_rest() -> None:
    stages = rules({"kind": "greedy", "envelope": 100, "cost_up_to": 60},
                   {"kind": "greedy", "envelope": "rest"})
    result = run(stages, [cand(1, 60), cand(2, 940)], votes({1: 2, 2: 1}), total=1000)
    # 900 stayed in the rest, plus the 40 the first stage gave back.
    assert winners(result) == [1, 2]
    assert result.stages[1].available == Decimal(940)


def test_a_dropped_remainder_is_not_spent_by_a_later_rest_stage() -> None:
    stages = rules({"kind": "greedy", "envelope": 100, "cost_up_to": 60, "rollover": "none"},
                   {"kind": "greedy", "envelope": "rest"})
    result = run(stages, [cand(1, 60), cand(2, 940)], votes({1: 2, 2: 1}), total=1000)
    assert winners(result) == [1]
    assert reason(result, 2) == ("did_not_fit", {"left": Decimal(900)})


def test_a_fixed_amount_never_exceeds_what_is_left_of_the_total() -> None:
    result = run(rules({"kind": "greedy", "envelope": 5000}), [cand(1, 2000)], votes({1: 1}),
                 total=1000)
    assert winners(result) == []
    assert result.stages[0].available == Decimal(1000)


def test_named_envelope_caps_its_stage() -> None:
    stages = rules({"kind": "greedy", "envelope": "small", "cost_up_to": 50})
    result = run(stages, [cand(1, 40), cand(2, 30)], votes({1: 2, 2: 1}), total=1000,
                 envelopes={"small": 60})
    assert winners(result) == [1]
    assert reason(result, 2) == ("did_not_fit", {"left": Decimal(20)})


def test_a_project_too_expensive_for_its_band_left_money_is_named() -> None:
    stages = rules({"kind": "greedy", "envelope": 10_000, "cost_up_to": 5000, "label": "≤ 5k"})
    projects = [cand(1, 5000), cand(2, 4000), cand(3, 4800), cand(4, 6000)]
    result = run(stages, projects, votes({1: 9, 2: 8, 3: 7, 4: 10}), total=100_000)
    assert winners(result) == [1, 2]
    assert reason(result, 3) == ("did_not_fit", {"left": Decimal(1000)})
    # Above the band: no stage considers it.
    assert reason(result, 4) == ("not_in_any_stage", {})
    assert row(result, 4).stage is None


def test_theme_filter_and_no_second_chance_for_winners() -> None:
    stages = rules({"kind": "greedy", "envelope": 100, "themes": ["jeunesse"]},
                   {"kind": "greedy", "envelope": 100})
    projects = [cand(1, 100, theme="jeunesse"), cand(2, 100), cand(3, 100, theme="jeunesse")]
    result = run(stages, projects, votes({1: 1, 2: 3, 3: 2}))
    assert winners(result) == [3, 2]
    assert (row(result, 3).stage, row(result, 2).stage) == (0, 1)
    assert reason(result, 1) == ("did_not_fit", {"left": Decimal(0)})


# --- territories ----------------------------------------------------------------------------

def test_top_per_territory_funds_each_territory_s_most_voted_project_if_it_fits() -> None:
    projects = [cand(1, 50, territory="a"), cand(2, 40, territory="a"),
                cand(3, 80, territory="b"), cand(4, 10)]
    result = run(rules({"kind": "top_per_territory", "envelope": 100}), projects,
                 votes({1: 10, 2: 9, 3: 3, 4: 20}))
    assert winners(result) == [1]
    assert reason(result, 1) == ("top_of_territory", {"territory": "A"})
    assert reason(result, 2) == ("not_top_of_territory", {"territory": "A"})
    assert reason(result, 3) == ("did_not_fit", {"left": Decimal(50)})
    assert reason(result, 4) == ("no_territory", {})


def test_top_per_territory_serves_the_most_voted_tops_first() -> None:
    projects = [cand(1, 60, territory="a"), cand(2, 60, territory="b")]
    result = run(rules({"kind": "top_per_territory", "envelope": 100}), projects,
                 votes({1: 2, 2: 5}))
    assert winners(result) == [2]


def test_top_per_territory_charges_each_winner_to_its_cost_band() -> None:
    stages = rules(
        {"kind": "top_per_territory", "charge_to": [
            {"envelope": "small", "cost_up_to": 50}, {"envelope": "big", "cost_above": 50}]},
        {"kind": "greedy", "envelope": "small", "cost_up_to": 50},
        {"kind": "greedy", "envelope": "big", "cost_above": 50})
    projects = [cand(1, 40, territory="a"), cand(2, 90, territory="b"),
                cand(3, 50, territory="a"), cand(4, 100, territory="b")]
    result = run(stages, projects, votes({1: 9, 2: 8, 3: 7, 4: 6}), total=200,
                 envelopes={"small": 100, "big": 100})
    assert winners(result) == [1, 2, 3]
    assert reason(result, 3) == ("funded_by_votes", {"rank": 1})
    # The big band paid 90 for the top of b, so 10 were left for project 4.
    assert reason(result, 4) == ("did_not_fit", {"left": Decimal(10)})
    assert result.stages[0].spent == Decimal(130)


def test_per_territory_gives_each_territory_its_own_envelope() -> None:
    projects = [cand(1, 60, territory="a"), cand(2, 50, territory="a"),
                cand(3, 40, territory="a"), cand(4, 120, territory="b"),
                cand(5, 70, territory="b")]
    result = run(rules({"kind": "per_territory", "amount_each": 100}), projects,
                 votes({1: 10, 2: 8, 3: 5, 4: 30, 5: 1}), total=1000)
    assert sorted(winners(result)) == [1, 3, 5]
    assert reason(result, 1) == ("funded_in_territory", {"rank": 1, "territory": "A"})
    assert reason(result, 2) == ("did_not_fit", {"left": Decimal(40)})
    assert reason(result, 3) == ("funded_in_territory", {"rank": 3, "territory": "A"})
    assert reason(result, 4) == ("did_not_fit", {"left": Decimal(100)})
    assert result.stages[0].spent == Decimal(170)


def test_per_territory_cannot_spend_more_than_the_stage_envelope() -> None:
    projects = [cand(1, 100, territory="a"), cand(2, 100, territory="b")]
    result = run(rules({"kind": "per_territory", "amount_each": 100, "envelope": 150}),
                 projects, votes({1: 1, 2: 1}), total=1000)
    # Territories are served by code: a first.
    assert winners(result) == [1]
    assert reason(result, 2) == ("did_not_fit", {"left": Decimal(50)})


def test_at_least_one_per_territory_guarantees_a_winner_to_a_less_voted_territory() -> None:
    projects = [cand(1, 50, territory="a"), cand(2, 50, territory="a"),
                cand(3, 30, territory="b")]
    stage = rules({"kind": "at_least_one_per_territory", "envelope": 100})
    result = run(stage, projects, votes({1: 10, 2: 9, 3: 1}))
    assert sorted(winners(result)) == [1, 3]
    # Plain greedy would have funded 1 anyway; 3 won only thanks to the guarantee.
    assert reason(result, 1) == ("funded_by_votes", {"rank": 1})
    assert reason(result, 3) == ("guaranteed_for_territory", {"territory": "B"})
    assert reason(result, 2) == ("did_not_fit", {"left": Decimal(20)})


def test_at_least_one_per_territory_falls_back_to_the_next_project_that_fits() -> None:
    projects = [cand(1, 100, territory="a"), cand(2, 90, territory="b"),
                cand(3, 10, territory="b")]
    stage = rules({"kind": "at_least_one_per_territory", "envelope": 110})
    result = run(stage, projects, votes({1: 10, 2: 5, 3: 1}))
    assert sorted(winners(result)) == [1, 3]
    assert reason(result, 2) == ("did_not_fit", {"left": Decimal(0)})
    assert reason(result, 3) == ("funded_by_votes", {"rank": 3})


def test_at_least_one_per_territory_then_spends_the_rest_by_votes() -> None:
    projects = [cand(1, 10, territory="a"), cand(2, 10, territory="a"),
                cand(3, 10, territory="b")]
    result = run(rules({"kind": "at_least_one_per_territory"}), projects,
                 votes({1: 3, 2: 2, 3: 1}), total=1000)
    assert sorted(winners(result)) == [1, 2, 3]


# --- equal shares --------------------------------------------------------------------------

def _mes_case() -> tuple[list[Candidate], list[frozenset[int]]]:
    projects = [cand(1, 50), cand(2, 50), cand(3, 50)]
    ballots = [frozenset({1, 3})] * 6 + [frozenset({2})] * 4
    return projects, ballots


def test_equal_shares_funds_what_supporters_can_pay_for_together() -> None:
    projects, ballots = _mes_case()
    stage = rules({"kind": "equal_shares", "completion": "none"})
    result = run(stage, projects, ballots, total=100)
    # Greedy would fund 1 and 3 (6 votes each); the 6 voters' shares pay for only one.
    assert winners(result) == [1]
    assert reason(result, 1) == ("funded_by_equal_shares", {})
    assert reason(result, 3) == ("not_enough_support", {})
    greedy = run(ResultsRules(), projects, ballots, total=100)
    assert winners(greedy) == [1, 3]


def test_equal_shares_reads_each_paper_vote_as_a_one_project_ballot() -> None:
    projects, ballots = _mes_case()
    stage = rules({"kind": "equal_shares", "completion": "none"})
    result = run(stage, projects, ballots, total=100, paper={2: 3})
    # 13 shares of 100/13: the 7 supporters of 2 can pay 50, the 6 of 1 and 3 cannot.
    assert winners(result) == [2]


def test_equal_shares_with_add1_completion_spends_more() -> None:
    projects, ballots = _mes_case()
    plain = run(rules({"kind": "equal_shares", "completion": "none"}), projects, ballots,
                total=100)
    completed = run(rules({"kind": "equal_shares"}), projects, ballots, total=100)
    assert completed.spent > plain.spent
    assert completed.spent <= Decimal(100)


@pytest.mark.parametrize("kind", ["greedy", "top_per_territory", "at_least_one_per_territory",
                                  "equal_shares"])
def test_every_project_gets_exactly_one_row(kind: str) -> None:
    projects = [cand(i, 10 * i, territory="ab"[i % 2]) for i in range(1, 7)]
    result = run(rules({"kind": kind}), projects, votes({1: 3, 2: 2, 4: 1}), total=60)
    assert sorted(r.candidate.id for r in result.rows) == [1, 2, 3, 4, 5, 6]
    assert result.spent == sum((r.candidate.cost for r in result.winners()), Decimal(0))
    assert result.spent <= Decimal(60)
