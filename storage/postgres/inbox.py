"""Updates Telegram handed over, kept until the transaction that handles them deletes them."""

from __future__ import annotations

from collections.abc import Sequence

from storage.inbox import Received
from storage.postgres.base import PgRepository

# pg_advisory_xact_lock(CHAT_CLAIMS, hashtext(chat_key)): one claimer per chat at a time.
CHAT_CLAIMS = 0x6275_6463  # "budc"


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

    async def claim(self, worker: str, lease: float, limit: int) -> list[Received]:
        """Up to `limit` updates, each the oldest of its chat, of chats none of whose updates
        is held by a live lease; leases on the database's clock, so hosts need not agree.

        Atomic per chat: candidates are locked with FOR UPDATE SKIP LOCKED (two claimers take
        different ones); each chat is then claimed under pg_try_advisory_xact_lock(chat),
        held until commit, by an UPDATE that re-checks, in a snapshot taken after the lock,
        that the row is still its chat's oldest and that no row of the chat has a live lease.
        A claimer that gets the lock after another's commit sees that commit's lease."""
        candidates = await self._rows(
            "SELECT i.chat_key FROM inbox i WHERE NOT EXISTS "
            "(SELECT 1 FROM inbox e WHERE e.chat_key = i.chat_key "
            " AND (e.update_id < i.update_id OR e.lease_until > clock_timestamp())) "
            "ORDER BY i.update_id LIMIT %s FOR UPDATE OF i SKIP LOCKED", (limit,))
        claimed: list[Received] = []
        for (chat_key,) in candidates:
            row = await self._row(
                "SELECT pg_try_advisory_xact_lock(%s, hashtext(%s::text))",
                (CHAT_CLAIMS, chat_key))
            if not (row and row[0]):
                continue
            row = await self._row(
                "UPDATE inbox SET worker = %s, "
                "lease_until = clock_timestamp() + make_interval(secs => %s) "
                "WHERE update_id = (SELECT min(update_id) FROM inbox WHERE chat_key = %s) "
                "AND NOT EXISTS (SELECT 1 FROM inbox e WHERE e.chat_key = %s "
                "                AND e.lease_until > clock_timestamp()) "
                "RETURNING update_id, chat_key, payload",
                (worker, lease, chat_key, chat_key))
            if row is not None:
                claimed.append((int(row[0]), int(row[1]), str(row[2])))
        return claimed

    async def renew(self, worker: str, update_ids: Sequence[int], lease: float) -> int:
        """Push the leases `worker` still holds on these updates `lease` seconds ahead."""
        return await self._run(
            "UPDATE inbox SET lease_until = clock_timestamp() + make_interval(secs => %s) "
            "WHERE worker = %s AND update_id = ANY(%s)", (lease, worker, list(update_ids)))

    async def release(self, worker: str) -> None:
        """Hand back whatever `worker` holds (a clean stop): others may claim it at once."""
        await self._run(
            "UPDATE inbox SET worker = NULL, lease_until = NULL WHERE worker = %s", (worker,))
