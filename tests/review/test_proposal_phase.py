"""A proposal draft left open must not be submitted once proposals have closed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from flows.i18n import t
from tests.flows.harness import PARIS, Harness, propose

AFTER_PROPOSALS = datetime(2027, 2, 10, 10, 0, tzinfo=PARIS)


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "p.sqlite3")
    yield harness
    await harness.db.close()


async def test_an_old_draft_cannot_be_submitted_after_proposals_closed(h: Harness) -> None:
    marie = h.citizen()
    await propose(h, marie)
    h.now = AFTER_PROPOSALS
    replies = await h.tap(marie, "Envoyer ma proposition")  # the summary, days later
    assert not any("référence" in r.text for r in replies), [r.text for r in replies]
    closed = t("fr", "proposals_closed_on", date="31 janvier 2027")
    assert any(r.text == closed for r in replies), [r.text for r in replies]
    async with h.transaction() as uow:
        assert await uow.proposals.all() == []


async def test_resuming_an_old_draft_after_proposals_closed_says_so(h: Harness) -> None:
    marie = h.citizen()
    await propose(h, marie)
    h.now = AFTER_PROPOSALS
    await h.say(marie, "/start")
    replies = await h.tap(marie, "Reprendre")
    closed = t("fr", "proposals_closed_on", date="31 janvier 2027")
    assert any(r.text == closed for r in replies), [r.text for r in replies]
    async with h.transaction() as uow:
        assert (await uow.sessions.load(marie.chat_id, marie.user_id)).flow is None
