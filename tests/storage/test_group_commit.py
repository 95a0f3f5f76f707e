"""Ballot transactions are synced to disk when they end; queued ones share the sync."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.db import Database

NOW = datetime(2027, 3, 25, 10, 0, tzinfo=UTC)


async def ballot(db: Database, voter: int, fail: bool = False) -> str | None:
    async with db.transaction() as uow:
        await uow.updates.first_time(voter, NOW)
        receipt = await uow.voting.cast(f"phone{voter}", f"account{voter}", "2027-03-25",
                                        None, None, [1, 2])
        if fail:
            raise RuntimeError("the handler failed after casting")
        return receipt


def ballots_on_disk(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        count: int = conn.execute("SELECT COUNT(*) FROM ballots").fetchone()[0]
    return count


async def test_a_ballot_is_synced_to_disk_before_its_transaction_ends(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "v.sqlite3")
    async with db.transaction() as uow:  # no ballot: committed without a flush
        await uow.settings.put("phase_override", "vote")
    assert db.syncs == 0
    assert await ballot(db, 1) is not None
    assert db.syncs == 1
    assert ballots_on_disk(tmp_path / "v.sqlite3") == 1
    await db.close()


async def test_ballots_cast_at_once_share_a_flush_and_a_failing_one_is_undone_alone(
        tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "g.sqlite3")
    results = await asyncio.gather(*(ballot(db, v, fail=v == 7) for v in range(1, 31)),
                                   return_exceptions=True)
    failed = [r for r in results if isinstance(r, RuntimeError)]
    receipts = [r for r in results if isinstance(r, str)]
    assert len(failed) == 1 and len(set(receipts)) == 29
    assert 1 <= db.syncs < 29  # shared flushes, yet every ballot is on disk
    assert ballots_on_disk(tmp_path / "g.sqlite3") == 29
    async with db.transaction() as uow:  # voter 7 left nothing behind and may vote again
        assert not await uow.voting.has_voted("phone7", "account7")
        assert await uow.updates.first_time(7, NOW)
    await db.close()


async def test_a_failing_lone_transaction_is_rolled_back(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "r.sqlite3")
    with pytest.raises(RuntimeError):
        await ballot(db, 1, fail=True)
    assert ballots_on_disk(tmp_path / "r.sqlite3") == 0
    assert await ballot(db, 1) is not None
    await db.close()
