"""Updates Telegram handed over, kept until the transaction that handles them deletes them."""

from __future__ import annotations

from collections.abc import Sequence

from storage.inbox import Received
from storage.postgres.base import PgRepository


class PgInbox(PgRepository):
    async def add(self, updates: Sequence[Received]) -> list[Received]:
        """Keep the updates not kept or handled before; those newly kept, in order.

        INSERT ... ON CONFLICT DO NOTHING RETURNING: an update delivered twice at once is
        kept by one transaction only. Durable once committed (synchronous_commit = on)."""
        added: list[Received] = []
        for update_id, chat_key, payload in updates:
            row = await self._row(
                "INSERT INTO inbox (update_id, chat_key, payload) "
                "SELECT %s, %s, %s WHERE NOT EXISTS "
                "(SELECT 1 FROM processed_updates WHERE update_id = %s) "
                "ON CONFLICT DO NOTHING RETURNING update_id",
                (update_id, chat_key, payload, update_id),
            )
            if row is not None:
                added.append((update_id, chat_key, payload))
        return added

    async def remove(self, update_id: int) -> None:
        await self._run("DELETE FROM inbox WHERE update_id = %s", (update_id,))

    async def waiting(self) -> list[Received]:
        """Everything kept and not yet handled, oldest first."""
        rows = await self._rows(
            "SELECT update_id, chat_key, payload FROM inbox ORDER BY update_id")
        return [(int(r[0]), int(r[1]), str(r[2])) for r in rows]
