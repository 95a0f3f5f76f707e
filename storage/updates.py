"""Which Telegram updates were already handled, so a repeat changes nothing."""

from __future__ import annotations

from datetime import date, datetime

import aiosqlite


class SqliteUpdates:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def first_time(self, update_id: int, at: datetime) -> bool:
        """Record the update; False if it was recorded before."""
        # One round trip to the database thread: the row comes back only if it is new.
        rows = await self._conn.execute_fetchall(
            "INSERT INTO processed_updates (update_id, day) VALUES (?, ?) "
            "ON CONFLICT DO NOTHING RETURNING update_id",
            (update_id, at.date().isoformat()),
        )
        return bool(rows)

    async def purge_before(self, day: date) -> int:
        """Forget old update ids: Telegram never redelivers an update that old."""
        cur = await self._conn.execute("DELETE FROM processed_updates WHERE day < ?",
                                       (day.isoformat(),))
        return cur.rowcount
