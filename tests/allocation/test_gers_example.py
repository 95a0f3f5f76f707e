"""The Gers example campaign's BPG2-like rules, end to end on a hand-made vote."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from flows.domain.allocation import Allocation, Candidate, allocate
from flows.domain.campaign import Campaign, load_campaign
from flows.domain.communes import load_communes

from .helpers import reason, votes, winners

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AUCH, ANSAN, AIGNAN = "32013", "32002", "32001"


@pytest.fixture(scope="module")
def gers() -> Campaign:
    return load_campaign(EXAMPLES / "gers.toml")


def _project(pid: int, cost: int, insee: str, theme: str = "ecologie") -> Candidate:
    canton = load_communes().canton_of(insee)
    assert canton is not None
    return Candidate(pid, f"BP-2026-{pid:04d}", f"Projet {pid}", Decimal(cost), theme,
                     canton[0], canton[1])


# Ids: 1-3 youth, 10 top of Auch-1, 11 second in Auch-1, 12 top of Adour-Gersoise,
# 13 no votes, 101-140 projects of 20 000 €, 201-206 projects of 50 000 €.
def _election() -> tuple[list[Candidate], dict[int, int]]:
    projects = [
        _project(1, 20_000, AUCH, "jeunesse"),
        _project(2, 30_000, ANSAN, "jeunesse"),  # above the youth cap of 25 000 €
        _project(3, 9_000, AUCH, "jeunesse"),
        _project(10, 45_000, AUCH), _project(11, 4_000, AUCH), _project(12, 3_000, AIGNAN),
        _project(13, 1_000, AIGNAN),
        *(_project(100 + i, 20_000, AUCH) for i in range(1, 41)),
        *(_project(200 + i, 50_000, AUCH) for i in range(1, 7)),
    ]
    counts = {1: 50, 2: 60, 3: 5, 10: 100, 11: 90, 12: 10, 13: 0}
    counts |= {100 + i: 45 - i for i in range(1, 41)}
    counts |= {200 + i: 30 - i for i in range(1, 7)}
    return projects, counts


def _allocate(gers: Campaign) -> Allocation:
    projects, counts = _election()
    envelopes = {e.id: e.amount for e in gers.budget.envelopes}
    return allocate(gers.results, gers.budget.total, envelopes, projects, votes(counts), {})


def test_youth_projects_win_first_within_the_youth_cap(gers: Campaign) -> None:
    result = _allocate(gers)
    assert winners(result)[:2] == [1, 3]
    assert reason(result, 1) == ("funded_by_votes", {"rank": 1})
    # Too expensive for the youth stage, it still tops its canton.
    assert reason(result, 2) == ("top_of_territory", {"territory": "Auch-2"})


def test_canton_tops_come_next_charged_to_their_cost_band(gers: Campaign) -> None:
    result = _allocate(gers)
    assert winners(result)[2:5] == [10, 2, 12]
    assert reason(result, 10) == ("top_of_territory", {"territory": "Auch-1"})
    assert reason(result, 12) == ("top_of_territory", {"territory": "Adour-Gersoise"})
    assert result.stages[1].spent == Decimal(78_000)


def test_cost_bands_spend_their_envelopes_and_roll_over(gers: Campaign) -> None:
    result = _allocate(gers)
    assert reason(result, 11) == ("funded_by_votes", {"rank": 1})
    # 150 000 - 3 000 - 4 000 rolled into the 450 000 band: 29 projects of 20 000 €.
    band = [pid for pid in winners(result) if 100 < pid <= 140]
    assert band == list(range(101, 130))
    assert reason(result, 130) == ("did_not_fit", {"left": Decimal(9_000)})
    # 300 000 - 45 000 - 30 000 + 13 000: four projects of 50 000 €, then the last stage.
    assert [s.spent for s in result.stages[2:]] == [
        Decimal(4_000), Decimal(580_000), Decimal(200_000), Decimal(100_000)]


def test_what_is_left_funds_the_next_most_voted_projects(gers: Campaign) -> None:
    result = _allocate(gers)
    # Youth left 71 000 € and the 50 000 € band 38 000 €: the last stage funds 205 and 206.
    assert result.stages[5].available == Decimal(109_000)
    assert winners(result)[-2:] == [205, 206]
    assert result.spent == Decimal(991_000)
    assert result.left == Decimal(9_000)
    assert reason(result, 13) == ("below_min_votes", {"min": 1})
