"""Updates Telegram handed over, kept until the transaction that handles them deletes them."""

from __future__ import annotations

import time
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

    async def claim(self, worker: str, lease: float, limit: int) -> list[Received]:
        """Atomic (the transaction is SQLite's one writer): up to `limit` updates, each the
        oldest of its chat, of chats none of whose updates is held by a live lease."""
        now = time.time()
        rows = list(await self._conn.execute_fetchall(
            "SELECT update_id, chat_key, payload FROM inbox i WHERE NOT EXISTS "
            "(SELECT 1 FROM inbox e WHERE e.chat_key = i.chat_key "
            " AND (e.update_id < i.update_id OR e.lease_until > ?)) "
            "ORDER BY update_id LIMIT ?", (now, limit)))
        await self._conn.executemany(
            "UPDATE inbox SET worker = ?, lease_until = ? WHERE update_id = ?",
            [(worker, now + lease, r[0]) for r in rows])
        return [(int(r[0]), int(r[1]), str(r[2])) for r in rows]

    async def renew(self, worker: str, update_ids: Sequence[int], lease: float) -> int:
        """Push the leases `worker` still holds on these updates `lease` seconds ahead."""
        until = time.time() + lease
        renewed = 0
        for update_id in update_ids:
            cur = await self._conn.execute(
                "UPDATE inbox SET lease_until = ? WHERE update_id = ? AND worker = ?",
                (until, update_id, worker))
            renewed += cur.rowcount
        return renewed

    async def release(self, worker: str) -> None:
        """Hand back whatever `worker` holds (a clean stop): others may claim it at once."""
        await self._conn.execute(
            "UPDATE inbox SET worker = NULL, lease_until = NULL WHERE worker = ?", (worker,))
