"""Messages waiting to be sent, committed with the change that caused them."""

from __future__ import annotations

from collections.abc import Collection

from flows.replies import Message
from storage.outbox import Queued, decode, encode
from storage.postgres.base import PgRepository


class PgOutbox(PgRepository):
    async def put(self, message: Message) -> None:
        await self._run(
            "INSERT INTO outbox (priority, chat_id, payload) VALUES (%s, %s, %s)",
            (message.priority, message.chat_id, encode(message)),
        )

    async def pending(self, now: float, limit: int = 50) -> list[tuple[int, Message, int]]:
        """Unsent messages due now: replies (priority 0) before broadcasts."""
        rows = await self._rows(
            "SELECT id, payload, attempts FROM outbox WHERE sent = 0 AND not_before <= %s "
            "ORDER BY priority, id LIMIT %s", (now, limit))
        return [(int(r[0]), decode(r[1]), int(r[2])) for r in rows]

    async def queued(self, limit: int, skip_chats: Collection[int] = ()) -> list[Queued]:
        """Unsent rows, replies (priority 0) before broadcasts, leaving out chats told to wait.

        One sending process: it alone reads and deletes rows. Several (a later step) will
        claim rows with SELECT ... FOR UPDATE SKIP LOCKED here."""
        rows = await self._rows(
            "SELECT id, chat_id, not_before, attempts FROM outbox WHERE sent = 0 "
            "AND chat_id <> ALL(%s::bigint[]) ORDER BY priority, id LIMIT %s",
            (list(skip_chats), limit))
        return [Queued(int(r[0]), int(r[1]), float(r[2]), int(r[3])) for r in rows]

    async def message(self, outbox_id: int) -> Message | None:
        """The message of an unsent row; None once it is gone."""
        row = await self._row("SELECT payload FROM outbox WHERE id = %s AND sent = 0",
                              (outbox_id,))
        return decode(row[0]) if row else None

    async def mark_sent(self, outbox_id: int, tag: str | None, chat_id: int,
                        message_id: int | None) -> None:
        """The row goes and its message id is kept, in one transaction (Database.by_itself
        opens one on PostgreSQL); the tag's upsert is INSERT ... ON CONFLICT DO UPDATE."""
        # Sent rows go: a ballot screen in the outbox would tie a chat to its choices.
        await self._run("DELETE FROM outbox WHERE id = %s", (outbox_id,))
        if tag and message_id is not None:
            await self._run(
                "INSERT INTO sent_messages (tag, chat_id, message_id) VALUES (%s, %s, %s) "
                "ON CONFLICT (tag) DO UPDATE SET chat_id = excluded.chat_id, "
                "message_id = excluded.message_id", (tag, chat_id, message_id))

    async def mark_failed(self, outbox_id: int, error: str) -> None:
        await self._run("UPDATE outbox SET sent = 2, payload = '', error = %s WHERE id = %s",
                        (error[:500], outbox_id))

    async def postpone(self, outbox_id: int, until: float) -> None:
        await self._run(
            "UPDATE outbox SET not_before = %s, attempts = attempts + 1 WHERE id = %s",
            (until, outbox_id))

    async def message_id(self, tag: str) -> tuple[int, int] | None:
        row = await self._row("SELECT chat_id, message_id FROM sent_messages WHERE tag = %s",
                              (tag,))
        return (int(row[0]), int(row[1])) if row else None

    async def prune(self) -> int:
        """Delete the rows of messages that failed for good (sent ones are deleted as sent)."""
        return await self._run("DELETE FROM outbox WHERE sent <> 0")

    async def count_pending(self) -> int:
        row = await self._row("SELECT COUNT(*) FROM outbox WHERE sent = 0")
        return int(row[0]) if row else 0

    async def forget_tags(self, prefix: str) -> None:
        # starts_with, not LIKE: a '_' or '%' in the prefix is taken as itself.
        await self._run("DELETE FROM sent_messages WHERE starts_with(tag, %s)", (prefix,))
