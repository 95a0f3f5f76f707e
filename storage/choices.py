"""The campaign each private chat chose (global: one row per chat, whatever the campaign)."""

from __future__ import annotations

from datetime import datetime

import aiosqlite


class SqliteCampaignChoices:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, chat_id: int) -> str | None:
        sql = "SELECT campaign_id FROM campaign_choices WHERE chat_id = ?"
        rows = list(await self._conn.execute_fetchall(sql, (chat_id,)))
        return str(rows[0][0]) if rows else None

    async def put(self, chat_id: int, campaign_id: str, at: datetime) -> None:
        await self._conn.execute(
            "INSERT INTO campaign_choices (chat_id, campaign_id, chosen_at) VALUES (?, ?, ?) "
            "ON CONFLICT (chat_id) DO UPDATE SET campaign_id = excluded.campaign_id, "
            "chosen_at = excluded.chosen_at", (chat_id, campaign_id, at.isoformat()))

    async def forget(self, chat_id: int) -> None:
        await self._conn.execute("DELETE FROM campaign_choices WHERE chat_id = ?", (chat_id,))
