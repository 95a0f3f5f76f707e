"""Telegram's sending limits, kept by the whole cluster through the outbox's claim."""

from __future__ import annotations

import math
from dataclasses import dataclass

from storage.outbox import Limits


@dataclass(frozen=True)
class ChatPace:
    """Per-chat limits: Telegram asks for about one message a second in a chat (short bursts
    allowed) and at most 20 a minute in a group."""

    private_count: int = 4
    private_seconds: float = 4.0
    group_count: int = 20
    group_seconds: float = 60.0


TELEGRAM_CHAT_PACE = ChatPace()


def limits(per_second: float, per_chat: ChatPace | None) -> Limits | None:
    """What the claim keeps to: `per_second` in all (infinite: unpaced, for benchmarks) and,
    with `per_chat`, each chat's own window. None when nothing is paced."""
    if not math.isfinite(per_second):
        return None
    if per_chat is None:
        return Limits(max(1, round(per_second)))
    return Limits(max(1, round(per_second)),
                  (per_chat.private_count, per_chat.private_seconds),
                  (per_chat.group_count, per_chat.group_seconds))
