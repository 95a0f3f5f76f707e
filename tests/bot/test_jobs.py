"""Scheduled work runs once a period across workers, and a failed run gives the turn back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.jobs import LOST_SMS, TICK, Jobs
from flows.dialogues.context import Deps
from flows.domain.campaign import load_campaign
from flows.domain.communes import load_communes
from flows.ports import UnitOfWork
from storage.backend import AnyDatabase, open_database

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(params=["sqlite", "postgres"])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AnyDatabase]:
    if request.param == "postgres":
        target: str = request.getfixturevalue("postgres_url")
    else:
        target = str(tmp_path / "jobs.sqlite3")
    database = await open_database(target)
    yield database
    await database.close()


@pytest.fixture
async def shared(postgres_url: str) -> AsyncIterator[AnyDatabase]:
    """A PostgreSQL database, which several workers may serve."""
    database = await open_database(postgres_url)
    yield database
    await database.close()


async def test_three_workers_ticking_at_once_run_the_tick_once(shared: AnyDatabase) -> None:
    db = shared
    runs: list[str] = []

    async def tick(worker: str) -> bool:
        async def work(uow: UnitOfWork) -> None:
            runs.append(worker)
            await asyncio.sleep(0.05)  # the others ask meanwhile

        return await Jobs(db, worker).run_once(TICK, 60, work)

    assert sorted(await asyncio.gather(*(tick(w) for w in "abc"))) == [False, False, True]
    assert len(runs) == 1


async def test_a_tick_that_fails_is_run_again_at_the_next_ask(shared: AnyDatabase) -> None:
    db = shared
    async def fail(uow: UnitOfWork) -> None:
        await uow.settings.put("half-done", "1")
        raise RuntimeError("database went away")

    async def succeed(uow: UnitOfWork) -> None:
        await uow.settings.put("done", "1")

    with pytest.raises(RuntimeError):
        await Jobs(db, "a").run_once(TICK, 60, fail)
    assert await Jobs(db, "b").run_once(TICK, 60, succeed)
    async with db.transaction() as uow:
        assert await uow.settings.get("half-done") is None
        assert await uow.settings.get("done") == "1"


async def test_sms_left_at_sending_are_looked_for_only_on_a_shared_database(
        db: AnyDatabase) -> None:
    deps = Deps(load_campaign(EXAMPLES / "gers.toml"), load_communes(), b"k" * 32, EXAMPLES)
    await Jobs(db, "a").resolve_cut_off_sms([deps], datetime.now(UTC))
    async with db.transaction() as uow:
        ran = await uow.jobs.last_run(LOST_SMS)
    assert (ran is not None) == db.shared


async def test_workers_starting_together_tick_one_after_the_other(
        shared: AnyDatabase) -> None:
    db = shared
    running: list[str] = []
    overlaps: list[list[str]] = []

    async def tick(worker: str) -> bool:
        async def work(uow: UnitOfWork) -> None:
            running.append(worker)
            if len(running) > 1:
                overlaps.append(list(running))
            await asyncio.sleep(0.05)
            running.remove(worker)

        return await Jobs(db, worker).run_once(TICK, 0, work)

    assert await asyncio.gather(*(tick(w) for w in "abc")) == [True, True, True]
    assert overlaps == []  # the calendar's check-then-announce is never run side by side


async def test_a_lone_process_on_a_file_ticks_at_each_ask_and_records_no_job(
        tmp_path: Path) -> None:
    db = await open_database(tmp_path / "alone.sqlite3")
    runs: list[int] = []

    async def work(uow: UnitOfWork) -> None:
        runs.append(1)

    jobs = Jobs(db, "alone")
    assert [await jobs.run_once(TICK, 60, work) for _ in range(2)] == [True, True]
    assert runs == [1, 1]
    async with db.transaction() as uow:
        assert await uow.jobs.last_run(TICK) is None
    await db.close()
