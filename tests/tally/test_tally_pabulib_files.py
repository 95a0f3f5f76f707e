"""Real pabulib elections: the published winners and pabutools 1.2.3's outcomes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from flows.domain.tally import Election, equal_shares, greedy, load_pb, tally
from flows.domain.tally.election import approval_counts

from .tally_helpers import PABULIB_DIR

EXPECTED: dict[str, dict[str, Any]] = json.loads(
    (PABULIB_DIR / "pabutools-1.2.3-outcomes.json").read_text(encoding="utf-8"))
FILES = sorted(EXPECTED)
PUBLISHED = [name for name in FILES
             if "selected" in (PABULIB_DIR / name).read_text(encoding="utf-8-sig")]
_cache: dict[str, Election] = {}


def election(name: str) -> Election:
    """Each file is parsed once for the whole module."""
    if name not in _cache:
        _cache[name] = load_pb(PABULIB_DIR / name)
    return _cache[name]


def test_copied_files_are_the_ones_pabutools_counted() -> None:
    for name in FILES:
        digest = hashlib.sha256((PABULIB_DIR / name).read_bytes()).hexdigest()
        assert digest == EXPECTED[name]["sha256"], name


@pytest.mark.parametrize("name", FILES)
def test_parsed_sizes_match_the_file(name: str) -> None:
    parsed = election(name)
    assert len(parsed.ballots) == EXPECTED[name]["voters"]
    assert len(parsed.projects) == EXPECTED[name]["projects"]
    assert parsed.budget == EXPECTED[name]["budget"]


def test_five_files_publish_their_winners() -> None:
    assert len(PUBLISHED) == 5


@pytest.mark.parametrize("name", PUBLISHED)
def test_auto_rule_reproduces_published_winners(name: str) -> None:
    parsed = election(name)
    published = {pid for pid, p in parsed.projects.items() if p.extra.get("selected") == "1"}
    outcome = tally(parsed, "auto")
    assert set(outcome.selected) == published
    assert outcome.spent <= parsed.budget


def test_wieliczka_add1_comparison_spends_the_published_amount() -> None:
    outcome = tally(election("Poland_Wieliczka_2023_Green_Budget.pb"))
    assert (len(outcome.selected), outcome.spent) == (30, 995079)


@pytest.mark.parametrize("name", FILES)
def test_greedy_on_approval_counts_matches_pabutools(name: str) -> None:
    parsed = election(name)
    costs = {pid: p.cost for pid, p in parsed.projects.items()}
    chosen = greedy(costs, approval_counts(parsed.projects, parsed.ballots), parsed.budget)
    assert sorted(chosen) == sorted(EXPECTED[name]["greedy_cost"])


@pytest.mark.parametrize("name", FILES)
def test_equal_shares_matches_pabutools(name: str) -> None:
    parsed = election(name)
    costs = {pid: p.cost for pid, p in parsed.projects.items()}
    chosen = equal_shares(costs, parsed.approval_sets(), parsed.budget)
    assert sorted(chosen) == sorted(EXPECTED[name]["mes_cost"])
    assert sorted(tally(parsed, "equalshares").selected) == sorted(chosen)


def test_greedy_on_approval_ballots_matches_pabutools_through_tally() -> None:
    parsed = election("France_Toulouse_2024.pb")
    expected = EXPECTED["France_Toulouse_2024.pb"]["greedy_cost"]
    assert sorted(tally(parsed, "greedy").selected) == sorted(expected)
