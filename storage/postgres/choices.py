"""The campaign each private chat chose (global: one row per chat, whatever the campaign)."""

from __future__ import annotations

from datetime import datetime

from storage.postgres.base import PgRepository


class PgCampaignChoices(PgRepository):
    async def get(self, chat_id: int) -> str | None:
        row = await self._row("SELECT campaign_id FROM campaign_choices WHERE chat_id = %s",
                              (chat_id,))
        return str(row[0]) if row else None

    async def put(self, chat_id: int, campaign_id: str, at: datetime) -> None:
        await self._run(
            "INSERT INTO campaign_choices (chat_id, campaign_id, chosen_at) VALUES (%s, %s, %s) "
            "ON CONFLICT (chat_id) DO UPDATE SET campaign_id = excluded.campaign_id, "
            "chosen_at = excluded.chosen_at", (chat_id, campaign_id, at.isoformat()))

    async def forget(self, chat_id: int) -> None:
        await self._run("DELETE FROM campaign_choices WHERE chat_id = %s", (chat_id,))
