"""The ``[results]`` table of a campaign file: parsing, defaults and the problems it names."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from flows.domain.allocation import (
    EqualSharesStage,
    GreedyStage,
    ResultsRules,
    TopPerTerritoryStage,
    load_territories,
    pabulib_rule,
)
from flows.domain.campaign import CampaignError, load_campaign, parse_campaign

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _gers_with(results: str) -> str:
    text = (EXAMPLES / "gers.toml").read_text(encoding="utf-8")
    return text[: text.index("[results]")] + results


def test_examples_describe_their_stages() -> None:
    gers = load_campaign(EXAMPLES / "gers.toml").results
    assert [s.kind for s in gers.stages] == ["greedy", "top_per_territory", "greedy", "greedy",
                                             "greedy", "greedy"]
    assert isinstance(gers.stages[1], TopPerTerritoryStage)
    assert [c.envelope for c in gers.stages[1].charge_to] == ["p0-5k", "p5-20k", "p20-50k"]
    assert gers.stages[0].label is not None and gers.stages[0].label.get("en") == "Youth projects"
    aude = load_campaign(EXAMPLES / "aude.toml")
    assert pabulib_rule(aude.results, aude.budget.total, {}) == "greedy"


def test_a_campaign_without_results_counts_greedily_over_the_whole_budget() -> None:
    rules = ResultsRules()
    assert len(rules.stages) == 1 and isinstance(rules.stages[0], GreedyStage)
    assert rules.stages[0].envelope == "rest"


def test_an_amount_or_an_envelope_id_may_fund_a_stage() -> None:
    campaign = parse_campaign(_gers_with(
        '[results]\n[[results.stages]]\nkind = "equal_shares"\nenvelope = 250_000\n'
        'label = "Tout"\n[[results.stages]]\nkind = "greedy"\nenvelope = "jeunes"\n'),
        Path("x.toml"))
    first, second = campaign.results.stages
    assert isinstance(first, EqualSharesStage) and first.envelope == Decimal(250_000)
    assert second.envelope == "jeunes"


@pytest.mark.parametrize(("results", "expected"), [
    ('[results]\n[[results.stages]]\nkind = "greedy"\nenvelope = "nope"\n',
     "no budget envelope has the id 'nope'"),
    ('[results]\n[[results.stages]]\nkind = "greedy"\nthemes = ["sport"]\n',
     "no theme has the id 'sport'"),
    ('[results]\n[[results.stages]]\nkind = "lottery"\n', "results.stages[0]"),
    ('[results]\n[[results.stages]]\nkind = "per_territory"\n', "amount_each"),
    ('[results]\n[[results.stages]]\nkind = "greedy"\ncost_above = 10\ncost_up_to = 5\n',
     "cost_above must be below cost_up_to"),
    ('[results]\n[[results.stages]]\nkind = "greedy"\nrollover = "later"\n', "rollover"),
    ('[results]\nstages = []\n', "results.stages"),
])
def test_check_names_the_problem_in_the_results_table(results: str, expected: str) -> None:
    with pytest.raises(CampaignError) as caught:
        parse_campaign(_gers_with(results), Path("x.toml"))
    assert expected in str(caught.value)


def test_staged_rules_have_no_single_pabulib_rule_name() -> None:
    gers = load_campaign(EXAMPLES / "gers.toml")
    envelopes = {e.id: e.amount for e in gers.budget.envelopes}
    assert pabulib_rule(gers.results, gers.budget.total, envelopes) is None
    mes = ResultsRules.model_validate({"stages": [{"kind": "equal_shares"}]})
    assert pabulib_rule(mes, Decimal(10), {}) == "equalshares/add1"


def test_territories_csv_maps_communes_to_territories(tmp_path: Path) -> None:
    path = tmp_path / "territoires.csv"
    path.write_text("insee;territory\n32013;Grand Auch\n2a004; Ajaccio \n\n", encoding="utf-8")
    assert load_territories(path) == {"32013": "Grand Auch", "2A004": "Ajaccio"}
