"""The outbox sender paces sends the way Telegram asks, replies before broadcasts."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from telegram.error import ChatMigrated, RetryAfter

from bot.outbox_sender import OutboxSender
from bot.pace import ChatPace
from flows.dialogues.engine import queue
from flows.replies import CallbackAnswer, Choice, Message
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
        for i in range(320):  # the first second's 200 go at once, the rest wait their turn
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


class RefusingFirstText(Clocked):
    """Telegram saying 'wait' to the first text message, as a 429 does."""

    def __init__(self) -> None:
        super().__init__()
        self.refused = False
        self.photos = 0

    async def deliver(self, message: Message) -> int | None:
        if message.photo:
            self.photos += 1
        elif not self.refused:
            self.refused = True
            raise RetryAfter(0)
        return await super().deliver(message)


async def test_a_photo_whose_text_overflows_its_caption_is_sent_once_when_telegram_says_wait(
        tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "c.sqlite3")
    long_text = "Projet très détaillé. " * 60  # over the 1024 characters of a caption
    async with db.transaction() as uow:
        await queue(uow, [Message(7, long_text, ((Choice("OK", "ok"),),), photo="file-1")])
    transport = RefusingFirstText()
    sender = OutboxSender(db, transport)
    await sender.drain()
    await sender.drain()
    assert transport.photos == 1
    assert [text for _, text in transport.sent] == ["", long_text]
    await db.close()


class MigratedGroup(Clocked):
    """Telegram answering for a group that became a supergroup: 400 with its new id."""

    async def deliver(self, message: Message) -> int | None:
        if message.chat_id == -42:
            raise ChatMigrated(-100_42)
        return await super().deliver(message)


async def test_a_message_to_a_group_upgraded_to_a_supergroup_goes_to_its_new_id(
        tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "m.sqlite3")
    async with db.transaction() as uow:
        await uow.outbox.put(Message(-42, "Nouvelle proposition", tag="alert:1"))
    transport = MigratedGroup()
    await OutboxSender(db, transport).drain()
    assert [text for _, text in transport.sent] == ["Nouvelle proposition"]
    async with db.transaction() as uow:
        assert await uow.outbox.message_id("alert:1") == (-100_42, 1)
    await db.close()


class GroupSaysWait(Clocked):
    """Telegram telling the bot to wait 30 s before writing to the staff group again."""

    async def deliver(self, message: Message) -> int | None:
        if message.chat_id < 0:
            raise RetryAfter(30)
        return await super().deliver(message)


async def test_a_group_told_to_wait_holds_only_itself(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "w.sqlite3")
    async with db.transaction() as uow:
        await uow.outbox.put(Message(-100_5, "pour l'équipe"))
        await uow.outbox.put(Message(-100_5, "encore pour l'équipe"))
        await uow.outbox.put(Message(7, "pour Marie"))
    transport = GroupSaysWait()
    sender = OutboxSender(db, transport, per_chat=ChatPace(), max_in_flight=8)
    assert await sender.drain() == 1
    assert [text for _, text in transport.sent] == ["pour Marie"]
    async with db.transaction() as uow:
        assert await uow.outbox.count_pending() == 2  # kept, in order, for after the wait
    await db.close()


async def test_a_chat_gets_no_more_new_messages_than_its_window_allows(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "q.sqlite3")
    async with db.transaction() as uow:
        for i in range(6):
            await uow.outbox.put(Message(7, f"message {i}"))
    transport = Clocked()
    pace = ChatPace(private_count=2, private_seconds=0.5)
    await OutboxSender(db, transport, per_chat=pace, max_in_flight=8).drain()
    times = [at for at, _ in transport.sent]
    assert [text for _, text in transport.sent] == [f"message {i}" for i in range(6)]
    assert all(times[i + 2] - times[i] >= 0.5 - 0.01 for i in range(len(times) - 2))
    await db.close()
