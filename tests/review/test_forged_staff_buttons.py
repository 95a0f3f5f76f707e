"""Staff decision buttons and notes with odd digits get an answer, not a crash."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.events import Button
from tests.flows.harness import Harness, propose


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "s.sqlite3")
    yield harness
    await harness.db.close()


async def test_a_forged_decision_button_gets_a_stale_answer(h: Harness) -> None:
    paul = h.staff()
    await h.act(paul, Button("rv|²|ok", 100, "forged"))  # raised ValueError before
    assert "plus valable" in h.recorder.answers[-1].text


async def test_a_duplicate_note_with_odd_digits_is_asked_again(h: Harness) -> None:
    marie = h.citizen()
    await propose(h, marie)
    await h.tap(marie, "Envoyer ma proposition")
    paul = h.staff()
    await h.tap(paul, "Doublon")
    replies = await h.say(paul, "BP-2026-²")  # raised ValueError before
    assert "Je ne trouve pas le projet" in replies[0].text
