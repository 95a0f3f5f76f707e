"""Verification codes (hashed) and the log of SMS sent, for rate limits and figures."""

from __future__ import annotations

import aiosqlite

from flows.records import Challenge


class SqliteSmsChallenges:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, account_hash: str) -> Challenge | None:
        async with self._conn.execute(
            "SELECT account_hash, phone_hash, code_hash, expires_at, attempts, created_at "
            "FROM sms_challenges WHERE account_hash = ?", (account_hash,),
        ) as cur:
            row = await cur.fetchone()
        return Challenge(str(row[0]), str(row[1]), str(row[2]), float(row[3]), int(row[4]),
                         float(row[5])) if row else None

    async def put(self, challenge: Challenge) -> None:
        await self._conn.execute(
            "INSERT OR REPLACE INTO sms_challenges (account_hash, phone_hash, code_hash, "
            "expires_at, attempts, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (challenge.account_hash, challenge.phone_hash, challenge.code_hash,
             challenge.expires_at, challenge.attempts, challenge.created_at),
        )

    async def count_attempt(self, account_hash: str) -> None:
        await self._conn.execute(
            "UPDATE sms_challenges SET attempts = attempts + 1 WHERE account_hash = ?",
            (account_hash,),
        )

    async def delete(self, account_hash: str) -> None:
        await self._conn.execute("DELETE FROM sms_challenges WHERE account_hash = ?",
                                 (account_hash,))

    async def purge_expired(self, now: float) -> int:
        cur = await self._conn.execute("DELETE FROM sms_challenges WHERE expires_at < ?", (now,))
        return cur.rowcount

    async def log(self, phone_hash: str, account_hash: str, at: float, status: str) -> int:
        cur = await self._conn.execute(
            "INSERT INTO sms_log (phone_hash, account_hash, at, status) VALUES (?, ?, ?, ?)",
            (phone_hash, account_hash, at, status),
        )
        return int(cur.lastrowid or 0)

    async def set_status(self, log_id: int, status: str) -> None:
        await self._conn.execute("UPDATE sms_log SET status = ? WHERE id = ?", (status, log_id))

    async def sent_since(self, since: float, phone_hash: str | None = None,
                         account_hash: str | None = None) -> int:
        """SMS sent (or being sent) since a moment, for one number, one account, or all."""
        sql = "SELECT COUNT(*) FROM sms_log WHERE at >= ? AND status IN ('sent', 'sending')"
        params: list[object] = [since]
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
               "AND account_hash = ?")
        async with self._conn.execute(sql, (account_hash,)) as cur:
            row = await cur.fetchone()
        return float(row[0]) if row and row[0] is not None else None

    async def status_counts(self) -> dict[str, int]:
        sql = "SELECT status, COUNT(*) FROM sms_log GROUP BY status"
        async with self._conn.execute(sql) as cur:
            return {str(r[0]): int(r[1]) for r in await cur.fetchall()}

    async def purge_log(self, before: float) -> int:
        cur = await self._conn.execute("DELETE FROM sms_log WHERE at < ?", (before,))
        return cur.rowcount
