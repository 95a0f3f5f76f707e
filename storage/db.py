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
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA busy_timeout=5000")
            # Erased rows (sessions holding ticked choices, forgotten people) are overwritten.
            await conn.execute("PRAGMA secure_delete=ON")
            await db._migrate()
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

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteUnitOfWork]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK if the block raises."""
        async with self._lock:
            # execute_fetchall: one round trip to aiosqlite's thread, no cursor to wrap.
            await self._conn.execute_fetchall("BEGIN IMMEDIATE")
            try:
                yield SqliteUnitOfWork(self._conn)
            except BaseException:
                await self._conn.rollback()
                raise
            await self._conn.commit()
