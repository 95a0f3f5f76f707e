"""Scheduled work run once a period across the cluster, whichever worker asks first."""

from __future__ import annotations

from storage.postgres.base import PgRepository


class PgJobs(PgRepository):
    async def claim(self, name: str, worker: str, every: float,
                    now: float | None = None) -> bool:
        """Atomic: True for the one caller that finds job `name` not run within `every`
        seconds (the database's clock by default), and records that it runs it now (every
        caller, one after the other, with `every` -inf).

        INSERT ... ON CONFLICT DO UPDATE ... WHERE locks the job's row until the caller's
        transaction ends: a second worker waits, then sees the new time and gets False. Run
        the job in that same transaction and a failure gives the turn back."""
        row = await self._row(
            "INSERT INTO jobs AS j (name, worker, at) VALUES (%(name)s, %(worker)s, "
            "COALESCE(%(now)s::float8, extract(epoch FROM clock_timestamp())::float8)) "
            "ON CONFLICT (name) DO UPDATE SET worker = excluded.worker, at = excluded.at "
            "WHERE j.at <= excluded.at - %(every)s RETURNING name",
            {"name": name, "worker": worker, "now": now, "every": every})
        return row is not None

    async def last_run(self, name: str) -> tuple[str, float] | None:
        """Which worker last ran job `name`, and when."""
        row = await self._row("SELECT worker, at FROM jobs WHERE name = %s", (name,))
        return (str(row[0]), float(row[1])) if row else None
