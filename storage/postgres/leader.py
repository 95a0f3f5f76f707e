"""Leadership among workers: a session advisory lock, held on a connection of its own for as
long as that connection lives (a worker killed or cut off loses it with its session)."""

from __future__ import annotations

import contextlib

import psycopg
from psycopg import AsyncConnection

# The one worker that polls Telegram's getUpdates holds this lock.
POLLING_LEADER = 0x6275_6467_706F_6C6C  # "budgpoll"


class AdvisoryLeader:
    """`try_lead` takes the lock if it is free; `still_leading` checks the session holding
    it is still alive (a lost connection means the lock is gone for everyone else to take)."""

    def __init__(self, url: str, key: int) -> None:
        self._url = url
        self._key = key
        self._conn: AsyncConnection[tuple[object, ...]] | None = None

    async def try_lead(self) -> bool:
        if self._conn is None or self._conn.closed:
            self._conn = await AsyncConnection.connect(self._url, autocommit=True,
                                                       connect_timeout=5)
        try:
            cur = await self._conn.execute("SELECT pg_try_advisory_lock(%s)", (self._key,))
            row = await cur.fetchone()
        except psycopg.Error:  # a server restarted: a new connection next time
            await self.close()
            raise
        return bool(row and row[0])

    async def still_leading(self) -> bool:
        if self._conn is None or self._conn.closed:
            return False
        try:
            await self._conn.execute("SELECT 1")
        except psycopg.Error:
            await self.close()
            return False
        return True

    async def close(self) -> None:
        """Step down: the lock goes with the session."""
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):
                await self._conn.close()
            self._conn = None
