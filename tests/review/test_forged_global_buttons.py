"""Buttons outside a dialogue (g|...) can be forged too: odd digits must not crash."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.events import Button
from tests.flows.harness import Harness


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "g.sqlite3")
    yield harness
    await harness.db.close()


@pytest.mark.parametrize("data", ["g|fix|²", "g|fix|¹²"])
async def test_a_forged_fix_button_gets_a_stale_answer(h: Harness, data: str) -> None:
    marie = h.citizen()
    await h.say(marie, "/start")
    await h.act(marie, Button(data, 100, "forged"))  # raised ValueError before
    assert "plus valable" in h.recorder.answers[-1].text
