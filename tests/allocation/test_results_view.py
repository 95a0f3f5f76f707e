"""Results as Telegram messages: winners, others, reasons, escaping and the length limit."""

from __future__ import annotations

from decimal import Decimal

from flows.dialogues.results_view import MESSAGE_LIMIT, chunk, render_results
from flows.domain.allocation import Allocation, Candidate, ResultsRules
from flows.domain.money import format_amount
from flows.i18n import t

from .helpers import cand, rules, run, votes


def _render(result: Allocation, lang: str = "fr", draft: bool = False) -> list[str]:
    return render_results(result, lang, lambda key, **v: t(lang, key, **v),
                          lambda amount: format_amount(amount, lang), name="BP test",
                          draft=draft)


def test_winners_come_first_with_votes_cost_and_reason() -> None:
    result = run(ResultsRules(), [cand(1, 600), cand(2, 500)], votes({1: 9, 2: 8}), total=1000)
    (text,) = _render(result, "en")
    assert text.index("Funded projects") < text.index("BP-2026-0001") < text.index(
        "Other projects") < text.index("BP-2026-0002")
    assert "9 votes, €600" in text
    assert "By votes: ranked 1 by votes" in text
    assert "did not fit: €400 left" in text
    assert t("en", "results_summary_one", count=1, spent="€600", total="€1,000",
             left="€400") in text


def test_draft_is_labelled_as_such() -> None:
    result = run(ResultsRules(), [cand(1, 10)], votes({1: 1}))
    assert "Résultats provisoires" in _render(result, draft=True)[0]
    assert "Résultats provisoires" not in _render(result, draft=False)[0]


def test_stage_labels_and_spending_are_listed_when_there_are_several() -> None:
    stages = rules({"kind": "greedy", "envelope": 100, "label": "Jeunesse", "themes": ["j"]},
                   {"kind": "top_per_territory"})
    projects = [cand(1, 60, theme="j"), cand(2, 50, territory="auch-1")]
    (text,) = _render(run(stages, projects, votes({1: 1, 2: 2})))
    assert t("fr", "results_stage", label="Jeunesse", spent="60\u00a0€",
             amount="100\u00a0€") in text
    assert "En tête de chaque territoire : en tête à AUCH-1" in text


def test_titles_are_escaped_for_telegram_html() -> None:
    project = Candidate(1, "BP-2026-0001", "Skate <park> & jardin", Decimal(10), "x", None, None)
    (text,) = _render(run(ResultsRules(), [project], votes({1: 1})))
    assert "Skate &lt;park&gt; &amp; jardin" in text
    assert "<park>" not in text


def test_long_results_are_split_into_messages_under_the_limit() -> None:
    projects = [cand(i, 10) for i in range(1, 400)]
    messages = _render(run(ResultsRules(), projects, votes({i: i for i in range(1, 400)}),
                           total=2000))
    assert len(messages) > 1
    assert all(len(m) <= MESSAGE_LIMIT for m in messages)
    joined = "\n".join(messages)
    assert all(f"BP-2026-{i:04d}" in joined for i in range(1, 400))
    # A project's line and its reason stay in the same message.
    assert not any(m.startswith("   ↳") for m in messages)


def test_chunk_cuts_a_block_longer_than_a_message_between_lines() -> None:
    block = "\n".join(["x" * 30] * 10)
    assert chunk([block], limit=100) == ["\n".join(["x" * 30] * 3)] * 3 + ["x" * 30]
