"""Scheduled work, run once a period across the cluster whichever workers are alive.

Each worker's ticker asks every minute; the job's row in the `jobs` table (claimed
atomically, see the storage's `jobs.claim`) lets one worker a period do the work."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.maintenance import MAINTENANCE_EVERY, Upkeep, maintain
from flows.ports import UnitOfWork
from storage.backend import AnyDatabase

TICK = "tick"  # phase changes by the calendar, reminders, notices turned into messages
MAINTENANCE = "maintenance"  # purges (bot.maintenance)
TICK_EVERY = 60.0
# A little less than the ticker's period: a worker whose tick comes a moment early is not
# turned away, and with one worker the job still runs at every tick.
_SLACK = 5.0

Work = Callable[[UnitOfWork], Awaitable[None]]


class Jobs:
    """This worker's side of the cluster's schedule."""

    def __init__(self, db: AnyDatabase, worker: str | None = None) -> None:
        self._db = db
        self.worker = worker or uuid.uuid4().hex

    async def run_once(self, name: str, every: float, work: Work) -> bool:
        """Run `work` in the transaction that claims job `name`, if no worker ran it in the
        last `every` seconds (less a little slack); a failure gives the turn back."""
        async with self._db.transaction() as uow:
            if not await uow.jobs.claim(name, self.worker, max(0.0, every - _SLACK)):
                return False
            await work(uow)
        return True

    async def maintain(self, now: datetime) -> Upkeep | None:
        """The hourly purges, by one worker an hour; None when it was not this one's turn."""
        async with self._db.transaction() as uow:
            every = MAINTENANCE_EVERY.total_seconds() - _SLACK
            if not await uow.jobs.claim(MAINTENANCE, self.worker, every):
                return None
        # Its own transaction (maintain commits its work itself); it does nothing if run
        # within the hour by `budgetbot purge` meanwhile.
        return await maintain(self._db, now)
