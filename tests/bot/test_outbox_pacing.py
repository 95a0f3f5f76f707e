"""The outbox sender paces sends the way Telegram asks, replies before broadcasts."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bot.outbox_sender import OutboxSender
from flows.replies import CallbackAnswer, Message
from storage.db import Database


class Clocked:
    """A transport noting when each message left."""

    def __init__(self) -> None:
        self.sent: list[tuple[float, str]] = []

    async def deliver(self, message: Message) -> int | None:
        self.sent.append((time.monotonic(), message.text))
        return len(self.sent)

    async def answer(self, answer: CallbackAnswer) -> None:
        return None


async def test_a_broadcast_goes_out_at_no_more_than_25_messages_a_second(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "o.sqlite3")
    async with db.transaction() as uow:
        for i in range(51):
            await uow.outbox.put(Message(1000 + i, f"notice {i}", priority=10))
    transport = Clocked()
    await OutboxSender(db, transport, per_second=25).drain()
    assert len(transport.sent) == 51
    span = transport.sent[-1][0] - transport.sent[0][0]
    assert span >= 50 / 25 - 0.01  # 50 intervals of 40 ms at least
    await db.close()


async def test_a_reply_queued_during_a_broadcast_overtakes_it(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "p.sqlite3")
    async with db.transaction() as uow:
        for i in range(120):
            await uow.outbox.put(Message(2000 + i, f"notice {i}", priority=10))
    transport = Clocked()
    sender = OutboxSender(db, transport, per_second=200)
    draining = asyncio.create_task(sender.drain())
    await asyncio.sleep(0.1)
    async with db.transaction() as uow:
        await uow.outbox.put(Message(42, "your answer"))
    await draining
    order = [text for _, text in transport.sent]
    assert order.index("your answer") < len(order) - 20  # not left behind the whole queue
    await db.close()
