"""The resend cooldown holds per account, whatever erased the last code."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.flows.harness import Harness
from tests.flows.test_voting import IN_VOTE, MOBILE, add_projects, to_phone_step


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "cool.sqlite3", now=IN_VOTE)
    await add_projects(harness, 3)
    yield harness
    await harness.db.close()


async def test_forgetting_the_account_does_not_reset_the_cooldown(h: Harness) -> None:
    marie = h.citizen()
    await to_phone_step(h, marie)
    await h.say(marie, "06 12 34 56 78")
    await h.say(marie, "/oublier")
    await h.tap(marie, "Oui, effacer")
    await to_phone_step(h, marie)
    replies = await h.say(marie, "06 12 34 56 99")
    assert "Attendez" in replies[0].text
    assert "+33612345699" not in h.sms.received


async def test_after_the_cooldown_a_forgotten_account_gets_a_new_code(h: Harness) -> None:
    marie = h.citizen()
    await to_phone_step(h, marie)
    await h.say(marie, "06 12 34 56 78")
    await h.say(marie, "/oublier")
    await h.tap(marie, "Oui, effacer")
    await to_phone_step(h, marie)
    h.now += timedelta(seconds=61)
    replies = await h.say(marie, "06 12 34 56 78")
    assert "code à 6 chiffres" in replies[-1].text
    assert len(h.sms.received[MOBILE]) == 2
