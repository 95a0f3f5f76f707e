"""Who administers the staff group: learnt from chat_member updates, else asked at most once
per person per expiry, never once per message."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

# (chat, user) -> whether they are an administrator; None when Telegram could not say.
Lookup = Callable[[int, int], Awaitable[bool | None]]
ADMIN_STATUSES = frozenset({"creator", "administrator"})


class StaffMembers:
    def __init__(self, lookup: Lookup, ttl: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._lookup = lookup
        self._ttl = ttl
        self._clock = clock
        self._known: dict[tuple[int, int], tuple[bool, float]] = {}

    async def is_admin(self, chat_id: int, user_id: int) -> bool:
        known = self._known.get((chat_id, user_id))
        if known is not None and known[1] > self._clock():
            return known[0]
        admin = await self._lookup(chat_id, user_id)
        if admin is None:  # not kept: the next message asks again
            return False
        self._known[(chat_id, user_id)] = (admin, self._clock() + self._ttl)
        return admin

    def observe(self, chat_id: int, user_id: int, status: str) -> None:
        """A chat_member update: the new status holds from now."""
        self._known[(chat_id, user_id)] = (status in ADMIN_STATUSES, self._clock() + self._ttl)
