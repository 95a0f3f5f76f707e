"""The results chart is a PNG image of a readable size."""

from __future__ import annotations

import struct
import warnings
from dataclasses import replace
from decimal import Decimal

from bot.chart import results_chart
from flows.domain.allocation import ResultsRules

from .helpers import cand, run, votes

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_chart_is_a_png_of_the_top_projects() -> None:
    projects = [cand(i, 1000 * (i % 7 + 1)) for i in range(1, 60)]
    result = run(ResultsRules(), projects, votes({i: i % 13 for i in range(1, 60)}),
                 total=40_000)
    png = results_chart(result, "Budget participatif gersois", Decimal(40_000), lang="en")
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) > 20_000
    width, height = _size(png)
    assert width >= 800 and 800 <= height <= 2000


def test_chart_of_a_vote_without_projects_still_renders() -> None:
    png = results_chart(run(ResultsRules(), [], []), "Vide", Decimal(1000))
    assert png.startswith(PNG_SIGNATURE)


def test_emoji_in_a_title_are_left_out_rather_than_drawn_as_boxes() -> None:
    projects = [replace(cand(1, 1000), title="Abri 🚲 vélo"), cand(2, 2000)]
    result = run(ResultsRules(), projects, votes({1: 3, 2: 1}), total=5000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns for each glyph it lacks
        png = results_chart(result, "Budget 🌱 participatif", Decimal(5000))
    assert png.startswith(PNG_SIGNATURE)
