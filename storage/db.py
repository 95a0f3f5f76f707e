"""The SQLite file: one connection, WAL, one write transaction at a time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from storage.schema import MIGRATIONS
from storage.unit_of_work import SqliteUnitOfWork


class Database:
    """Owns the connection; `transaction()` hands out one unit of work at a time."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path) -> Database:
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        db = cls(conn)
        try:
            await conn.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit is on disk before anything is acknowledged or shown (an update
            # to Telegram, a receipt to a voter), so a power cut loses neither.
            await conn.execute("PRAGMA synchronous=FULL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA busy_timeout=5000")
            # Erased rows (sessions holding ticked choices, forgotten people) are overwritten.
            await conn.execute("PRAGMA secure_delete=ON")
            await db._migrate()
            # A crash may have left page images of finished ballots in the -wal: flatten
            # them into the main file (where deleted rows are zeroed) before serving.
            await db.scrub()
        except BaseException:
            # aiosqlite's worker thread would otherwise keep the process from exiting.
            await conn.close()
            raise
        return db

    async def close(self) -> None:
        await self._conn.close()

    async def _migrate(self) -> None:
        async with self._conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        version = int(row[0]) if row else 0
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in filter(str.strip, script.split(";")):
                    await self._conn.execute(statement)
                await self._conn.execute(f"PRAGMA user_version = {number}")
                await self._conn.commit()
            except BaseException:
                await self._conn.rollback()
                raise

    async def scrub(self) -> bool:
        """Copy the -wal into the main file, truncate it to 0 bytes; False if a reader blocked it.

        The -wal keeps every page image written since its last reset, deleted rows included:
        this erases them there deliberately, rather than when a checkpoint happens to run."""
        async with self._lock, self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cur:
            row = await cur.fetchone()
        return row is not None and int(row[0]) == 0

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteUnitOfWork]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK if the block raises."""
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield SqliteUnitOfWork(self._conn)
            except BaseException:
                await self._conn.rollback()
                raise
            await self._conn.commit()

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[SqliteUnitOfWork]:
        """For reads only: no BEGIN/COMMIT round trips; each statement sees the last commit,
        and no write of ours comes in between (the lock is held)."""
        async with self._lock:
            yield SqliteUnitOfWork(self._conn)
