"""One queue per chat: a chat's updates one after the other, different chats side by side."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

from storage.inbox import Received

log = logging.getLogger(__name__)

Handle = Callable[[Received], Awaitable[None]]


class ChatQueues:
    """A worker per chat with updates waiting; a slow chat (a network call, a wait) holds
    only itself. The database still takes one short transaction at a time."""

    def __init__(self, handle: Handle) -> None:
        self._handle = handle
        self._queues: dict[int, deque[Received]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}

    def submit(self, received: Received) -> None:
        key = received[1]
        queue = self._queues.get(key)
        if queue is None:
            queue = self._queues[key] = deque()
            self._workers[key] = asyncio.create_task(self._work(key, queue), name=f"chat-{key}")
        queue.append(received)

    @property
    def waiting(self) -> int:
        return sum(len(q) for q in self._queues.values())

    async def _work(self, key: int, queue: deque[Received]) -> None:
        try:
            while queue:
                try:
                    await self._handle(queue[0])
                except asyncio.CancelledError:
                    raise
                except Exception:  # the update stays in the inbox; the chat goes on
                    log.exception("update %d failed", queue[0][0])
                if queue:
                    queue.popleft()
        finally:
            # No await between the loop's last check and here: nothing can be queued unseen.
            del self._queues[key]
            del self._workers[key]

    async def stop(self, timeout: float = 10.0) -> None:
        """Finish the update each chat is on; the rest stay in the inbox for the next start."""
        for queue in self._queues.values():
            while len(queue) > 1:
                queue.pop()
        workers = set(self._workers.values())
        if not workers:
            return
        _, late = await asyncio.wait(workers, timeout=timeout)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
