"""Reserving an SMS checks every cap and writes the log row atomically, across connections."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import aiosqlite

from flows.domain.records import CONTACT, TYPED, SmsQuota, SmsRequest
from storage.db import Database
from storage.sms_challenges import SqliteSmsChallenges

NOW = 1_800_000_000.0
QUOTA = SmsQuota(now=NOW, day_start=NOW - 3600, hour_ago=NOW - 3600, day_ago=NOW - 86400,
                 cooldown_seconds=60, per_number_hour=3, per_number_day=5, per_account_hour=3,
                 per_account_day=5, daily_cap=10, typed_daily_cap=2, typed_hourly_cap=2)


def request(n: int, channel: str = TYPED) -> SmsRequest:
    return SmsRequest(f"phone{n}", f"account{n}", channel, n, "fr")


async def reserve(db: Database, req: SmsRequest, quota: SmsQuota = QUOTA) -> int | None:
    async with db.transaction() as uow:
        return await uow.sms.reserve(req, quota)


async def test_connections_racing_without_lock_or_transaction_never_pass_a_cap(
    tmp_path: Path,
) -> None:
    """The reservation is one statement: atomic even in autocommit, with no process lock."""
    path = tmp_path / "race.sqlite3"
    await (await Database.open(path)).close()  # the schema
    conns = [await aiosqlite.connect(str(path), isolation_level=None) for _ in range(4)]
    try:
        for conn in conns:
            await conn.execute("PRAGMA busy_timeout=5000")
        logs = [SqliteSmsChallenges(conn) for conn in conns]
        won = await asyncio.gather(*(logs[n % 4].reserve(request(n), QUOTA) for n in range(40)))
        assert sum(r is not None for r in won) == QUOTA.typed_daily_cap
    finally:
        for conn in conns:
            await conn.close()


async def test_typed_numbers_leave_the_rest_of_the_day_to_shared_contacts(
    tmp_path: Path,
) -> None:
    db = await Database.open(tmp_path / "pools.sqlite3")
    try:
        typed = [await reserve(db, request(n)) for n in range(5)]
        assert [r is not None for r in typed] == [True, True, False, False, False]
        contacts = [await reserve(db, request(n, CONTACT)) for n in range(10, 20)]
        assert sum(r is not None for r in contacts) == 8  # daily_cap 10 minus the 2 typed
        async with db.transaction() as uow:
            assert await uow.sms.status_counts() == {"sending": 10}
    finally:
        await db.close()


async def test_failed_codes_count_against_no_cap_or_cooldown(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "failed.sqlite3")
    try:
        first = await reserve(db, request(1))
        assert first is not None and await reserve(db, request(1)) is None  # cooldown
        async with db.transaction() as uow:
            await uow.sms.set_status(first, "failed")
        assert await reserve(db, request(1)) is not None
        later = replace(QUOTA, now=NOW + 61)
        assert await reserve(db, request(2), later) is not None
        assert await reserve(db, request(3), later) is None  # the typed pool holds 2, both live
    finally:
        await db.close()
