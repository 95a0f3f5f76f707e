"""A gateway failing with something other than SmsError: the voter is told, logs stay clean."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.flows.harness import Harness
from tests.flows.test_voting import IN_VOTE, add_projects, to_phone_step


class BrokenGateway:
    async def send(self, to_e164: str, text: str) -> None:
        raise OSError(f"cannot write SMS to {to_e164}: {text}")


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "broken.sqlite3", now=IN_VOTE)
    await add_projects(harness, 3)
    yield harness
    await harness.db.close()


async def test_an_unexpected_gateway_error_is_a_failure_told_to_the_voter(
    h: Harness, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    marie = h.citizen()
    await to_phone_step(h, marie)
    h.sms = BrokenGateway()  # type: ignore[assignment]
    replies = await h.say(marie, "0612345678")  # raised OSError before
    assert any("n'a pas pu partir" in r.text for r in replies), [r.text for r in replies]
    assert "612345678" not in caplog.text
    async with h.transaction() as uow:
        assert (await uow.sms.status_counts()) == {"failed": 1}
