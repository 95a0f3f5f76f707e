"""A PostgreSQL database: a pool of connections, one transaction per unit of work."""

from __future__ import annotations

import select
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import psycopg
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from storage.postgres.base import Row
from storage.postgres.leader import AdvisoryLeader
from storage.postgres.schema import MIGRATIONS
from storage.postgres.unit_of_work import PgUnitOfWork
from storage.postgres.voting import BALLOT_REWRITE_LOCK

# Held by the process that migrates the schema; the others wait for it, then find it done.
MIGRATION_LOCK = 0x6275_6467_6D69_6731  # "budgmig1"
POOL_SIZE = 10
WAIT = 10.0  # seconds a unit of work waits for a pooled connection
RECONNECT = 10.0  # seconds of reconnection attempts before the pool starts them afresh

# The ballots cast since the last scrub, with up to 100 older ones drawn at random, deleted
# and written again in random (ballot id) order by one transaction: none keeps its voter's
# transaction id (xmin), and a new ballot's place in the table is shared with at least 100
# others (once there are that many) rather than telling when it was cast.
_SHUFFLE = """
WITH moved AS (DELETE FROM ballots WHERE NOT shuffled OR ballot_id IN
                   (SELECT ballot_id FROM ballots WHERE shuffled ORDER BY random() LIMIT 100)
               RETURNING campaign, ballot_id, day, channel, choices, receipt)
INSERT INTO ballots (campaign, ballot_id, day, channel, choices, receipt, shuffled)
SELECT campaign, ballot_id, day, channel, choices, receipt, true FROM moved
ORDER BY campaign, ballot_id
"""
# Dead row versions (old ballots, sessions holding ticked choices, sent receipts) become
# free space; see the README on what VACUUM does not erase.
_VACUUMS = ("VACUUM ballots", "VACUUM voters", "VACUUM sessions", "VACUUM outbox")


async def _still_open(conn: AsyncConnection[Row]) -> None:
    """Raise if the server has closed this idle connection (a restart, a crash).

    Without a round trip: an idle connection is sent nothing (no LISTEN here), so anything
    to read on its socket is the server's farewell (FATAL: terminating connection) or the
    end of the stream. Should the server ever send something else unasked, the cost is one
    new connection. A link lost silently is found at its first statement instead, which then
    fails as transient."""
    if conn.broken or conn.closed:
        raise psycopg.OperationalError("the connection is closed")
    readable, _, _ = select.select([conn.pgconn.socket], [], [], 0)
    if readable:
        await conn.close()  # else the pool, seeing it unused, would lend it again
        raise psycopg.OperationalError("the server closed the connection")



class PostgresDatabase:
    """Same interface as storage.db.Database; each unit of work is one READ COMMITTED
    transaction on a pooled connection, committed (and, with synchronous_commit = on,
    flushed to the WAL on disk) when its block ends."""

    shared = True  # several workers may serve it: one starting cannot know what others hold

    def __init__(self, pool: AsyncConnectionPool[AsyncConnection[Row]], url: str = "") -> None:
        self._pool = pool
        self._url = url
        self.syncs = 0  # SQLite's count of WAL syncs; PostgreSQL flushes at each commit

    @classmethod
    async def open(cls, url: str, size: int = POOL_SIZE) -> PostgresDatabase:
        """Connect and migrate. Several `budgetbot run` may serve one database: they share
        the inbox by claims (see PgInbox.claim) and elect a polling leader (`leader`)."""
        # Riding out a server restart: a pooled connection is checked before it is lent
        # (_still_open), so one the restart cut off is replaced instead of failing its unit
        # of work; connecting again is tried with backoff for RECONNECT seconds at a time,
        # and a unit of work waits at most WAIT for a connection, then fails as transient
        # (storage.backend.is_transient) and its caller tries again.
        pool: AsyncConnectionPool[AsyncConnection[Row]] = AsyncConnectionPool(
            url, min_size=1, max_size=size, open=False, kwargs={"autocommit": True},
            check=_still_open, timeout=WAIT, reconnect_timeout=RECONNECT)
        await pool.open(wait=True, timeout=30)
        db = cls(pool, url)
        try:
            await db._migrate()
            await db.scrub()
        except BaseException:
            await db.close()
            raise
        return db

    async def close(self) -> None:
        await self._pool.close()

    def leader(self, key: int) -> AdvisoryLeader:
        """Leadership by the session advisory lock `key`, on a connection of its own."""
        return AdvisoryLeader(self._url, key)

    async def schema_version(self) -> int:
        async with self._pool.connection() as conn:
            cur = await conn.execute("SELECT version FROM budgetbot_schema")
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        """Bring the schema up to date in one transaction, under an advisory lock: of
        several processes started at once, one migrates, the others wait and skip."""
        async with self._pool.connection() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            await conn.execute(
                "CREATE TABLE IF NOT EXISTS budgetbot_schema (version INTEGER NOT NULL)")
            cur = await conn.execute("SELECT version FROM budgetbot_schema")
            row = await cur.fetchone()
            if row is None:
                await conn.execute("INSERT INTO budgetbot_schema (version) VALUES (0)")
            version = int(row[0]) if row else 0
            for script in MIGRATIONS[version:]:
                for statement in filter(str.strip, script.split(";")):
                    await conn.execute(statement.encode())
            await conn.execute("UPDATE budgetbot_schema SET version = %s", (len(MIGRATIONS),))

    async def scrub(self) -> bool:
        """Rewrite the newly cast ballots in random order, then vacuum the tables that held
        something secret; True (nothing can block it for long)."""
        async with self._pool.connection() as conn:
            async with conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock(%s)", (BALLOT_REWRITE_LOCK,))
                await conn.execute(_SHUFFLE)
            for vacuum in _VACUUMS:
                await conn.execute(vacuum)
        return True

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PgUnitOfWork]:
        """BEGIN ... COMMIT on a pooled connection, or ROLLBACK if the block raises."""
        async with self._pool.connection() as conn, conn.transaction():
            yield PgUnitOfWork(conn)

    @asynccontextmanager
    async def by_itself(self) -> AsyncIterator[PgUnitOfWork]:
        """For one storage call that is atomic by itself: a transaction all the same, since
        such a call may be several statements here."""
        async with self.transaction() as uow:
            yield uow

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[PgUnitOfWork]:
        """For reads only: autocommit, each statement sees the last commit."""
        async with self._pool.connection() as conn:
            yield PgUnitOfWork(conn)
