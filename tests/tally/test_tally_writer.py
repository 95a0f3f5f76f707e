"""Writing open-data .pb files, and reading them back."""

from __future__ import annotations

import importlib
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from flows.domain.tally import Ballot, Election, Project, load_pb, parse_pb, tally, write_pb

from .tally_helpers import PABULIB_DIR


def small_election() -> Election:
    """A departmental vote with categories, districts and awkward names."""
    projects = {
        "1": Project("1", 40000, "Jardin partagé; quartier \"Nord\"",
                     {"category": "nature", "district": "Nord"}),
        "2": Project("2", Fraction(51001, 2), "Pistes\ncyclables", {"category": "mobilité"}),
        "3": Project("3", 30000, "Bibliothèque", {"district": "Sud"}),
    }
    ballots = [Ballot(("2", "1")), Ballot(("3",)), Ballot(("1",)), Ballot(("1", "3"))]
    return Election(meta={"description": "Budget participatif", "country": "France",
                          "rule": "greedy", "currency": "EUR"},
                    projects=projects, ballots=ballots, budget=75000, vote_type="approval")


def test_written_file_parses_back_to_the_same_election() -> None:
    original = small_election()
    back = parse_pb(write_pb(original, selected=["1", "2"]))
    assert back.budget == 75000
    assert back.meta["num_votes"] == "4"
    assert back.meta["currency"] == "EUR"
    assert back.projects["2"].cost == Fraction(51001, 2)
    assert back.projects["1"].name == 'Jardin partagé; quartier "Nord"'
    assert back.projects["2"].name == "Pistes cyclables"
    assert back.projects["1"].extra["district"] == "Nord"
    assert back.projects["1"].extra["selected"] == "1"
    assert back.projects["3"].extra["selected"] == "0"
    assert back.scores() == original.scores()


def test_round_trip_gives_same_winners_for_every_rule() -> None:
    original = small_election()
    back = parse_pb(write_pb(original))
    for rule in ("greedy", "greedy-no-skip", "equalshares", "equalshares/add1"):
        assert tally(back, rule) == tally(original, rule), rule


def test_ballots_are_anonymous_and_sorted() -> None:
    text = write_pb(small_election())
    votes = text.split("VOTES\n", 1)[1].splitlines()
    assert votes == ["voter_id;vote", "1;1", "2;1,2", "3;1,3", "4;3"]


def test_votes_column_counts_ballots() -> None:
    back = parse_pb(write_pb(small_election()))
    assert {pid: p.extra["votes"] for pid, p in back.projects.items()} == {
        "1": "3", "2": "1", "3": "2"}


def test_cost_without_exact_decimal_is_refused() -> None:
    election = small_election()
    election.projects["3"] = Project("3", Fraction(1, 3), "Un tiers")
    with pytest.raises(ValueError, match="no exact decimal"):
        write_pb(election)


@pytest.mark.parametrize("name", ["Netherlands_Assen_2024.pb",
                                  "pabutools-tests_poland_czestochowa_2020_grabowka.pb"])
def test_real_file_round_trip_keeps_winners(name: str) -> None:
    original = load_pb(PABULIB_DIR / name)
    back = parse_pb(write_pb(original))
    assert back.scores() == original.scores()
    assert tally(back, "auto") == tally(original, "auto")


def _pabutools() -> Any:
    try:
        return importlib.import_module("pabutools.election")
    except ImportError:
        pytest.skip("pabutools is not installed")


def test_pabutools_reads_written_file_to_same_winners(tmp_path: Path) -> None:
    election_module = _pabutools()
    rules = importlib.import_module("pabutools.rules")
    original = small_election()
    path = tmp_path / "export.pb"
    path.write_text(write_pb(original), encoding="utf-8")
    instance, profile = election_module.parse_pabulib(str(path))
    theirs = rules.greedy_utilitarian_welfare(instance, profile,
                                              sat_class=election_module.Cost_Sat)
    mes = rules.method_of_equal_shares(instance, profile, sat_class=election_module.Cost_Sat)
    assert sorted(p.name for p in theirs) == sorted(tally(original, "greedy").selected)
    assert sorted(p.name for p in mes) == sorted(tally(original, "equalshares").selected)
    assert instance.budget_limit == 75000
