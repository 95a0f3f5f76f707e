"""Ending background tasks cleanly: a task left pending when the loop closes is reported on
stderr after our own last word, so every stop waits for what it cancels."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Collection
from typing import Any


async def cancel(task: asyncio.Task[Any] | None) -> None:
    """Cancel `task` (if any) and wait until it has stopped."""
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def settle(tasks: Collection[asyncio.Task[Any]], timeout: float) -> None:
    """Let `tasks` finish within `timeout` seconds; cancel the late ones and wait for them."""
    if not tasks:
        return
    _, late = await asyncio.wait(tasks, timeout=timeout)
    for task in late:
        task.cancel()
    await asyncio.gather(*late, return_exceptions=True)
