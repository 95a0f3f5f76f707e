"""Verification codes (hashed) and the log of SMS sent, for rate limits and figures."""

from __future__ import annotations

import aiosqlite

from flows.domain.records import (
    TYPED,
    Challenge,
    SendCounts,
    SmsFigures,
    SmsInFlight,
    SmsQuota,
    SmsRequest,
)

LIVE = "status IN ('sent', 'sending')"  # what counts against the limits
# The caps are each campaign's: its own SMS, live.
_OURS = f"campaign = :campaign AND {LIVE}"

# One statement: the caps are read and the row written under the same write lock, so two
# connections (or two tasks without the process lock) can never both take the last slot.
_RESERVE = f"""
INSERT INTO sms_log (campaign, phone_hash, account_hash, at, status, channel, chat_id,
                     language)
SELECT :campaign, :phone, :account, :now, 'sending', :channel, :chat_id, :language
WHERE (SELECT COUNT(*) FROM sms_log WHERE {_OURS} AND at >= :day_start) < :daily_cap
  AND (:channel != 'typed' OR (SELECT COUNT(*) FROM sms_log
       WHERE {_OURS} AND channel = 'typed' AND at >= :day_start) < :typed_daily_cap)
  AND (:channel != 'typed' OR (SELECT COUNT(*) FROM sms_log
       WHERE {_OURS} AND channel = 'typed' AND at >= :hour_ago) < :typed_hourly_cap)
  AND (SELECT COUNT(*) FROM sms_log
       WHERE {_OURS} AND phone_hash = :phone AND at >= :hour_ago) < :per_number_hour
  AND (SELECT COUNT(*) FROM sms_log
       WHERE {_OURS} AND phone_hash = :phone AND at >= :day_ago) < :per_number_day
  AND (SELECT COUNT(*) FROM sms_log
       WHERE {_OURS} AND account_hash = :account AND at >= :hour_ago) < :per_account_hour
  AND (SELECT COUNT(*) FROM sms_log
       WHERE {_OURS} AND account_hash = :account AND at >= :day_ago) < :per_account_day
  AND NOT EXISTS (SELECT 1 FROM sms_log
       WHERE {_OURS} AND account_hash = :account AND at > :now - :cooldown)
"""

_COUNTS = f"""
SELECT
  (SELECT COUNT(*) FROM sms_log WHERE {_OURS} AND phone_hash = :phone AND at >= :hour_ago),
  (SELECT COUNT(*) FROM sms_log WHERE {_OURS} AND phone_hash = :phone AND at >= :day_ago),
  (SELECT COUNT(*) FROM sms_log WHERE {_OURS} AND account_hash = :account AND at >= :hour_ago),
  (SELECT COUNT(*) FROM sms_log WHERE {_OURS} AND account_hash = :account AND at >= :day_ago),
  (SELECT COUNT(*) FROM sms_log WHERE {_OURS} AND at >= :day_start),
  (SELECT COUNT(*) FROM sms_log WHERE {_OURS} AND channel = 'typed' AND at >= :day_start),
  (SELECT COUNT(*) FROM sms_log WHERE {_OURS} AND channel = 'typed' AND at >= :hour_ago)
"""


def _window(quota: SmsQuota) -> dict[str, float]:
    return {"now": quota.now, "day_start": quota.day_start, "hour_ago": quota.hour_ago,
            "day_ago": quota.day_ago}


class SqliteSmsChallenges:
    def __init__(self, conn: aiosqlite.Connection, campaign: str = "") -> None:
        self._conn = conn
        self._campaign = campaign

    async def get(self, account_hash: str) -> Challenge | None:
        async with self._conn.execute(
            "SELECT account_hash, phone_hash, code_hash, expires_at, attempts, created_at "
            "FROM sms_challenges WHERE campaign = ? AND account_hash = ?",
            (self._campaign, account_hash),
        ) as cur:
            row = await cur.fetchone()
        return Challenge(str(row[0]), str(row[1]), str(row[2]), float(row[3]), int(row[4]),
                         float(row[5])) if row else None

    async def put(self, challenge: Challenge) -> None:
        await self._conn.execute(
            "INSERT OR REPLACE INTO sms_challenges (campaign, account_hash, phone_hash, "
            "code_hash, expires_at, attempts, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self._campaign, challenge.account_hash, challenge.phone_hash, challenge.code_hash,
             challenge.expires_at, challenge.attempts, challenge.created_at),
        )

    async def spend_attempt(self, account_hash: str, now: float) -> Challenge | None:
        """Atomic: one UPDATE ... RETURNING counts the try and reads the code it was for, so
        two tries at once can never both see the last one left."""
        async with self._conn.execute(
            "UPDATE sms_challenges SET attempts = attempts + 1 "
            "WHERE campaign = ? AND account_hash = ? AND expires_at >= ? RETURNING account_hash, "
            "phone_hash, code_hash, expires_at, attempts, created_at",
            (self._campaign, account_hash, now),
        ) as cur:
            row = await cur.fetchone()
        return Challenge(str(row[0]), str(row[1]), str(row[2]), float(row[3]), int(row[4]),
                         float(row[5])) if row else None

    async def delete(self, account_hash: str) -> None:
        await self._conn.execute(
            "DELETE FROM sms_challenges WHERE campaign = ? AND account_hash = ?",
            (self._campaign, account_hash))

    async def take(self, account_hash: str, created_at: float) -> bool:
        """Atomic: one DELETE of that very code, so a code is used once however many
        tries race for it; True for the one that removed it."""
        cur = await self._conn.execute(
            "DELETE FROM sms_challenges WHERE campaign = ? AND account_hash = ? AND created_at = ?",
            (self._campaign, account_hash, created_at))
        return cur.rowcount == 1

    async def purge_expired(self, now: float) -> int:
        cur = await self._conn.execute(
            "DELETE FROM sms_challenges WHERE campaign = ? AND expires_at < ?",
            (self._campaign, now))
        return cur.rowcount

    async def log(self, phone_hash: str, account_hash: str, at: float, status: str,
                  channel: str = TYPED) -> int:
        cur = await self._conn.execute(
            "INSERT INTO sms_log (campaign, phone_hash, account_hash, at, status, channel) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (self._campaign, phone_hash, account_hash, at, status, channel),
        )
        return int(cur.lastrowid or 0)

    async def reserve(self, request: SmsRequest, quota: SmsQuota) -> int | None:
        """Atomic: check every cap and log the SMS as 'sending' in one statement.

        The new log id, or None (nothing written) when a cap or the cooldown refuses it."""
        params: dict[str, object] = {
            **_window(quota), "campaign": self._campaign, "phone": request.phone_hash,
            "account": request.account_hash,
            "channel": request.channel, "chat_id": request.chat_id,
            "language": request.language, "cooldown": quota.cooldown_seconds,
            "daily_cap": quota.daily_cap, "typed_daily_cap": quota.typed_daily_cap,
            "typed_hourly_cap": quota.typed_hourly_cap,
            "per_number_hour": quota.per_number_hour, "per_number_day": quota.per_number_day,
            "per_account_hour": quota.per_account_hour,
            "per_account_day": quota.per_account_day,
        }
        cur = await self._conn.execute(_RESERVE, params)
        return int(cur.lastrowid or 0) if cur.rowcount == 1 else None

    async def counts(self, phone_hash: str, account_hash: str, quota: SmsQuota) -> SendCounts:
        """What counts against each limit of `quota`, to say which one refused."""
        params = {**_window(quota), "campaign": self._campaign, "phone": phone_hash,
                  "account": account_hash}
        async with self._conn.execute(_COUNTS, params) as cur:
            row = await cur.fetchone()
        assert row is not None
        return SendCounts(*(int(v) for v in row))

    async def figures(self, day_start: float) -> SmsFigures:
        """Today's SMS by channel, the accounts behind typed ones, and the refusals."""
        sql = (f"SELECT COALESCE(SUM({LIVE} AND channel = ?), 0), "
               f"COALESCE(SUM({LIVE} AND channel != ?), 0), "
               f"COUNT(DISTINCT CASE WHEN {LIVE} AND channel = ? THEN account_hash END), "
               "COALESCE(SUM(status = 'capped'), 0) FROM sms_log WHERE campaign = ? AND at >= ?")
        params = (TYPED, TYPED, TYPED, self._campaign, day_start)
        async with self._conn.execute(sql, params) as cur:
            row = await cur.fetchone()
        assert row is not None
        return SmsFigures(int(row[0]), int(row[1]), int(row[2]), int(row[3]))

    async def in_flight(self, before: float | None = None) -> list[SmsInFlight]:
        """Rows still at 'sending' (logged before `before`, if given): after a restart, or
        long after the gateway's timeout, codes whose fate nobody recorded."""
        sql = ("SELECT id, account_hash, at, chat_id, language FROM sms_log "
               "WHERE status = 'sending' AND campaign = ? AND at < ? ORDER BY id")
        limit = float("inf") if before is None else before
        async with self._conn.execute(sql, (self._campaign, limit)) as cur:
            rows = await cur.fetchall()
        return [SmsInFlight(int(r[0]), str(r[1]), float(r[2]),
                            int(r[3]) if r[3] is not None else None,
                            str(r[4]) if r[4] is not None else None) for r in rows]

    async def set_status(self, log_id: int, status: str) -> None:
        """The gateway's verdict; the chat to tell is forgotten with it. By id alone: log ids
        are unique across campaigns, and the SMS sender (shared) reports failures."""
        await self._conn.execute(
            "UPDATE sms_log SET status = ?, chat_id = NULL, language = NULL WHERE id = ?",
            (status, log_id))

    async def sent_since(self, since: float, phone_hash: str | None = None,
                         account_hash: str | None = None) -> int:
        """SMS sent (or being sent) since a moment, for one number, one account, or all."""
        sql = ("SELECT COUNT(*) FROM sms_log WHERE campaign = ? AND at >= ? "
               "AND status IN ('sent', 'sending')")
        params: list[object] = [self._campaign, since]
        if phone_hash is not None:
            sql, params = sql + " AND phone_hash = ?", [*params, phone_hash]
        if account_hash is not None:
            sql, params = sql + " AND account_hash = ?", [*params, account_hash]
        async with self._conn.execute(sql, params) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def last_sent(self, account_hash: str) -> float | None:
        """When the latest SMS for this account went (or is going)."""
        sql = ("SELECT MAX(at) FROM sms_log WHERE status IN ('sent', 'sending') "
               "AND campaign = ? AND account_hash = ?")
        async with self._conn.execute(sql, (self._campaign, account_hash)) as cur:
            row = await cur.fetchone()
        return float(row[0]) if row and row[0] is not None else None

    async def status_counts(self) -> dict[str, int]:
        sql = "SELECT status, COUNT(*) FROM sms_log WHERE campaign = ? GROUP BY status"
        async with self._conn.execute(sql, (self._campaign,)) as cur:
            return {str(r[0]): int(r[1]) for r in await cur.fetchall()}

    async def purge_log(self, before: float) -> int:
        cur = await self._conn.execute("DELETE FROM sms_log WHERE campaign = ? AND at < ?",
                                       (self._campaign, before))
        return cur.rowcount
