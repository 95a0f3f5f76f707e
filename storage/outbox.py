"""Messages waiting to be sent, committed with the change that caused them."""

from __future__ import annotations

import base64
import json
import sqlite3
import time
from collections.abc import Collection, Iterable, Sequence
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


class Limits(NamedTuple):
    """The pace the whole cluster keeps: at most `overall` sends in any second; per chat, at
    most (count, seconds) new messages, `private` or `group` (edits count overall only)."""

    overall: int
    private: tuple[int, float] | None = None
    group: tuple[int, float] | None = None

    @property
    def per_chat(self) -> bool:
        return self.private is not None or self.group is not None


class Candidate(NamedTuple):
    """An unsent row whose chat is neither told to wait nor already sending."""

    id: int
    chat_id: int
    edit: bool


class Claimed(NamedTuple):
    """A row this worker holds (its lease) until it is marked sent, failed or postponed."""

    id: int
    chat_id: int
    attempts: int
    message: Message


# The longest window of Limits: sends older than this pace nothing and are deleted. A send
# on the wire is dated at the end of its lease until it ends (when it gets its real time).
PACE_MEMORY = 60.0
ON_THE_WIRE_POLL = 0.05
CANDIDATES = 200  # rows looked at per claim, in queue order


def choose(candidates: Iterable[Candidate], last_second: Sequence[float],
           by_chat: dict[int, list[float]], limits: Limits | None, now: float,
           room: int) -> tuple[list[Candidate], float | None]:
    """The rows that may go now: each chat's first, in queue order (replies first), at most
    `room`, within `limits` given the sends already made; and seconds until the pace lets
    another go (None if it does not hold anything back).

    A send counts from its claim until one window after Telegram answered it (a send still
    on the wire is dated in the future, see PACE_MEMORY): so each message reaches Telegram
    at least a window after the one `count` sends before it, whatever delays the network
    or a busy worker adds on the way."""
    chosen: list[Candidate] = []
    overall = sorted(last_second)
    wait: float | None = None
    seen: set[int] = set()
    for row in candidates:
        if len(chosen) >= room:
            break
        if row.chat_id in seen:  # a chat's rows go one after the other
            continue
        seen.add(row.chat_id)
        if limits is not None:
            if len(overall) >= limits.overall:
                wait = _sooner(wait, _ready(overall[-limits.overall], 1.0, now))
                break
            window = limits.group if row.chat_id < 0 else limits.private
            if window is not None and not row.edit:
                count, seconds = window
                times = sorted(t for t in by_chat.get(row.chat_id, ()) if t > now - seconds)
                if len(times) >= count:
                    wait = _sooner(wait, _ready(times[-count], seconds, now))
                    continue
            overall.append(now)
        chosen.append(row)
    return chosen, wait


def _ready(sent_at: float, window: float, now: float) -> float:
    """Seconds until a send at `sent_at` leaves its window; a send still on the wire (dated
    in the future) may end any moment: look again soon."""
    return ON_THE_WIRE_POLL if sent_at > now else sent_at + window - now


def _sooner(current: float | None, candidate: float) -> float:
    return candidate if current is None else min(current, candidate)


# Telegram answered (sent, refused, or told to wait): the send is dated now for the pace.
_ANSWERED = "UPDATE outbox_pace SET at = ? WHERE outbox_id = ?"

_CANDIDATES_SQL = (
    "SELECT id, chat_id, edit FROM outbox o WHERE sent = 0 AND lease_until <= ? "
    "AND not_before <= ? AND NOT EXISTS (SELECT 1 FROM outbox b WHERE b.sent = 0 "
    "AND b.chat_id = o.chat_id AND b.id <> o.id AND (b.lease_until > ? OR b.not_before > ?)) "
    "ORDER BY priority, id LIMIT ?")


def _claim(conn: sqlite3.Connection, worker: str, now: float, room: int,
           limits: Limits | None, lease: float) -> tuple[list[Claimed], float | None]:
    rows = conn.execute(_CANDIDATES_SQL, (now, now, now, now, CANDIDATES)).fetchall()
    candidates = [Candidate(int(r[0]), int(r[1]), bool(r[2])) for r in rows]
    last_second: list[float] = []
    by_chat: dict[int, list[float]] = {}
    if limits is not None and candidates:
        conn.execute("DELETE FROM outbox_pace WHERE at <= ?", (now - PACE_MEMORY,))
        last_second = [float(r[0]) for r in conn.execute(
            "SELECT at FROM outbox_pace WHERE at > ?", (now - 1.0,))]
        chats = json.dumps(sorted({c.chat_id for c in candidates}))
        for chat_id, at in conn.execute(
                "SELECT chat_id, at FROM outbox_pace WHERE edit = 0 AND at > ? "
                "AND chat_id IN (SELECT value FROM json_each(?))",
                (now - PACE_MEMORY, chats)) if limits.per_chat else ():
            by_chat.setdefault(int(chat_id), []).append(float(at))
    chosen, wait = choose(candidates, last_second, by_chat, limits, now, room)
    claimed: list[Claimed] = []
    for row in chosen:
        found = conn.execute(
            "UPDATE outbox SET lease_until = ?, claimed_by = ? WHERE id = ? AND sent = 0 "
            "RETURNING payload, attempts", (now + lease, worker, row.id)).fetchone()
        if found is None:
            continue
        if limits is not None:
            conn.execute(
                "INSERT INTO outbox_pace (outbox_id, chat_id, at, edit) VALUES (?, ?, ?, ?)",
                (row.id, row.chat_id, now + lease, int(row.edit)))
        claimed.append(Claimed(row.id, row.chat_id, int(found[1]), decode(found[0])))
    return claimed, wait


class SqliteOutbox:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def put(self, message: Message) -> None:
        await self._conn.execute_fetchall(
            "INSERT INTO outbox (priority, chat_id, edit, payload) VALUES (?, ?, ?, ?)",
            (message.priority, message.chat_id, int(message.edit_message_id is not None),
             encode(message)),
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

    async def claim(self, worker: str, room: int, limits: Limits | None, lease: float,
                    now: float | None = None) -> tuple[list[Claimed], float | None]:
        """Atomic (one savepoint; one process writes the file): up to `room` rows that may go
        now (see `choose`), leased to `worker` for `lease` seconds, their sends recorded for
        the pace; and seconds until the pace lets another go. A chat with a row leased or
        told to wait (not_before) gives none: its rows go one at a time, in order."""
        at = time.time() if now is None else now

        def work(conn: sqlite3.Connection) -> tuple[list[Claimed], float | None]:
            conn.execute("SAVEPOINT claim")
            try:
                result = _claim(conn, worker, at, room, limits, lease)
            except BaseException:
                conn.execute("ROLLBACK TO claim")
                conn.execute("RELEASE claim")
                raise
            conn.execute("RELEASE claim")
            return result

        return await in_one_hop(self._conn, work)

    async def renew(self, worker: str, lease: float, now: float | None = None) -> int:
        """Extend the leases `worker` holds (its sends still on the wire) to `lease` seconds
        from now; how many."""
        until = (time.time() if now is None else now) + lease
        cur = await self._conn.execute(
            "UPDATE outbox SET lease_until = ? WHERE claimed_by = ? AND sent = 0 "
            "AND lease_until > 0", (until, worker))
        await self._conn.execute(
            "UPDATE outbox_pace SET at = ? WHERE outbox_id IN (SELECT id FROM outbox "
            "WHERE claimed_by = ? AND sent = 0 AND lease_until > 0)", (until, worker))
        return cur.rowcount

    async def message(self, outbox_id: int) -> Message | None:
        """The message of an unsent row; None once it is gone."""
        sql = "SELECT payload FROM outbox WHERE id = ? AND sent = 0"
        rows = list(await self._conn.execute_fetchall(sql, (outbox_id,)))
        return decode(rows[0][0]) if rows else None

    async def mark_sent(self, outbox_id: int, tag: str | None, chat_id: int,
                        message_id: int | None, at: float | None = None) -> None:
        """Atomic by itself (its own savepoint, a transaction outside one): one round trip,
        fit for Database.by_itself(). `at`: when Telegram answered (now by default)."""
        answered = time.time() if at is None else at
        def both(conn: sqlite3.Connection) -> None:
            conn.execute("SAVEPOINT sent")
            try:
                # Sent rows go: a ballot screen in the outbox would tie a chat to its choices.
                conn.execute("DELETE FROM outbox WHERE id = ?", (outbox_id,))
                conn.execute(_ANSWERED, (answered, outbox_id))
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

    async def mark_failed(self, outbox_id: int, error: str, at: float | None = None) -> None:
        """Given up for good; `at`: when Telegram answered (now by default)."""
        await self._conn.execute(
            "UPDATE outbox SET sent = 2, payload = '', error = ? WHERE id = ?",
            (error[:500], outbox_id),
        )
        await self._conn.execute(_ANSWERED, (time.time() if at is None else at, outbox_id))

    async def postpone(self, outbox_id: int, until: float, at: float | None = None) -> None:
        """Given back, due again at `until` (its chat waits till then on every worker); `at`:
        when Telegram answered (now by default)."""
        await self._conn.execute(
            "UPDATE outbox SET not_before = ?, attempts = attempts + 1, lease_until = 0, "
            "claimed_by = NULL WHERE id = ?", (until, outbox_id),
        )
        await self._conn.execute(_ANSWERED, (time.time() if at is None else at, outbox_id))

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
