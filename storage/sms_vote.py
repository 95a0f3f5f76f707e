"""Voting by plain SMS: messages received, each sender's dialogue state, replies to send."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import NamedTuple

import aiosqlite

from flows.sms_session import SmsSession


class ReceivedSms(NamedTuple):
    """A message from Kannel as kept until handled; the sender's number is sealed."""

    id: int
    sender: str
    text: str
    received_at: float


class QueuedSms(NamedTuple):
    """A reply claimed for sending: its row, the sealed number, the text, its SMS log rows."""

    id: int
    recipient: str
    text: str
    log_ids: list[int]
    secret: bool
    attempts: int


class SqliteSmsInbox:
    def __init__(self, conn: aiosqlite.Connection, durable: Callable[[], None]) -> None:
        self._conn = conn
        self._durable = durable

    async def add(self, mo_key: str, sender: str, text: str, at: float,
                  day: str) -> ReceivedSms | None:
        """Atomic: keep a message whose key was never seen; None for a repeat (nothing written).

        Durable when the transaction ends: Kannel is answered 200 next."""
        cur = await self._conn.execute(
            "INSERT OR IGNORE INTO sms_seen (mo_key, day) VALUES (?, ?)", (mo_key, day))
        if cur.rowcount != 1:
            return None
        self._durable()
        cur = await self._conn.execute(
            "INSERT INTO sms_inbox (sender, text, received_at) VALUES (?, ?, ?)",
            (sender, text, at))
        return ReceivedSms(int(cur.lastrowid or 0), sender, text, at)

    async def remove(self, sms_id: int) -> None:
        await self._conn.execute("DELETE FROM sms_inbox WHERE id = ?", (sms_id,))

    async def waiting(self) -> list[ReceivedSms]:
        """Messages kept and not yet handled, oldest first."""
        rows = await self._conn.execute_fetchall(
            "SELECT id, sender, text, received_at FROM sms_inbox ORDER BY id")
        return [ReceivedSms(int(r[0]), str(r[1]), str(r[2]), float(r[3])) for r in rows]

    async def forget_seen(self, before_day: str) -> int:
        """Ids of messages too old for Kannel to send again."""
        cur = await self._conn.execute("DELETE FROM sms_seen WHERE day < ?", (before_day,))
        return cur.rowcount


class SqliteSmsSessions:
    def __init__(self, conn: aiosqlite.Connection, campaign: str = "") -> None:
        self._conn = conn
        self._campaign = campaign

    async def load(self, voter: str) -> SmsSession | None:
        rows = list(await self._conn.execute_fetchall(
            "SELECT state FROM sms_sessions WHERE campaign = ? AND voter = ?",
            (self._campaign, voter)))
        return SmsSession.model_validate_json(rows[0][0]) if rows else None

    async def save(self, voter: str, session: SmsSession, at: float) -> None:
        await self._conn.execute(
            "INSERT INTO sms_sessions (campaign, voter, state, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (campaign, voter) DO UPDATE SET state = excluded.state, "
            "updated_at = excluded.updated_at",
            (self._campaign, voter, session.model_dump_json(), at))

    async def delete(self, voter: str) -> None:
        await self._conn.execute("DELETE FROM sms_sessions WHERE campaign = ? AND voter = ?",
                                 (self._campaign, voter))

    async def forget_idle(self, before: float) -> int:
        """Places (maybe ticked choices) of senders silent since `before`: how many went.
        Every campaign's: the hourly upkeep erases them wherever they are."""
        cur = await self._conn.execute(
            "DELETE FROM sms_sessions WHERE updated_at < ?", (before,))
        return cur.rowcount


class SqliteSmsReplies:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def put(self, recipient: str, text: str, log_ids: Sequence[int],
                  secret: bool = False) -> None:
        """Queue one SMS (a sealed number); it goes once the transaction has committed."""
        await self._conn.execute(
            "INSERT INTO sms_outbox (recipient, text, log_ids, secret) VALUES (?, ?, ?, ?)",
            (recipient, text, json.dumps(list(log_ids)), int(secret)))

    async def claim(self, now: float) -> QueuedSms | None:
        """Atomic: the oldest reply due, marked 'sending' so that it never goes twice."""
        rows = list(await self._conn.execute_fetchall(
            "UPDATE sms_outbox SET status = 'sending', claimed_at = ? WHERE id = (SELECT id "
            "FROM sms_outbox WHERE status = 'queued' AND not_before <= ? ORDER BY id LIMIT 1) "
            "RETURNING id, recipient, text, log_ids, secret, attempts", (now, now)))
        if not rows:
            return None
        r = rows[0]
        return QueuedSms(int(r[0]), str(r[1]), str(r[2]), list(json.loads(r[3])), bool(r[4]),
                         int(r[5]))

    async def sent(self, sms_id: int) -> None:
        await self._conn.execute("DELETE FROM sms_outbox WHERE id = ?", (sms_id,))

    async def retry(self, sms_id: int, not_before: float) -> None:
        await self._conn.execute(
            "UPDATE sms_outbox SET status = 'queued', attempts = attempts + 1, not_before = ? "
            "WHERE id = ?", (not_before, sms_id))

    async def abandon_sending(self, before: float | None = None) -> list[int]:
        """At start: replies a stop cut off while at 'sending' are dropped, not sent again
        (the gateway may have taken them); the SMS log rows they held. With `before`, only
        those at 'sending' since before then (others may be on their way)."""
        rows = await self._conn.execute_fetchall(
            "DELETE FROM sms_outbox WHERE status = 'sending' AND claimed_at < ? "
            "RETURNING log_ids", (float("inf") if before is None else before,))
        return [int(i) for r in rows for i in json.loads(r[0])]

    async def next_due(self) -> float | None:
        rows = list(await self._conn.execute_fetchall(
            "SELECT MIN(not_before) FROM sms_outbox WHERE status = 'queued'"))
        return float(rows[0][0]) if rows and rows[0][0] is not None else None
