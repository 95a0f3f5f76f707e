"""Updates Telegram handed over, kept until the transaction that handles them deletes them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import aiosqlite

# An update as received: its id, the chat whose queue it joins, the JSON Telegram sent.
Received = tuple[int, int, str]


class SqliteInbox:
    def __init__(self, conn: aiosqlite.Connection, durable: Callable[[], None]) -> None:
        self._conn = conn
        self._durable = durable

    async def add(self, updates: Sequence[Received]) -> list[Received]:
        """Keep the updates not kept or handled before; those newly kept, in order.

        Durable when the transaction ends (synced to disk): the caller acknowledges them next."""
        self._durable()
        added: list[Received] = []
        for update_id, chat_key, payload in updates:
            cur = await self._conn.execute(
                "INSERT OR IGNORE INTO inbox (update_id, chat_key, payload) "
                "SELECT ?, ?, ? WHERE NOT EXISTS "
                "(SELECT 1 FROM processed_updates WHERE update_id = ?)",
                (update_id, chat_key, payload, update_id),
            )
            if cur.rowcount == 1:
                added.append((update_id, chat_key, payload))
        return added

    async def remove(self, update_id: int) -> None:
        await self._conn.execute("DELETE FROM inbox WHERE update_id = ?", (update_id,))

    async def waiting(self) -> list[Received]:
        """Everything kept and not yet handled, oldest first."""
        async with self._conn.execute(
            "SELECT update_id, chat_key, payload FROM inbox ORDER BY update_id"
        ) as cur:
            return [(int(r[0]), int(r[1]), str(r[2])) for r in await cur.fetchall()]
