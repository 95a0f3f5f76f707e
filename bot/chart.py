"""The results chart: projects by votes as horizontal bars, winners marked, drafts marked."""

from __future__ import annotations

import functools
import html
import io
from decimal import Decimal
from typing import TYPE_CHECKING

from flows.domain.allocation import Allocation, Row
from flows.domain.money import format_amount
from flows.i18n import t

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FONT = "DejaVu Sans"  # matplotlib's own font, present wherever matplotlib is
TOP = 30
TITLE_CHARS = 38
WON_COLOUR = "#2e7d32"
LOST_COLOUR = "#b0bec5"
DRAFT_COLOUR = "#c62828"


def _text(lang: str, key: str, **values: object) -> str:
    # Catalog texts are HTML for Telegram; the chart draws plain text.
    return html.unescape(t(lang, key, **values))


@functools.cache
def _drawable() -> frozenset[int]:
    """Code points the chart's font has glyphs for."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(font_manager.findfont(FONT)).get_charmap())


def _printable(text: str) -> str:
    # Emoji in a title would be drawn as empty boxes: they are left out of the chart only.
    return " ".join("".join(ch for ch in text if ord(ch) in _drawable()).split())


def _label(row: Row) -> str:
    title = _printable(row.candidate.title)
    if len(title) > TITLE_CHARS:
        title = title[: TITLE_CHARS - 1].rstrip() + "…"
    return f"{row.candidate.reference}  {title}"


def results_figure(allocation: Allocation, title: str, budget: Decimal, *, lang: str = "fr",
                   draft: bool = False) -> Figure:
    """The top projects by votes on one axis of whole votes; costs are in the text results."""
    # Imported here: matplotlib costs ~40 MB and a second at start-up, and the chart is
    # drawn once per language, when results are published.
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    rows = sorted(allocation.rows, key=lambda r: (-r.votes, not r.won, r.candidate.reference))
    shown = rows[:TOP]
    height = 1.8 + 0.32 * max(len(shown), 3)
    # A bare Figure needs no pyplot state, so charts can be drawn from any thread.
    figure = Figure(figsize=(11, height), dpi=110, layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(shown)))
    votes = [r.votes for r in shown]
    colours = [WON_COLOUR if r.won else LOST_COLOUR for r in shown]
    axes.barh(positions, votes, color=colours, height=0.7)
    axes.set_yticks(positions, [("✔ " if r.won else "   ") + _label(r) for r in shown],
                    fontsize=8)
    for tick, row in zip(axes.get_yticklabels(), shown, strict=True):
        tick.set_color(WON_COLOUR if row.won else "#37474f")
    axes.invert_yaxis()
    axes.set_xlabel(_text(lang, "results_chart_votes"))
    # Votes are whole numbers: no tick at 0.5 vote.
    axes.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    peak = max(votes, default=0) or 1
    for y, value in zip(positions, votes, strict=True):
        axes.text(value + peak * 0.01, y, str(value), va="center", fontsize=7)
    axes.set_xlim(0, peak * 1.12)
    axes.spines[["top", "right"]].set_visible(False)
    figure.legend([Patch(color=WON_COLOUR), Patch(color=LOST_COLOUR)],
                  [_text(lang, "results_chart_won"), _text(lang, "results_chart_lost")],
                  loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    heading = _printable(title) + "\n" + _text(
        lang, "results_chart_budget", budget=format_amount(budget, lang),
        spent=format_amount(allocation.spent, lang))
    if draft:
        heading = _text(lang, "results_chart_draft") + "\n" + heading
        figure.text(0.5, 0.5, _text(lang, "results_chart_draft_mark"), fontsize=60,
                    color=DRAFT_COLOUR, alpha=0.25, rotation=20, ha="center", va="center")
    if len(rows) > TOP:
        heading += "\n" + _text(lang, "results_chart_more", count=len(rows) - TOP)
    axes.set_title(heading, fontsize=11, loc="left")
    return figure


def results_chart(allocation: Allocation, title: str, budget: Decimal, *,
                  lang: str = "fr", draft: bool = False) -> bytes:
    """PNG of the top projects by votes, winners marked; a draft says so across the chart."""
    buffer = io.BytesIO()
    results_figure(allocation, title, budget, lang=lang, draft=draft).savefig(buffer,
                                                                              format="png")
    return buffer.getvalue()


def chart_maker(allocation: Allocation, title: str, budget: Decimal, lang: str,
                draft: bool) -> bytes:
    """`results_chart` in the shape the flows' ChartMaker port expects."""
    return results_chart(allocation, title, budget, lang=lang, draft=draft)
