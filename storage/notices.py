"""Events waiting for the notifier, written in the transaction of the change they tell."""

from __future__ import annotations

import json
from datetime import datetime

import aiosqlite

from flows.domain.notices import Notice


class SqliteNotices:
    def __init__(self, conn: aiosqlite.Connection, campaign: str = "") -> None:
        self._conn = conn
        self._campaign = campaign

    async def record(self, notice: Notice) -> int:
        cur = await self._conn.execute(
            "INSERT INTO notices (campaign, kind, at, data) VALUES (?, ?, ?, ?)",
            (self._campaign, notice.kind, notice.at.isoformat(),
             # Amounts (Decimal) are kept as their exact text.
             json.dumps(notice.data, ensure_ascii=False, default=str)),
        )
        return int(cur.lastrowid or 0)

    async def claim(self, limit: int) -> list[Notice]:
        # One statement: two workers cannot both take a row.
        rows = await self._conn.execute_fetchall(
            "DELETE FROM notices WHERE id IN (SELECT id FROM notices WHERE campaign = ? "
            "ORDER BY id LIMIT ?) RETURNING id, kind, at, data", (self._campaign, limit))
        notices = [Notice(str(r[1]), datetime.fromisoformat(str(r[2])), json.loads(r[3]),
                          int(r[0])) for r in rows]
        return sorted(notices, key=lambda n: n.id)
