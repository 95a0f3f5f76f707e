"""Results in the bot: a draft for staff with reasons and a chart, publication, citizens' view."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from flows.domain.allocation import Allocation
from tests.flows.harness import Harness
from tests.flows.test_voting import IN_VOTE, add_projects, tick, verify


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "results.sqlite3", now=IN_VOTE)
    await add_projects(harness, 4, cost="20000")
    yield harness
    await harness.db.close()


async def cast(h: Harness, user_id: int, phone_suffix: int, *numbers: int) -> None:
    voter = h.citizen(user_id=user_id)
    await verify(h, voter, phone=f"06 12 34 56 {phone_suffix:02d}",
                 e164=f"+336123456{phone_suffix:02d}")
    await tick(h, voter, *numbers)
    await h.tap(voter, "Valider mon choix")
    await h.tap(voter, "Confirmer mon vote")


async def test_staff_see_a_draft_with_votes_reasons_and_chart_then_publish(h: Harness) -> None:
    await cast(h, 501, 1, 1, 2, 3)
    await cast(h, 502, 2, 1, 2, 4)
    await h.tap(h.citizen(user_id=502), "Me prévenir des résultats")
    paul = h.staff()
    await h.say(paul, "/papier 1 3 4")
    await h.say(paul, "/phase results")
    replies = await h.say(paul, "/resultats")
    chart = next(r for r in replies if r.photo_png)
    assert chart.photo_png is not None and chart.photo_png.startswith(b"\x89PNG")
    text = "\n".join(r.text for r in replies)
    assert "Projet 1" in text and "3 voix" in text.replace("\xa0", " ")
    assert "Publier" in str(replies[-1].keyboard)

    citizen = h.citizen(user_id=503)
    replies = await h.say(citizen, "/resultats")
    assert "pas encore publiés" in replies[0].text

    intruder = h.staff(user_id=77, name="Intrus", is_staff=False)
    await h.tap(intruder, "Publier")
    assert "seule l'équipe" in h.recorder.answers[-1].text
    await h.say(paul, "/phase vote")
    await h.tap(paul, "Ouvrir le vote")
    await h.tap(paul, "Publier")  # the draft's button, from before the vote reopened
    assert "avant la fin du vote" in h.recorder.answers[-1].text  # back in the vote phase
    await h.say(paul, "/phase results")
    await h.say(paul, "/resultats")
    await h.tap(paul, "Publier")
    await h.tap(paul, "Oui, publier")
    assert "sont publiés" in h.last_text(502)
    replies = await h.say(citizen, "/resultats")
    assert any(r.photo_png for r in replies)
    assert "Projet 1" in "\n".join(r.text for r in replies)


async def test_published_results_chart_is_drawn_once_per_language(h: Harness) -> None:
    await cast(h, 501, 1, 1, 2, 3)
    paul = h.staff()
    await h.say(paul, "/phase results")
    await h.say(paul, "/resultats")
    await h.tap(paul, "Publier")
    await h.tap(paul, "Oui, publier")
    drawn: list[str] = []
    real = h.deps.chart
    assert real is not None

    def counting(allocation: Allocation, name: str, budget: Decimal, lang: str,
                 draft: bool) -> bytes:
        drawn.append(lang)
        return real(allocation, name, budget, lang, draft)

    h.deps = replace(h.deps, chart=counting)
    charts = []
    for user_id, lang in ((601, "fr"), (602, "fr"), (603, "en"), (604, "en")):
        replies = await h.say(h.citizen(user_id=user_id, language=lang), "/resultats")
        charts += [r.photo_png for r in replies if r.photo_png]
    assert drawn == ["fr", "en"]
    assert len(charts) == 4 and charts[0] == charts[1] and charts[2] == charts[3]
