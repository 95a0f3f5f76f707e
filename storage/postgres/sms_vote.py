"""Voting by plain SMS: messages received, each sender's dialogue state, replies to send."""

from __future__ import annotations

import json
from collections.abc import Sequence

from flows.sms_session import SmsSession
from storage.postgres.base import PgRepository
from storage.sms_vote import QueuedSms, ReceivedSms


class PgSmsInbox(PgRepository):
    async def add(self, mo_key: str, sender: str, text: str, at: float,
                  day: str) -> ReceivedSms | None:
        """Atomic: INSERT ... ON CONFLICT DO NOTHING on the message's key, so a repeat (even
        at once, on another worker) writes nothing; durable once committed."""
        if await self._run("INSERT INTO sms_seen (mo_key, day) VALUES (%s, %s) "
                           "ON CONFLICT DO NOTHING", (mo_key, day)) != 1:
            return None
        row = await self._row(
            "INSERT INTO sms_inbox (sender, text, received_at) VALUES (%s, %s, %s) "
            "RETURNING id", (sender, text, at))
        return ReceivedSms(int(row[0]) if row else 0, sender, text, at)

    async def remove(self, sms_id: int) -> None:
        await self._run("DELETE FROM sms_inbox WHERE id = %s", (sms_id,))

    async def waiting(self) -> list[ReceivedSms]:
        """Messages kept and not yet handled, oldest first."""
        rows = await self._rows(
            "SELECT id, sender, text, received_at FROM sms_inbox ORDER BY id")
        return [ReceivedSms(int(r[0]), str(r[1]), str(r[2]), float(r[3])) for r in rows]

    async def forget_seen(self, before_day: str) -> int:
        """Ids of messages too old for Kannel to send again."""
        return await self._run("DELETE FROM sms_seen WHERE day < %s", (before_day,))


class PgSmsSessions(PgRepository):
    async def load(self, voter: str) -> SmsSession | None:
        row = await self._row(
            "SELECT state FROM sms_sessions WHERE campaign = %s AND voter = %s",
            (self._campaign, voter))
        return SmsSession.model_validate_json(row[0]) if row else None

    async def save(self, voter: str, session: SmsSession, at: float) -> None:
        await self._run(
            "INSERT INTO sms_sessions (campaign, voter, state, updated_at) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT (campaign, voter) DO UPDATE SET "
            "state = excluded.state, updated_at = excluded.updated_at",
            (self._campaign, voter, session.model_dump_json(), at))

    async def delete(self, voter: str) -> None:
        await self._run("DELETE FROM sms_sessions WHERE campaign = %s AND voter = %s",
                        (self._campaign, voter))

    async def forget_idle(self, before: float) -> int:
        """Places (maybe ticked choices) of senders silent since `before`: how many went.
        Every campaign's: the hourly upkeep erases them wherever they are."""
        return await self._run("DELETE FROM sms_sessions WHERE updated_at < %s", (before,))


class PgSmsReplies(PgRepository):
    async def put(self, recipient: str, text: str, log_ids: Sequence[int],
                  secret: bool = False) -> None:
        """Queue one SMS (a sealed number); it goes once the transaction has committed."""
        await self._run(
            "INSERT INTO sms_outbox (recipient, text, log_ids, secret) VALUES (%s, %s, %s, %s)",
            (recipient, text, json.dumps(list(log_ids)), int(secret)))

    async def claim(self, now: float) -> QueuedSms | None:
        """Atomic: the oldest reply due, marked 'sending' (FOR UPDATE SKIP LOCKED: two
        workers never take the same row), so that it never goes twice."""
        row = await self._row(
            "UPDATE sms_outbox SET status = 'sending', claimed_at = %(now)s WHERE id = (SELECT id "
            "FROM sms_outbox WHERE status = 'queued' AND not_before <= %(now)s ORDER BY id "
            "LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, recipient, text, log_ids, secret, "
            "attempts", {"now": now})
        if row is None:
            return None
        return QueuedSms(int(row[0]), str(row[1]), str(row[2]), list(json.loads(row[3])),
                         bool(row[4]), int(row[5]))

    async def sent(self, sms_id: int) -> None:
        await self._run("DELETE FROM sms_outbox WHERE id = %s", (sms_id,))

    async def retry(self, sms_id: int, not_before: float) -> None:
        await self._run(
            "UPDATE sms_outbox SET status = 'queued', attempts = attempts + 1, "
            "not_before = %s WHERE id = %s", (not_before, sms_id))

    async def abandon_sending(self, before: float | None = None) -> list[int]:
        """Replies a stop cut off while at 'sending' are dropped, not sent again (the gateway
        may have taken them); the SMS log rows they held. With `before`, only those at
        'sending' since before then (another worker may be sending the others)."""
        rows = await self._rows(
            "DELETE FROM sms_outbox WHERE status = 'sending' "
            "AND claimed_at < COALESCE(%s::float8, 'infinity') RETURNING log_ids", (before,))
        return [int(i) for r in rows for i in json.loads(r[0])]

    async def next_due(self) -> float | None:
        row = await self._row("SELECT MIN(not_before) FROM sms_outbox WHERE status = 'queued'")
        return float(row[0]) if row and row[0] is not None else None
