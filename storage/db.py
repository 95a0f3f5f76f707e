"""The SQLite file: one connection, WAL, one write transaction at a time."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from storage.hop import Connection, connect
from storage.schema import MIGRATIONS
from storage.unit_of_work import SqliteUnitOfWork

# Units of work that may share one commit and one sync of the WAL (see Database.transaction).
MAX_BATCH = 64


class _Batch:
    """Units of work in one SQLite transaction, each in its own savepoint after the first."""

    def __init__(self) -> None:
        self.durable = False
        self.size = 0
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.committer: asyncio.Task[None] | None = None

    def require_durable(self) -> None:
        self.durable = True


class Database:
    shared = False  # one process serves the file: at its start, nothing is on its way
    """Owns the connection; `transaction()` hands out one unit of work at a time."""

    def __init__(self, conn: Connection, wal: Path | None = None) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self._wal = wal
        self._wal_fd: int | None = None
        self._queued = 0  # units of work waiting for the lock
        self._batch: _Batch | None = None
        self.syncs = 0  # times the WAL was synced to disk for a durable commit

    @classmethod
    async def open(cls, path: str | Path) -> Database:
        conn = connect(path)
        await conn  # starts aiosqlite's thread, which opens the file
        db = cls(conn, None if str(path) == ":memory:" else Path(f"{path}-wal"))
        try:
            await conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL, and a unit of work that must survive a power cut (an update about to be
            # acknowledged to Telegram, a ballot about to get its receipt) syncs the WAL before
            # it returns: see transaction(). A process crash loses no commit either way.
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA busy_timeout=5000")
            # Erased rows (sessions holding ticked choices, forgotten people) are overwritten.
            await conn.execute("PRAGMA secure_delete=ON")
            # A unit of work in a group commit runs in a savepoint, whose undo copies of the
            # pages it changes go to a temporary file by default: a write to disk per page
            # (ballot pages among them), the most of a ballot's cost. Kept in memory instead.
            await conn.execute("PRAGMA temp_store=MEMORY")
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
        batch = self._batch
        if batch is not None and batch.committer is not None:  # units of work still waiting
            with contextlib.suppress(Exception):
                await batch.committer
        await self._conn.close()
        if self._wal_fd is not None:
            os.close(self._wal_fd)
            self._wal_fd = None

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
        async with self._lock:
            if self._batch is not None:  # a group commit is still open: try again shortly
                return False
            # Off the loop: it writes the main file and syncs it.
            row = await self._conn.off_loop(self._checkpoint)
        return row is not None and int(row[0]) == 0

    def _checkpoint(self) -> tuple[int, ...] | None:
        row = self._conn._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return tuple(row) if row is not None else None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteUnitOfWork]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK if the block raises.

        A unit of work that casts a ballot is durable when its block ends: the WAL is synced
        to disk after the commit, as synchronous=FULL would (NORMAL otherwise). Units of work
        queued behind a durable one join its SQLite transaction, each in a savepoint (a
        failing one is rolled back alone), and all share its commit and its one sync: a
        group commit, so that hundreds of ballots a second do not wait for a disk flush
        each. Nothing leaves the block before its commit (and sync) is done.
        """
        batch, first = await self._enter()
        try:
            yield SqliteUnitOfWork(self._conn, batch.require_durable)
        except BaseException:
            await self._leave(batch, first, failed=True)
            raise
        await self._leave(batch, first, failed=False)
        await batch.done

    async def _enter(self) -> tuple[_Batch, bool]:
        self._queued += 1
        try:
            await self._lock.acquire()
        finally:
            self._queued -= 1
        try:
            if self._batch is None:
                await self._conn.execute_fetchall("BEGIN IMMEDIATE")
                self._batch = _Batch()
                first = True
            else:
                await self._conn.execute_fetchall("SAVEPOINT unit")
                first = False
        except BaseException:
            self._lock.release()
            raise
        self._batch.size += 1
        return self._batch, first

    async def _leave(self, batch: _Batch, first: bool, failed: bool) -> None:
        try:
            if failed and first:  # alone in the transaction: others join only after it
                self._batch = None
                await self._conn.rollback()
                batch.done.set_result(None)
                return
            if not first and failed:
                # The innermost savepoint named `unit` is this one's. Savepoints are not
                # released one by one (a round trip each): the COMMIT releases them all.
                await self._conn.execute_fetchall("ROLLBACK TO unit")
            if batch.durable and self._queued and batch.size < MAX_BATCH:
                if batch.committer is None:  # commits even if those queued give up
                    batch.committer = asyncio.create_task(self._commit_later(batch))
                return
            await self._commit(batch)
        finally:
            self._lock.release()

    async def _commit_later(self, batch: _Batch) -> None:
        async with self._lock:
            if self._batch is batch:
                with contextlib.suppress(Exception):  # its units of work get the error
                    await self._commit(batch)

    async def _commit(self, batch: _Batch) -> None:
        self._batch = None
        try:
            await self._conn.commit()
            if batch.durable:
                await self._sync()
        except BaseException as exc:
            if self._conn.in_transaction:
                await self._conn.rollback()
            batch.done.set_exception(exc)
            batch.done.exception()  # retrieved: whoever waits on it raises it
            raise
        batch.done.set_result(None)

    async def _sync(self) -> None:
        """Flush the WAL to disk: every transaction committed so far survives power loss."""
        if self._wal is None:
            return
        if self._wal_fd is None:
            self._wal_fd = os.open(self._wal, os.O_RDONLY)
        await asyncio.to_thread(os.fsync, self._wal_fd)
        self.syncs += 1

    @asynccontextmanager
    async def by_itself(self) -> AsyncIterator[SqliteUnitOfWork]:
        """For one storage call that is atomic by itself (documented so) and need not be
        synced: no BEGIN/COMMIT round trips. If a group commit is open, the call joins it
        and is committed with it."""
        async with self._lock:
            yield SqliteUnitOfWork(self._conn)

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[SqliteUnitOfWork]:
        """For reads only: no BEGIN/COMMIT round trips; each statement sees the last commit,
        and no write of ours comes in between (the lock is held)."""
        async with self._lock:
            yield SqliteUnitOfWork(self._conn)
