"""Messages waiting to be sent, committed with the change that caused them."""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Collection
from dataclasses import fields
from typing import Any, NamedTuple

import aiosqlite

from flows.replies import Choice, Message
from storage.hop import in_one_hop

_FIELDS = tuple(f.name for f in fields(Message))


def encode(message: Message) -> str:
    # What dataclasses.asdict gives, without its deep copy of every field.
    data: dict[str, Any] = {name: getattr(message, name) for name in _FIELDS}
    data["keyboard"] = [[{"label": c.label, "data": c.data} for c in row]
                        for row in message.keyboard]
    if message.photo_png is not None:  # a chart drawn for this message, kept until sent
        data["photo_png"] = base64.b64encode(message.photo_png).decode()
    return json.dumps(data, ensure_ascii=False)


def decode(payload: str) -> Message:
    data: dict[str, Any] = json.loads(payload)
    data["keyboard"] = tuple(tuple(Choice(**c) for c in row) for row in data["keyboard"])
    if data.get("photo_png") is not None:
        data["photo_png"] = base64.b64decode(data["photo_png"])
    return Message(**data)


class Queued(NamedTuple):
    """An unsent row as the sender schedules it."""

    id: int
    chat_id: int
    not_before: float
    attempts: int


class SqliteOutbox:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def put(self, message: Message) -> None:
        await self._conn.execute_fetchall(
            "INSERT INTO outbox (priority, chat_id, payload) VALUES (?, ?, ?)",
            (message.priority, message.chat_id, encode(message)),
        )

    async def pending(self, now: float, limit: int = 50) -> list[tuple[int, Message, int]]:
        """Unsent messages due now: replies (priority 0) before broadcasts."""
        rows = await self._conn.execute_fetchall(
            "SELECT id, payload, attempts FROM outbox WHERE sent = 0 AND not_before <= ? "
            "ORDER BY priority, id LIMIT ?",
            (now, limit),
        )
        return [(int(r[0]), decode(r[1]), int(r[2])) for r in rows]

    async def queued(self, limit: int, skip_chats: Collection[int] = ()) -> list[Queued]:
        """Unsent rows, replies (priority 0) before broadcasts, leaving out chats told to wait;
        without their text, which is read only when a row goes out."""
        rows = await self._conn.execute_fetchall(
            "SELECT id, chat_id, not_before, attempts FROM outbox WHERE sent = 0 "
            "AND chat_id NOT IN (SELECT value FROM json_each(?)) ORDER BY priority, id LIMIT ?",
            (json.dumps(list(skip_chats)), limit),
        )
        return [Queued(int(r[0]), int(r[1]), float(r[2]), int(r[3])) for r in rows]

    async def message(self, outbox_id: int) -> Message | None:
        """The message of an unsent row; None once it is gone."""
        sql = "SELECT payload FROM outbox WHERE id = ? AND sent = 0"
        rows = list(await self._conn.execute_fetchall(sql, (outbox_id,)))
        return decode(rows[0][0]) if rows else None

    async def mark_sent(self, outbox_id: int, tag: str | None, chat_id: int,
                        message_id: int | None) -> None:
        """Atomic by itself (its own savepoint, a transaction outside one): one round trip,
        fit for Database.by_itself()."""
        def both(conn: sqlite3.Connection) -> None:
            conn.execute("SAVEPOINT sent")
            try:
                # Sent rows go: a ballot screen in the outbox would tie a chat to its choices.
                conn.execute("DELETE FROM outbox WHERE id = ?", (outbox_id,))
                if tag and message_id is not None:
                    conn.execute(
                        "INSERT OR REPLACE INTO sent_messages (tag, chat_id, message_id) "
                        "VALUES (?, ?, ?)", (tag, chat_id, message_id),
                    )
            except BaseException:
                conn.execute("ROLLBACK TO sent")
                conn.execute("RELEASE sent")
                raise
            conn.execute("RELEASE sent")

        await in_one_hop(self._conn, both)

    async def mark_failed(self, outbox_id: int, error: str) -> None:
        await self._conn.execute(
            "UPDATE outbox SET sent = 2, payload = '', error = ? WHERE id = ?",
            (error[:500], outbox_id),
        )

    async def postpone(self, outbox_id: int, until: float) -> None:
        await self._conn.execute(
            "UPDATE outbox SET not_before = ?, attempts = attempts + 1 WHERE id = ?",
            (until, outbox_id),
        )

    async def message_id(self, tag: str) -> tuple[int, int] | None:
        sql = "SELECT chat_id, message_id FROM sent_messages WHERE tag = ?"
        async with self._conn.execute(sql, (tag,)) as cur:
            row = await cur.fetchone()
        return (int(row[0]), int(row[1])) if row else None

    async def prune(self) -> int:
        """Delete the rows of messages that failed for good (sent ones are deleted as sent);
        what edits need later stays in sent_messages."""
        cur = await self._conn.execute("DELETE FROM outbox WHERE sent <> 0")
        return cur.rowcount

    async def count_pending(self) -> int:
        async with self._conn.execute("SELECT COUNT(*) FROM outbox WHERE sent = 0") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def forget_tags(self, prefix: str) -> None:
        await self._conn.execute("DELETE FROM sent_messages WHERE tag LIKE ? || '%'", (prefix,))
