"""Messages waiting to be sent, committed with the change that caused them."""

from __future__ import annotations

from collections.abc import Collection

from flows.replies import Message
from storage.outbox import (
    CANDIDATES,
    PACE_MEMORY,
    Candidate,
    Claimed,
    Limits,
    Queued,
    choose,
    decode,
    encode,
)
from storage.postgres.base import PgRepository

# Held by the transaction claiming rows: claims take turns across the cluster, so the sends
# each one counts (the pace) are all the cluster's.
PACE_LOCK = 0x6275_6467_7061_6365  # "budgpace"
# Telegram answered (sent, refused, or told to wait): the send is dated now for the pace.
_ANSWERED = ("UPDATE outbox_pace SET at = COALESCE(%s::float8, "
             "extract(epoch FROM clock_timestamp())::float8) WHERE outbox_id = %s")


class PgOutbox(PgRepository):
    async def put(self, message: Message) -> None:
        await self._run(
            "INSERT INTO outbox (priority, chat_id, edit, payload) VALUES (%s, %s, %s, %s)",
            (message.priority, message.chat_id, int(message.edit_message_id is not None),
             encode(message)),
        )

    async def pending(self, now: float, limit: int = 50) -> list[tuple[int, Message, int]]:
        """Unsent messages due now: replies (priority 0) before broadcasts."""
        rows = await self._rows(
            "SELECT id, payload, attempts FROM outbox WHERE sent = 0 AND not_before <= %s "
            "ORDER BY priority, id LIMIT %s", (now, limit))
        return [(int(r[0]), decode(r[1]), int(r[2])) for r in rows]

    async def queued(self, limit: int, skip_chats: Collection[int] = ()) -> list[Queued]:
        """Unsent rows, replies (priority 0) before broadcasts, leaving out chats told to wait;
        a plain read (the sender claims rows with `claim`)."""
        rows = await self._rows(
            "SELECT id, chat_id, not_before, attempts FROM outbox WHERE sent = 0 "
            "AND chat_id <> ALL(%s::bigint[]) ORDER BY priority, id LIMIT %s",
            (list(skip_chats), limit))
        return [Queued(int(r[0]), int(r[1]), float(r[2]), int(r[3])) for r in rows]

    async def claim(self, worker: str, room: int, limits: Limits | None, lease: float,
                    now: float | None = None) -> tuple[list[Claimed], float | None]:
        """Atomic, in the caller's transaction: up to `room` rows that may go now (see
        storage.outbox.choose), leased to `worker` for `lease` seconds, their sends recorded
        for the pace; and seconds until the pace lets another go.

        pg_advisory_xact_lock(PACE_LOCK) makes claims take turns across all workers until
        commit, so the last second's sends each counts are the cluster's; the rows are read
        FOR UPDATE SKIP LOCKED (a row being marked sent meanwhile is passed over). `now`
        defaults to the database's clock, the one clock every worker shares."""
        row = await self._row(
            "SELECT pg_advisory_xact_lock(%s), extract(epoch FROM clock_timestamp())::float8",
            (PACE_LOCK,))
        assert row is not None
        at = float(row[1]) if now is None else now
        rows = await self._rows(
            "SELECT id, chat_id, edit FROM outbox o WHERE sent = 0 AND lease_until <= %(at)s "
            "AND not_before <= %(at)s AND NOT EXISTS (SELECT 1 FROM outbox b WHERE b.sent = 0 "
            "AND b.chat_id = o.chat_id AND b.id <> o.id AND (b.lease_until > %(at)s "
            "OR b.not_before > %(at)s)) ORDER BY priority, id LIMIT %(n)s "
            "FOR UPDATE SKIP LOCKED", {"at": at, "n": CANDIDATES})
        candidates = [Candidate(int(r[0]), int(r[1]), bool(r[2])) for r in rows]
        last_second: list[float] = []
        by_chat: dict[int, list[float]] = {}
        if limits is not None and candidates:
            await self._run("DELETE FROM outbox_pace WHERE at <= %s", (at - PACE_MEMORY,))
            last_second = [float(r[0]) for r in await self._rows(
                "SELECT at FROM outbox_pace WHERE at > %s", (at - 1.0,))]
            for chat_id, sent_at in await self._rows(
                    "SELECT chat_id, at FROM outbox_pace WHERE edit = 0 AND at > %s "
                    "AND chat_id = ANY(%s::bigint[])",
                    (at - PACE_MEMORY, sorted({c.chat_id for c in candidates}))
            ) if limits.per_chat else ():
                by_chat.setdefault(int(chat_id), []).append(float(sent_at))
        chosen, wait = choose(candidates, last_second, by_chat, limits, at, room)
        if not chosen:
            return [], wait
        ids = [c.id for c in chosen]
        taken = await self._rows(
            "UPDATE outbox SET lease_until = %s, claimed_by = %s WHERE id = ANY(%s::bigint[]) "
            "RETURNING id, payload, attempts", (at + lease, worker, ids))
        if limits is not None:
            async with self._conn.cursor() as cur:
                await cur.executemany(
                    "INSERT INTO outbox_pace (outbox_id, chat_id, at, edit) "
                    "VALUES (%s, %s, %s, %s)",
                    [(c.id, c.chat_id, at + lease, int(c.edit)) for c in chosen])
        by_id = {int(r[0]): r for r in taken}
        return [Claimed(c.id, c.chat_id, int(by_id[c.id][2]), decode(by_id[c.id][1]))
                for c in chosen if c.id in by_id], wait

    async def renew(self, worker: str, lease: float, now: float | None = None) -> int:
        """Extend the leases `worker` holds (its sends still on the wire) to `lease` seconds
        from now (the database's clock by default); how many."""
        renewed = await self._run(
            "UPDATE outbox SET lease_until = COALESCE(%s::float8, extract(epoch FROM "
            "clock_timestamp())::float8) + %s WHERE claimed_by = %s AND sent = 0 "
            "AND lease_until > 0", (now, lease, worker))
        await self._run(
            "UPDATE outbox_pace p SET at = o.lease_until FROM outbox o WHERE o.id = p.outbox_id "
            "AND o.claimed_by = %s AND o.sent = 0 AND o.lease_until > 0", (worker,))
        return renewed

    async def message(self, outbox_id: int) -> Message | None:
        """The message of an unsent row; None once it is gone."""
        row = await self._row("SELECT payload FROM outbox WHERE id = %s AND sent = 0",
                              (outbox_id,))
        return decode(row[0]) if row else None

    async def mark_sent(self, outbox_id: int, tag: str | None, chat_id: int,
                        message_id: int | None, at: float | None = None) -> None:
        """The row goes and its message id is kept, in one transaction (Database.by_itself
        opens one on PostgreSQL); the tag's upsert is INSERT ... ON CONFLICT DO UPDATE.
        `at`: when Telegram answered (the database's clock by default)."""
        # Sent rows go: a ballot screen in the outbox would tie a chat to its choices.
        await self._run("DELETE FROM outbox WHERE id = %s", (outbox_id,))
        await self._run(_ANSWERED, (at, outbox_id))
        if tag and message_id is not None:
            await self._run(
                "INSERT INTO sent_messages (tag, chat_id, message_id) VALUES (%s, %s, %s) "
                "ON CONFLICT (tag) DO UPDATE SET chat_id = excluded.chat_id, "
                "message_id = excluded.message_id", (tag, chat_id, message_id))

    async def mark_failed(self, outbox_id: int, error: str, at: float | None = None) -> None:
        """Given up for good; `at`: when Telegram answered (now by default)."""
        await self._run("UPDATE outbox SET sent = 2, payload = '', error = %s WHERE id = %s",
                        (error[:500], outbox_id))
        await self._run(_ANSWERED, (at, outbox_id))

    async def postpone(self, outbox_id: int, until: float, at: float | None = None) -> None:
        """Given back, due again at `until` (its chat waits till then on every worker); `at`:
        when Telegram answered (now by default)."""
        await self._run(
            "UPDATE outbox SET not_before = %s, attempts = attempts + 1, lease_until = 0, "
            "claimed_by = NULL WHERE id = %s", (until, outbox_id))
        await self._run(_ANSWERED, (at, outbox_id))

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
