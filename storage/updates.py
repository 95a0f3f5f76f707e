"""Which Telegram updates were already handled, so a repeat changes nothing."""

from __future__ import annotations

from datetime import date, datetime

import aiosqlite


class SqliteUpdates:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def first_time(self, update_id: int, at: datetime) -> bool:
        """Record the update; False if it was recorded before."""
        cur = await self._conn.execute(
            "INSERT OR IGNORE INTO processed_updates (update_id, day) VALUES (?, ?)",
            (update_id, at.date().isoformat()),
        )
        return cur.rowcount == 1

    async def purge_before(self, day: date) -> int:
        """Forget old update ids: Telegram never redelivers an update that old."""
        cur = await self._conn.execute("DELETE FROM processed_updates WHERE day < ?",
                                       (day.isoformat(),))
        return cur.rowcount
