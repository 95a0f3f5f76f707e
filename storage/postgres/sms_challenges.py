"""Verification codes (hashed) and the log of SMS sent, for rate limits and figures."""

from __future__ import annotations

from flows.domain.records import (
    TYPED,
    Challenge,
    SendCounts,
    SmsFigures,
    SmsInFlight,
    SmsQuota,
    SmsRequest,
)
from storage.postgres.base import PgRepository

# Every reservation of an SMS takes this lock for the rest of its transaction.
SMS_RESERVE_LOCK = 0x6275_6467_736D_7331  # "budgsms1"


_RESERVE = """
INSERT INTO sms_log (campaign, phone_hash, account_hash, at, status, channel, chat_id,
                     language)
SELECT %(campaign)s, %(phone)s, %(account)s, %(now)s, 'sending', %(channel)s, %(chat_id)s,
       %(language)s
WHERE (SELECT COUNT(*) FROM sms_log WHERE campaign = %(campaign)s
       AND status IN ('sent', 'sending')
       AND at >= %(day_start)s) < %(daily_cap)s
  AND (%(channel)s <> 'typed' OR (SELECT COUNT(*) FROM sms_log
       WHERE campaign = %(campaign)s AND status IN ('sent', 'sending') AND channel = 'typed'
       AND at >= %(day_start)s) < %(typed_daily_cap)s)
  AND (%(channel)s <> 'typed' OR (SELECT COUNT(*) FROM sms_log
       WHERE campaign = %(campaign)s AND status IN ('sent', 'sending') AND channel = 'typed'
       AND at >= %(hour_ago)s) < %(typed_hourly_cap)s)
  AND (SELECT COUNT(*) FROM sms_log WHERE campaign = %(campaign)s
       AND status IN ('sent', 'sending')
       AND phone_hash = %(phone)s AND at >= %(hour_ago)s) < %(per_number_hour)s
  AND (SELECT COUNT(*) FROM sms_log WHERE campaign = %(campaign)s
       AND status IN ('sent', 'sending')
       AND phone_hash = %(phone)s AND at >= %(day_ago)s) < %(per_number_day)s
  AND (SELECT COUNT(*) FROM sms_log WHERE campaign = %(campaign)s
       AND status IN ('sent', 'sending')
       AND account_hash = %(account)s AND at >= %(hour_ago)s) < %(per_account_hour)s
  AND (SELECT COUNT(*) FROM sms_log WHERE campaign = %(campaign)s
       AND status IN ('sent', 'sending')
       AND account_hash = %(account)s AND at >= %(day_ago)s) < %(per_account_day)s
  AND NOT EXISTS (SELECT 1 FROM sms_log WHERE campaign = %(campaign)s
       AND status IN ('sent', 'sending')
       AND account_hash = %(account)s AND at > %(now)s - %(cooldown)s)
RETURNING id
"""

_COUNTS = """
SELECT
  (SELECT COUNT(*) FROM sms_log WHERE campaign = %(campaign)s
       AND status IN ('sent', 'sending')
   AND phone_hash = %(phone)s AND at >= %(hour_ago)s),
  (SELECT COUNT(*) FROM sms_log WHERE campaign = %(campaign)s
       AND status IN ('sent', 'sending')
   AND phone_hash = %(phone)s AND at >= %(day_ago)s),
  (SELECT COUNT(*) FROM sms_log WHERE campaign = %(campaign)s
       AND status IN ('sent', 'sending')
   AND account_hash = %(account)s AND at >= %(hour_ago)s),
  (SELECT COUNT(*) FROM sms_log WHERE campaign = %(campaign)s
       AND status IN ('sent', 'sending')
   AND account_hash = %(account)s AND at >= %(day_ago)s),
  (SELECT COUNT(*) FROM sms_log WHERE campaign = %(campaign)s
       AND status IN ('sent', 'sending')
   AND at >= %(day_start)s),
  (SELECT COUNT(*) FROM sms_log WHERE campaign = %(campaign)s
       AND status IN ('sent', 'sending') AND channel = 'typed'
   AND at >= %(day_start)s),
  (SELECT COUNT(*) FROM sms_log WHERE campaign = %(campaign)s
       AND status IN ('sent', 'sending') AND channel = 'typed'
   AND at >= %(hour_ago)s)
"""


def _window(quota: SmsQuota) -> dict[str, float]:
    return {"now": quota.now, "day_start": quota.day_start, "hour_ago": quota.hour_ago,
            "day_ago": quota.day_ago}


class PgSmsChallenges(PgRepository):
    async def get(self, account_hash: str) -> Challenge | None:
        row = await self._row(
            "SELECT account_hash, phone_hash, code_hash, expires_at, attempts, created_at "
            "FROM sms_challenges WHERE campaign = %s AND account_hash = %s",
            (self._campaign, account_hash))
        return Challenge(str(row[0]), str(row[1]), str(row[2]), float(row[3]), int(row[4]),
                         float(row[5])) if row else None

    async def put(self, challenge: Challenge) -> None:
        await self._run(
            "INSERT INTO sms_challenges (campaign, account_hash, phone_hash, code_hash, "
            "expires_at, attempts, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (campaign, account_hash) DO UPDATE SET phone_hash = excluded.phone_hash, "
            "code_hash = excluded.code_hash, expires_at = excluded.expires_at, "
            "attempts = excluded.attempts, created_at = excluded.created_at",
            (self._campaign, challenge.account_hash, challenge.phone_hash, challenge.code_hash,
             challenge.expires_at, challenge.attempts, challenge.created_at))

    async def spend_attempt(self, account_hash: str, now: float) -> Challenge | None:
        """Atomic: one UPDATE ... RETURNING takes the row lock, counts the try and reads the
        code it was for; a concurrent try waits and sees the count after this one."""
        row = await self._row(
            "UPDATE sms_challenges SET attempts = attempts + 1 "
            "WHERE campaign = %s AND account_hash = %s AND expires_at >= %s RETURNING "
            "account_hash, phone_hash, code_hash, expires_at, attempts, created_at",
            (self._campaign, account_hash, now))
        return Challenge(str(row[0]), str(row[1]), str(row[2]), float(row[3]), int(row[4]),
                         float(row[5])) if row else None

    async def take(self, account_hash: str, created_at: float) -> bool:
        """Atomic: one DELETE of that very code; of two at once, the second waits on the row
        lock, then finds it gone (READ COMMITTED re-checks), so the code is used once."""
        return await self._run(
            "DELETE FROM sms_challenges WHERE campaign = %s AND account_hash = %s "
            "AND created_at = %s", (self._campaign, account_hash, created_at)) == 1

    async def delete(self, account_hash: str) -> None:
        await self._run("DELETE FROM sms_challenges WHERE campaign = %s AND account_hash = %s",
                        (self._campaign, account_hash))

    async def purge_expired(self, now: float) -> int:
        return await self._run(
            "DELETE FROM sms_challenges WHERE campaign = %s AND expires_at < %s",
            (self._campaign, now))

    async def log(self, phone_hash: str, account_hash: str, at: float, status: str,
                  channel: str = TYPED) -> int:
        row = await self._row(
            "INSERT INTO sms_log (campaign, phone_hash, account_hash, at, status, channel) "
            "VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
            (self._campaign, phone_hash, account_hash, at, status, channel))
        return int(row[0]) if row else 0

    async def reserve(self, request: SmsRequest, quota: SmsQuota) -> int | None:
        """Check every cap and log the SMS as 'sending'; the new log id, or None if refused.

        Under READ COMMITTED two callers could each count the other's slot as free, so the
        check-and-insert runs after pg_advisory_xact_lock: reservations follow one another
        across every process until each one's transaction ends."""
        await self._run("SELECT pg_advisory_xact_lock(%s)", (SMS_RESERVE_LOCK,))
        params: dict[str, object] = {
            **_window(quota), "campaign": self._campaign, "phone": request.phone_hash,
            "account": request.account_hash,
            "channel": request.channel, "chat_id": request.chat_id,
            "language": request.language, "cooldown": float(quota.cooldown_seconds),
            "daily_cap": quota.daily_cap, "typed_daily_cap": quota.typed_daily_cap,
            "typed_hourly_cap": quota.typed_hourly_cap,
            "per_number_hour": quota.per_number_hour, "per_number_day": quota.per_number_day,
            "per_account_hour": quota.per_account_hour,
            "per_account_day": quota.per_account_day,
        }
        row = await self._row(_RESERVE, params)
        return int(row[0]) if row else None

    async def counts(self, phone_hash: str, account_hash: str, quota: SmsQuota) -> SendCounts:
        """What counts against each limit of `quota`, to say which one refused."""
        row = await self._row(_COUNTS, {**_window(quota), "campaign": self._campaign,
                                        "phone": phone_hash, "account": account_hash})
        assert row is not None
        return SendCounts(*(int(v) for v in row))

    async def figures(self, day_start: float) -> SmsFigures:
        """Today's SMS by channel, the accounts behind typed ones, and the refusals."""
        row = await self._row(
            "SELECT COUNT(*) FILTER (WHERE status IN ('sent', 'sending') AND channel = %(t)s), "
            "COUNT(*) FILTER (WHERE status IN ('sent', 'sending') AND channel <> %(t)s), "
            "COUNT(DISTINCT account_hash) FILTER (WHERE status IN ('sent', 'sending') "
            "AND channel = %(t)s), COUNT(*) FILTER (WHERE status = 'capped') "
            "FROM sms_log WHERE campaign = %(c)s AND at >= %(since)s",
            {"t": TYPED, "since": day_start, "c": self._campaign})
        assert row is not None
        return SmsFigures(int(row[0]), int(row[1]), int(row[2]), int(row[3]))

    async def in_flight(self, before: float | None = None) -> list[SmsInFlight]:
        """Rows still at 'sending' (logged before `before`, if given): after a restart, or
        long after the gateway's timeout, codes whose fate nobody recorded."""
        rows = await self._rows(
            "SELECT id, account_hash, at, chat_id, language FROM sms_log WHERE status = "
            "'sending' AND campaign = %s AND at < COALESCE(%s::float8, 'infinity') ORDER BY id",
            (self._campaign, before))
        return [SmsInFlight(int(r[0]), str(r[1]), float(r[2]),
                            int(r[3]) if r[3] is not None else None,
                            str(r[4]) if r[4] is not None else None) for r in rows]

    async def set_status(self, log_id: int, status: str) -> None:
        """The gateway's verdict; the chat to tell is forgotten with it. By id alone: log ids
        are unique across campaigns, and the SMS sender (shared) reports failures."""
        await self._run(
            "UPDATE sms_log SET status = %s, chat_id = NULL, language = NULL WHERE id = %s",
            (status, log_id))

    async def sent_since(self, since: float, phone_hash: str | None = None,
                         account_hash: str | None = None) -> int:
        """SMS sent (or being sent) since a moment, for one number, one account, or all."""
        row = await self._row(
            "SELECT COUNT(*) FROM sms_log WHERE campaign = %(campaign)s AND at >= %(since)s "
            "AND status IN ('sent', 'sending') "
            "AND (%(phone)s::text IS NULL OR phone_hash = %(phone)s) "
            "AND (%(account)s::text IS NULL OR account_hash = %(account)s)",
            {"campaign": self._campaign, "since": since, "phone": phone_hash,
             "account": account_hash})
        return int(row[0]) if row else 0

    async def last_sent(self, account_hash: str) -> float | None:
        """When the latest SMS for this account went (or is going)."""
        row = await self._row("SELECT MAX(at) FROM sms_log WHERE status IN ('sent', 'sending') "
                              "AND campaign = %s AND account_hash = %s",
                              (self._campaign, account_hash))
        return float(row[0]) if row and row[0] is not None else None

    async def status_counts(self) -> dict[str, int]:
        rows = await self._rows(
            "SELECT status, COUNT(*) FROM sms_log WHERE campaign = %s GROUP BY status",
            (self._campaign,))
        return {str(r[0]): int(r[1]) for r in rows}

    async def purge_log(self, before: float) -> int:
        return await self._run("DELETE FROM sms_log WHERE campaign = %s AND at < %s",
                               (self._campaign, before))
