"""Erases the -wal's old page images soon after a receipt went out (ballot secrecy on disk)."""

from __future__ import annotations

import asyncio
import logging

from bot.tasks import cancel
from storage.backend import AnyDatabase

log = logging.getLogger(__name__)

DEFAULT_WINDOW = 10.0


class Scrubber:
    """Within `window` seconds of `soon()`, the -wal is checkpointed and truncated.

    Waiting a quarter of the window first lets one checkpoint cover the receipts of a busy
    moment; a checkpoint blocked by a reader (a CLI command) is retried at the same pace."""

    def __init__(self, db: AnyDatabase, window: float = DEFAULT_WINDOW) -> None:
        self._db = db
        self._pause = window / 4
        self._due = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def soon(self) -> None:
        self._due.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="wal-scrubber")

    async def stop(self) -> None:
        """Stop waiting; a scrub still due is done now, so a clean stop leaves no -wal behind."""
        await cancel(self._task)
        self._task = None
        if self._due.is_set():
            await self._db.scrub()

    async def _run(self) -> None:
        while True:
            await self._due.wait()
            await asyncio.sleep(self._pause)
            # Cleared before the checkpoint: a receipt sent meanwhile asks for another one.
            self._due.clear()
            try:
                done = await self._db.scrub()
            except Exception:
                log.exception("checkpointing the -wal failed; retrying")
                done = False
            if done:
                log.debug("-wal checkpointed and truncated")
            else:
                log.warning("the -wal could not be truncated (a reader is open); retrying")
                self._due.set()
