"""Turns the notices recorded with each change into messages, one channel at a time (Telegram
outbox rows today; an SMS channel plugs in the same way). Claiming a notice and writing its
messages happen in one transaction: a crash in between loses nothing and doubles nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from flows.domain.notices import Notice
from flows.ports import UnitOfWork
from flows.services.scope import Scope

BATCH = 100


class Channel(Protocol):
    """One way of reaching people; it ignores the notices that concern none of its users."""

    async def deliver(self, uow: UnitOfWork, scope: Scope, notice: Notice) -> int:
        """Queue the messages a notice means on this channel; how many."""
        ...


async def notify(uow: UnitOfWork, scope: Scope, channels: Sequence[Channel]) -> int:
    """Every notice waiting, through every channel; the number of messages queued."""
    queued = 0
    while notices := await uow.notices.claim(BATCH):
        for notice in notices:
            for channel in channels:
                queued += await channel.deliver(uow, scope, notice)
    return queued
