"""Results people can read: envelopes as in the campaign file with rollover apart, "0 voix",
turnout by channel, and a chart in whole votes that says when it is a draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.text import Text

from bot.chart import results_figure
from flows.dialogues.results_view import render_results
from flows.domain.allocation import Allocation
from flows.domain.campaign import Campaign, load_campaign
from flows.domain.money import format_amount
from flows.domain.turnout import Turnout
from flows.i18n import Safe, plural_key, t

from .helpers import cand, rules, run, votes
from .test_gers_example import _allocate

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def gers() -> Campaign:
    return load_campaign(EXAMPLES / "gers.toml")


def fr(key: str, count: int | None = None, **values: object) -> str:
    if count is None:
        return t("fr", key, **values)
    return t("fr", plural_key("fr", key, count), count=count, **values)


def euros(amount: int) -> str:
    return format_amount(amount, "fr")


def render(allocation: Allocation, *, draft: bool = False,
           turnout: Turnout | None = None) -> str:
    return "\n".join(render_results(allocation, "fr", lambda key, **v: t("fr", key, **v),
                                    lambda a: format_amount(a, "fr"), name="BPG", draft=draft,
                                    turnout=turnout))


def test_each_envelope_shows_its_amount_from_the_file_and_rollover_apart(
        gers: Campaign) -> None:
    text = render(_allocate(gers))
    assert fr("results_stage", label="Projets jeunesse", spent=euros(29_000),
              amount=euros(100_000)) in text
    # 150 000 € less the 3 000 € of a canton top, less 4 000 € spent, rolls into this band.
    assert fr("results_stage_carried", label="Projets de 5 000 à 20 000 €",
              spent=euros(580_000), amount=euros(450_000), carried=euros(143_000)) in text
    assert fr("results_stage_charged", label="En tête de leur canton",
              spent=euros(78_000)) in text
    # The Gers shares its whole budget into envelopes: the last stage spends what is left.
    assert fr("results_stage_only_carried", label="Reliquat, tous projets",
              spent=euros(100_000), carried=euros(109_000)) in text


def test_a_project_without_votes_shows_0_votes_and_the_minimum(gers: Campaign) -> None:
    text = render(_allocate(gers))
    assert f"Projet 13 — {fr('votes', 0)}, {euros(1_000)}" in text
    assert fr("results_reason_below_min_votes", min=Safe(fr("votes", 1))) in text
    assert "moins de 1 voix" not in text


def test_results_show_turnout_by_channel() -> None:
    result = run(rules({"kind": "greedy"}), [cand(1, 10)], votes({1: 1}))
    turnout = Turnout(voters=120, online=120, paper=30, blank=2, void=1, boxes=3,
                      box_votes=410)
    text = render(result, turnout=turnout)
    paper = fr("turnout_paper", 33) + fr("turnout_blank_void",
                                         blank=Safe(fr("turnout_blank", 2)),
                                         void=Safe(fr("turnout_void", 1)))
    boxes = fr("turnout_boxes", 3, votes=Safe(fr("turnout_votes", 410)))
    assert fr("turnout_line", voters=Safe(fr("turnout_voters", 120)), paper=Safe(paper),
              boxes=Safe(boxes)) in text


def test_large_counts_are_written_with_a_thousands_separator() -> None:
    result = run(rules({"kind": "greedy"}), [cand(1, 10)], votes({1: 1}))
    text = render(result, turnout=Turnout(12_345, 12_345, 0, 0, 0, 0, 0))
    assert t("fr", "turnout_voters_other", count="12\u202f345") in text


def test_the_summary_says_1_projet_retenu_without_brackets() -> None:
    result = run(rules({"kind": "greedy"}), [cand(1, 10)], votes({1: 1}))
    text = render(result)
    assert fr("results_summary", 1, spent=euros(10), total=euros(1000), left=euros(990)) in text
    assert "(s)" not in text


def _texts(items: list[Text]) -> list[str]:
    return [item.get_text() for item in items]


def test_the_chart_has_one_axis_in_whole_votes(gers: Campaign) -> None:
    figure = results_figure(_allocate(gers), "BPG", gers.budget.total)
    (axes,) = figure.axes  # no second axis in euros
    ticks = [tick for tick in axes.get_xticks() if tick <= axes.get_xlim()[1]]
    assert ticks and all(float(tick).is_integer() for tick in ticks)
    assert axes.get_xlabel() == fr("results_chart_votes")


def test_the_chart_of_a_few_votes_has_no_half_votes() -> None:
    result = run(rules({"kind": "greedy"}), [cand(1, 10), cand(2, 10)], votes({1: 2, 2: 1}))
    (axes,) = results_figure(result, "BP", result.total).axes
    ticks = [tick for tick in axes.get_xticks() if 0 <= tick <= axes.get_xlim()[1]]
    assert [float(tick) for tick in ticks] == [float(int(tick)) for tick in ticks]


def test_the_draft_chart_says_it_is_a_draft(gers: Campaign) -> None:
    draft = results_figure(_allocate(gers), "BPG", gers.budget.total, draft=True)
    final = results_figure(_allocate(gers), "BPG", gers.budget.total)
    assert fr("results_chart_draft_mark") in _texts(draft.texts)
    assert draft.axes[0].get_title(loc="left").startswith(fr("results_chart_draft"))
    assert fr("results_chart_draft_mark") not in _texts(final.texts)
    assert not final.axes[0].get_title(loc="left").startswith(fr("results_chart_draft"))
