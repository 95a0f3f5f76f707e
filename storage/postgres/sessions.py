"""Dialogue sessions, one JSON row per (campaign, chat, user)."""

from __future__ import annotations

from datetime import datetime

from flows.session import Session
from storage.postgres.base import PgRepository


class PgSessions(PgRepository):
    async def load(self, chat_id: int, user_id: int) -> Session:
        row = await self._row(
            "SELECT state FROM sessions WHERE campaign = %s AND chat_id = %s AND user_id = %s",
            (self._campaign, chat_id, user_id))
        return Session.model_validate_json(row[0]) if row else Session()

    async def save(self, chat_id: int, user_id: int, session: Session, at: datetime) -> None:
        """INSERT ... ON CONFLICT DO UPDATE: one statement, no lost update between two savers."""
        await self._run(
            "INSERT INTO sessions (campaign, chat_id, user_id, state, updated_at) "
            "VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (campaign, chat_id, user_id) DO UPDATE SET state = excluded.state, "
            "updated_at = excluded.updated_at",
            (self._campaign, chat_id, user_id, session.model_dump_json(), at.isoformat()),
        )

    async def in_flow(self, flow: str) -> list[tuple[int, int, Session]]:
        """(chat id, user id, session) of every dialogue left in this flow."""
        rows = await self._rows(
            "SELECT chat_id, user_id, state FROM sessions "
            "WHERE campaign = %s AND state::json ->> 'flow' = %s", (self._campaign, flow))
        return [(int(r[0]), int(r[1]), Session.model_validate_json(r[2])) for r in rows]

    async def delete_user(self, user_id: int) -> None:
        await self._run("DELETE FROM sessions WHERE campaign = %s AND user_id = %s",
                        (self._campaign, user_id))
