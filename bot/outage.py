"""Riding out a database outage (PostgreSQL restarting, a SQLite file locked too long): the
same work is tried again, with a growing pause, until the database answers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from storage.backend import is_transient

log = logging.getLogger(__name__)
T = TypeVar("T")

FIRST_PAUSE = 0.5
LONGEST_PAUSE = 10.0


async def when_back(work: Callable[[], Awaitable[T]], what: str,
                    first: float = FIRST_PAUSE, longest: float = LONGEST_PAUSE) -> T:
    """Run `work` (a new attempt each call, e.g. a whole transaction) until it is not
    stopped by an outage; any other error is raised at once. `what` names it in the log.

    A connection lost during COMMIT leaves it unknown whether the commit happened, so `work`
    must be harmless to repeat: an update is recorded as handled in its own transaction (a
    repeat changes nothing), marking an outbox row sent twice is marking it once."""
    pause, failures = first, 0
    while True:
        try:
            result = await work()
        except Exception as exc:
            if not is_transient(exc):
                raise
            failures += 1
            if failures == 1:  # one line per outage, and one when it is over
                log.warning("%s: the database is unreachable (%s); trying again until it "
                            "answers", what, type(exc).__name__)
            await asyncio.sleep(pause)
            pause = min(longest, pause * 2)
            continue
        if failures:
            log.warning("%s: the database answers again after %d attempts", what, failures)
        return result
