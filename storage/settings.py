"""Small key-value settings changed at run time (e.g. a phase set by staff), per campaign;
campaign "" holds the settings of the whole bot."""

from __future__ import annotations

import aiosqlite


class SqliteSettings:
    def __init__(self, conn: aiosqlite.Connection, campaign: str = "") -> None:
        self._conn = conn
        self._campaign = campaign

    async def get(self, key: str) -> str | None:
        sql = "SELECT value FROM settings WHERE campaign = ? AND key = ?"
        rows = list(await self._conn.execute_fetchall(sql, (self._campaign, key)))
        return str(rows[0][0]) if rows else None

    async def put(self, key: str, value: str | None) -> None:
        if value is None:
            await self._conn.execute("DELETE FROM settings WHERE campaign = ? AND key = ?",
                                     (self._campaign, key))
        else:
            await self._conn.execute(
                "INSERT OR REPLACE INTO settings (campaign, key, value) VALUES (?, ?, ?)",
                (self._campaign, key, value))

    async def set_once(self, key: str, value: str) -> bool:
        """Atomic: one INSERT OR IGNORE on the primary key; True for the one that set it."""
        cur = await self._conn.execute(
            "INSERT OR IGNORE INTO settings (campaign, key, value) VALUES (?, ?, ?)",
            (self._campaign, key, value))
        return cur.rowcount == 1
