"""What every PostgreSQL repository shares: one connection, inside the unit of work's
transaction (READ COMMITTED unless a method says otherwise)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, LiteralString

from psycopg import AsyncConnection

Params = Sequence[object] | Mapping[str, object]
Row = tuple[Any, ...]


class PgRepository:
    def __init__(self, conn: AsyncConnection[Row], campaign: str = "") -> None:
        self._conn = conn
        # The campaign whose rows a campaign-scoped repository reads and writes.
        self._campaign = campaign

    async def _rows(self, sql: LiteralString, params: Params = ()) -> list[Row]:
        cur = await self._conn.execute(sql, params)
        return await cur.fetchall()

    async def _row(self, sql: LiteralString, params: Params = ()) -> Row | None:
        cur = await self._conn.execute(sql, params)
        return await cur.fetchone()

    async def _run(self, sql: LiteralString, params: Params = ()) -> int:
        """Execute a write; how many rows it touched."""
        cur = await self._conn.execute(sql, params)
        return cur.rowcount
