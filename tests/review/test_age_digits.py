"""Typed ages with odd digits (superscripts) get a kind answer, not a crash."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.flows.harness import Harness


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "age.sqlite3")
    yield harness
    await harness.db.close()


async def to_age_step(h: Harness) -> None:
    marie = h.citizen()
    await h.say(marie, "/start")
    await h.tap(marie, "Proposer")
    await h.say(marie, "Abri vélo au collège")
    await h.say(marie, "Un abri couvert pour dix vélos devant le collège, pour les élèves.")
    await h.tap(marie, "Écologie")
    await h.say(marie, "Lectoure")
    await h.say(marie, "15 000 €")
    for _ in h.campaign.questions:
        last = h.last_text(marie.chat_id)
        wanted = next(q.required_answer for q in h.campaign.questions if q.text.fr in last)
        await h.tap(marie, "Oui" if wanted else "Non")
    await h.tap(marie, "Pas de photo")
    await h.tap(marie, "Particulier")
    await h.say(marie, "Marie Dupont")


@pytest.mark.parametrize("typed", ["²", "6²", "67 ans²"])
async def test_an_age_with_superscript_digits_is_asked_again(h: Harness, typed: str) -> None:
    await to_age_step(h)
    replies = await h.say(h.citizen(), typed)  # raised ValueError before
    assert "en chiffres" in replies[0].text
    replies = await h.say(h.citizen(), "67")
    assert "habitez" in " ".join(r.text for r in replies)
