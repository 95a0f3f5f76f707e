"""Paper ballots go into the box during the vote, not after it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from tests.flows.harness import PARIS, Harness
from tests.flows.test_voting import IN_VOTE, add_projects

AFTER_VOTE = datetime(2027, 5, 2, 10, 0, tzinfo=PARIS)


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "paper.sqlite3", now=IN_VOTE)
    await add_projects(harness, 4)
    yield harness
    await harness.db.close()


async def test_a_paper_ballot_after_the_vote_phase_is_refused(h: Harness) -> None:
    h.now = AFTER_VOTE
    replies = await h.say(h.staff(), "/papier 1 2 3")
    assert "enregistré" not in replies[0].text and "phase" in replies[0].text
    async with h.transaction() as uow:
        assert await uow.voting.ballots() == []
        assert await uow.audit.entries("ballot_box") == []


async def test_a_paper_ballot_during_the_vote_is_taken(h: Harness) -> None:
    replies = await h.say(h.staff(), "/papier 1 2 3")
    assert "enregistré" in replies[0].text
