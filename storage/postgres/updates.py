"""Which Telegram updates were already handled, so a repeat changes nothing."""

from __future__ import annotations

from datetime import date, datetime

from storage.postgres.base import PgRepository


class PgUpdates(PgRepository):
    async def first_time(self, update_id: int, at: datetime) -> bool:
        """Record the update; False if it was recorded before.

        INSERT ... ON CONFLICT DO NOTHING RETURNING: of two transactions recording the same
        id at once, the second waits on the first's index entry and gets no row back."""
        row = await self._row(
            "INSERT INTO processed_updates (update_id, day) VALUES (%s, %s) "
            "ON CONFLICT DO NOTHING RETURNING update_id",
            (update_id, at.date().isoformat()),
        )
        return row is not None

    async def purge_before(self, day: date) -> int:
        """Forget old update ids: Telegram never redelivers an update that old."""
        return await self._run("DELETE FROM processed_updates WHERE day < %s",
                               (day.isoformat(),))
