"""Telegram's sending limits as sliding windows: at most `count` sends in any `seconds`."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass


class Window:
    """At most `count` sends in any span of `seconds` (a short burst, then the average)."""

    def __init__(self, count: int, seconds: float) -> None:
        self._count = count
        self._seconds = seconds
        self._times: deque[float] = deque()

    def ready_at(self, now: float) -> float:
        """When the next send may go: `now` if it may go at once."""
        while self._times and self._times[0] <= now - self._seconds:
            self._times.popleft()
        if len(self._times) < self._count:
            return now
        return self._times[0] + self._seconds

    def take(self, now: float) -> None:
        self._times.append(now)

    def idle(self, now: float) -> bool:
        """Nothing sent within the window: the window can be forgotten."""
        return not self._times or self._times[-1] <= now - self._seconds


@dataclass(frozen=True)
class ChatPace:
    """Per-chat limits: Telegram asks for about one message a second in a chat (short bursts
    allowed) and at most 20 a minute in a group."""

    private_count: int = 4
    private_seconds: float = 4.0
    group_count: int = 20
    group_seconds: float = 60.0

    def window(self, chat_id: int) -> Window:
        if chat_id < 0:
            return Window(self.group_count, self.group_seconds)
        return Window(self.private_count, self.private_seconds)


TELEGRAM_CHAT_PACE = ChatPace()
