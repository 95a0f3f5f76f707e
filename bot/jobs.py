"""Scheduled work, run once a period across the cluster whichever workers are alive.

Each worker's ticker asks every minute; the job's row in the `jobs` table (claimed
atomically, see the storage's `jobs.claim`) lets one worker a period do the work. A file
served by one process (SQLite) has no one to take turns with: the work runs at each ask,
and no job row is written (nothing lands in its -wal that a scrub would have to erase)."""

from __future__ import annotations

import logging
import math
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime

from bot.maintenance import MAINTENANCE_EVERY, Upkeep, maintain
from flows.dialogues.context import Deps
from flows.dialogues.engine import resolve_lost_sms
from flows.ports import UnitOfWork
from storage.backend import AnyDatabase

log = logging.getLogger(__name__)

TICK = "tick"  # phase changes by the calendar, reminders, notices turned into messages
MAINTENANCE = "maintenance"  # purges (bot.maintenance)
LOST_SMS = "lost-sms"  # codes and SMS replies a dead worker left at 'sending'
TICK_EVERY = 60.0
# Longer than any SMS gateway call (timeout_seconds is at most 120): a code or reply still
# at 'sending' after this was cut off by its worker's death.
SENDING_CUT_OFF = 300.0
# A little less than the ticker's period: a worker whose tick comes a moment early is not
# turned away, and with one worker the job still runs at every tick.
_SLACK = 5.0

Work = Callable[[UnitOfWork], Awaitable[None]]


def cut_off(db: AnyDatabase, now: float) -> float | None:
    """What a starting worker may take as cut off at 'sending': all of it (None) when it
    alone serves the database; on a shared one, only what was there SENDING_CUT_OFF ago."""
    return now - SENDING_CUT_OFF if db.shared else None


class Jobs:
    """This worker's side of the cluster's schedule."""

    def __init__(self, db: AnyDatabase, worker: str | None = None) -> None:
        self._db = db
        self.worker = worker or uuid.uuid4().hex

    async def run_once(self, name: str, every: float, work: Work) -> bool:
        """Run `work` in the transaction that claims job `name`, if no worker ran it in the
        last `every` seconds (less a little slack); a failure gives the turn back. Runs of
        one job never overlap: a claim waits for the transaction of the one before it."""
        async with self._db.transaction() as uow:
            # every 0: at once, in turn (the row's time may be later than ours by then)
            period = every - _SLACK if every > 0 else -math.inf
            if self._db.shared and not await uow.jobs.claim(name, self.worker, period):
                return False
            await work(uow)
        return True

    async def maintain(self, now: datetime) -> Upkeep | None:
        """The hourly purges, by one worker an hour; None when it was not this one's turn."""
        if self._db.shared:
            async with self._db.transaction() as uow:
                every = MAINTENANCE_EVERY.total_seconds() - _SLACK
                if not await uow.jobs.claim(MAINTENANCE, self.worker, every):
                    return None
        # Its own transaction (maintain commits its work itself); it does nothing if run
        # within the hour by `budgetbot purge` meanwhile.
        return await maintain(self._db, now)

    async def resolve_cut_off_sms(self, campaigns: Iterable[Deps], now: datetime) -> None:
        """On a shared database, once a minute: codes and SMS replies left at 'sending' by
        a worker that died (one alone resolves them at its start)."""
        if not self._db.shared:
            return
        codes = replies = 0
        async with self._db.transaction() as uow:
            if not await uow.jobs.claim(LOST_SMS, self.worker, TICK_EVERY - _SLACK):
                return
            for deps in campaigns:
                codes += await resolve_lost_sms(deps, uow, now,
                                                now.timestamp() - SENDING_CUT_OFF)
            replies = len(await uow.sms_replies.abandon_sending(time.time() - SENDING_CUT_OFF))
        if codes or replies:
            log.warning("%d SMS code(s) and %d SMS repl(ies) cut off by a stopped worker: "
                        "codes marked failed and voters told, replies not sent again",
                        codes, replies)
