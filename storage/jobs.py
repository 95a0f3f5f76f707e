"""Scheduled work run once a period, whichever process asks first."""

from __future__ import annotations

import time

import aiosqlite


class SqliteJobs:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def claim(self, name: str, worker: str, every: float,
                    now: float | None = None) -> bool:
        """Atomic (one upsert; one process writes the file): True for the one caller that
        finds job `name` not run within `every` seconds, and records that it runs it now
        (every caller, one after the other, with `every` -inf)."""
        at = time.time() if now is None else now
        rows = await self._conn.execute_fetchall(
            "INSERT INTO jobs (name, worker, at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE "
            "SET worker = excluded.worker, at = excluded.at WHERE jobs.at <= excluded.at - ? "
            "RETURNING name", (name, worker, at, every))
        return bool(list(rows))

    async def last_run(self, name: str) -> tuple[str, float] | None:
        """Which worker last ran job `name`, and when."""
        rows = list(await self._conn.execute_fetchall(
            "SELECT worker, at FROM jobs WHERE name = ?", (name,)))
        return (str(rows[0][0]), float(rows[0][1])) if rows else None
