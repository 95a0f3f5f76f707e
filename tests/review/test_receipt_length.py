"""/recu with a very long argument still gets an answer Telegram accepts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.flows.harness import Harness
from tests.flows.test_voting import IN_VOTE

TELEGRAM_LIMIT = 4096


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "recu.sqlite3", now=IN_VOTE)
    yield harness
    await harness.db.close()


async def test_a_long_receipt_is_answered_within_telegram_s_limit(h: Harness) -> None:
    replies = await h.say(h.citizen(), "/recu " + "A" * 4090)  # a full Telegram message
    assert "Je ne trouve pas de bulletin" in replies[0].text
    assert len(replies[0].text) <= TELEGRAM_LIMIT
