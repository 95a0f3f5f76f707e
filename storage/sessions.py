"""Dialogue sessions, one JSON row per (campaign, chat, user)."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from flows.session import Session


class SqliteSessions:
    def __init__(self, conn: aiosqlite.Connection, campaign: str = "") -> None:
        self._conn = conn
        self._campaign = campaign

    async def load(self, chat_id: int, user_id: int) -> Session:
        sql = "SELECT state FROM sessions WHERE campaign = ? AND chat_id = ? AND user_id = ?"
        rows = list(await self._conn.execute_fetchall(sql, (self._campaign, chat_id, user_id)))
        return Session.model_validate_json(rows[0][0]) if rows else Session()

    async def save(self, chat_id: int, user_id: int, session: Session, at: datetime) -> None:
        await self._conn.execute_fetchall(
            "INSERT INTO sessions (campaign, chat_id, user_id, state, updated_at) "
            "VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (campaign, chat_id, user_id) DO UPDATE SET state = excluded.state, "
            "updated_at = excluded.updated_at",
            (self._campaign, chat_id, user_id, session.model_dump_json(), at.isoformat()),
        )

    async def in_flow(self, flow: str) -> list[tuple[int, int, Session]]:
        """(chat id, user id, session) of every dialogue left in this flow."""
        sql = ("SELECT chat_id, user_id, state FROM sessions "
               "WHERE campaign = ? AND json_extract(state, '$.flow') = ?")
        async with self._conn.execute(sql, (self._campaign, flow)) as cur:
            rows = await cur.fetchall()
        return [(int(r[0]), int(r[1]), Session.model_validate_json(r[2])) for r in rows]

    async def delete_user(self, user_id: int) -> None:
        await self._conn.execute("DELETE FROM sessions WHERE campaign = ? AND user_id = ?",
                                 (self._campaign, user_id))
