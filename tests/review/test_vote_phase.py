"""A vote session started in the vote phase must not outlive it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from flows.i18n import t
from tests.flows.harness import PARIS, Harness
from tests.flows.test_voting import IN_VOTE, MOBILE, add_projects, tick, to_phone_step, verify

AFTER_VOTE = datetime(2027, 5, 2, 10, 0, tzinfo=PARIS)


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "phase.sqlite3", now=IN_VOTE)
    await add_projects(harness, 5)
    yield harness
    await harness.db.close()


async def test_a_ballot_cannot_be_cast_once_the_vote_phase_is_over(h: Harness) -> None:
    marie = h.citizen()
    await verify(h, marie)
    await tick(h, marie, 1, 2, 3)
    await h.tap(marie, "Valider mon choix")
    h.now = AFTER_VOTE
    replies = await h.tap(marie, "Confirmer mon vote")
    assert "A voté" not in " ".join(r.text for r in replies)
    closed = t("fr", "vote_closed_on", date="30 avril 2027")
    assert any(r.text == closed for r in replies), [r.text for r in replies]
    async with h.transaction() as uow:
        assert await uow.voting.ballots() == []
        assert (await uow.voting.counts()).get("voters", 0) == 0


async def test_a_code_typed_after_the_vote_phase_opens_no_ballot(h: Harness) -> None:
    marie = h.citizen()
    await to_phone_step(h, marie)
    await h.say(marie, "06 12 34 56 78")
    h.now = AFTER_VOTE
    replies = await h.say(marie, h.sms.last_code(MOBILE))
    assert "Votre bulletin" not in " ".join(r.text for r in replies)
    closed = t("fr", "vote_closed_on", date="30 avril 2027")
    assert any(r.text == closed for r in replies), [r.text for r in replies]
