"""Random small elections counted by pabutools and by this engine (skipped without pabutools)."""

from __future__ import annotations

import importlib
import random
from typing import Any

import pytest

from flows.domain.tally import equal_shares, greedy
from flows.domain.tally.tiebreak import tie_key


def _modules() -> tuple[Any, Any, Any]:
    try:
        return (importlib.import_module("pabutools.election"),
                importlib.import_module("pabutools.rules"),
                importlib.import_module("pabutools.tiebreaking"))
    except ImportError:
        pytest.skip("pabutools is not installed")


@pytest.mark.parametrize("seed", range(3))
def test_random_elections_match_pabutools_with_same_tie_break(seed: int) -> None:
    election, rules, tiebreaking = _modules()
    same_ties = tiebreaking.TieBreakingRule(lambda inst, prof, p: tie_key(p.name, p.cost))
    rng = random.Random(seed)
    for _ in range(60):
        costs = {f"p{i}": rng.choice([5, 7, 10, 13, 15, 20, 30]) for i in range(rng.randint(2, 7))}
        budget = rng.choice([20, 30, 37, 40, 60])
        ballots = [tuple(p for p in costs if rng.random() < 0.4)
                   for _ in range(rng.randint(1, 12))]
        instance = election.Instance([election.Project(p, c) for p, c in costs.items()],
                                     budget_limit=budget)
        profile = election.ApprovalProfile([election.ApprovalBallot(
            [instance.get_project(p) for p in b]) for b in ballots])
        kwargs = {"sat_class": election.Cost_Sat, "tie_breaking": same_ties}
        mes = rules.method_of_equal_shares(instance, profile, **kwargs)
        add1 = rules.method_of_equal_shares(instance, profile, voter_budget_increment=1,
                                            **kwargs)
        greedy_ref = rules.greedy_utilitarian_welfare(instance, profile, **kwargs)
        votes = {p: sum(p in b for b in ballots) for p in costs}
        assert [p.name for p in mes] == equal_shares(costs, ballots, budget)
        assert sorted(p.name for p in add1) == sorted(
            equal_shares(costs, ballots, budget, completion="add1"))
        assert sorted(p.name for p in greedy_ref) == sorted(greedy(costs, votes, budget))
