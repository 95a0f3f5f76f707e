"""/urne NAME n=votes ...: mistyped input gets the usage, never a silent loss or a crash."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.flows.harness import Harness
from tests.flows.test_voting import IN_VOTE, add_projects


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "box.sqlite3", now=IN_VOTE)
    await add_projects(harness, 4)
    yield harness
    await harness.db.close()


async def test_a_box_without_a_name_is_not_saved_under_its_first_total(h: Harness) -> None:
    replies = await h.say(h.staff(), "/urne 1=40 2=33")
    assert "/urne" in replies[0].text  # the usage, with its example
    async with h.transaction() as uow:
        assert await uow.voting.paper_totals() == []


async def test_an_absurd_total_gets_the_usage_not_a_crash(h: Harness) -> None:
    replies = await h.say(h.staff(), "/urne Auch 1=99999999999999999999")  # over SQLite's int
    assert "/urne" in replies[0].text
    async with h.transaction() as uow:
        assert await uow.voting.paper_totals() == []
