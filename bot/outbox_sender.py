"""Drains the outbox at the pace Telegram accepts; a chat told to wait holds only itself."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
import warnings
from collections.abc import Callable
from dataclasses import replace

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.warnings import PTBDeprecationWarning

from bot.outage import when_back
from bot.pace import ChatPace, limits
from bot.tasks import cancel, settle
from bot.transport import Transport
from flows.replies import Message
from storage.backend import AnyDatabase
from storage.outbox import Claimed

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# A killed worker's rows go to the others after this; a live one renews its leases well
# before (a send can take the HTTP client's timeouts, over 10 s in the worst case).
LEASE_SECONDS = 9.0


def wait_seconds(exc: RetryAfter) -> float:
    """How long Telegram asks to wait, whichever type this PTB version gives it."""
    with warnings.catch_warnings():  # PTB 22 warns that the int will become a timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return float(value if isinstance(value, int | float) else value.total_seconds())


class OutboxSender:
    """Sends the outbox: chats in parallel, each chat in order, replies before broadcasts.

    Rows are claimed from the database with a lease (see the outbox's `claim`), so several
    workers on one database send each row once, and at a pace that is the cluster's: at most
    `per_second` messages in any second in all; with `per_chat`, each chat at Telegram's pace
    too. A chat told to wait (429) or failing holds only itself, on every worker. With
    `max_in_flight` 1 (the demo, tests) messages go one by one in queue order.

    A worker killed mid-send leaves its leased rows to the others once the lease is over:
    those (at most `max_in_flight`) may reach Telegram twice, since Telegram cannot tell us
    it got a message whose answer we lost. A live worker renews its leases while it waits."""

    def __init__(self, db: AnyDatabase, transport: Transport, per_second: float = 30.0,
                 per_chat: ChatPace | None = None, max_in_flight: int = 1,
                 after_secret: Callable[[], None] | None = None,
                 lease: float = LEASE_SECONDS) -> None:
        """`after_secret` is called once a message marked secret (a receipt) left the outbox."""
        self._db = db
        self._after_secret = after_secret
        self._transport = transport
        self._limits = limits(per_second, per_chat)
        self._max_in_flight = max_in_flight
        self._lease = lease
        self.worker = uuid.uuid4().hex  # this sender's name on the rows it leases
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._renewed = time.monotonic()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._sent = 0

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-sender")

    async def stop(self) -> None:
        await cancel(self._task)
        self._task = None
        # Let what is on the wire be recorded, not sent again.
        await settle(set(self._in_flight.values()), timeout=5)

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self._renew()
                _, pace = await self._start_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox pass failed; retrying")
                pace = 1.0
            # Rows put by other processes, and chats whose wait is over, are found within 1 s.
            timeout = min(pace, 1.0) if pace is not None else 1.0
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancel that
            # lands just after the wake event fired, and stop() would then wait forever.
            try:
                async with asyncio.timeout(max(timeout, 0.001)):
                    await self._wake.wait()
            except TimeoutError:
                pass

    async def drain(self) -> int:
        """Send what is due now, waiting for the pace but not for chats told to wait;
        returns how many went out."""
        before = self._sent
        while True:
            started, pace = await self._start_due()
            if self._in_flight:
                await asyncio.wait(set(self._in_flight.values()),
                                   return_when=asyncio.FIRST_COMPLETED)
            elif pace is not None:
                await asyncio.sleep(max(pace, 0.001))
            elif not started:
                return self._sent - before

    async def _renew(self) -> None:
        """Keep the leases of sends still on the wire, a third of a lease at a time."""
        now = time.monotonic()
        if not self._in_flight or now - self._renewed < self._lease / 3:
            return
        self._renewed = now
        async with self._db.by_itself() as uow:
            await uow.outbox.renew(self.worker, self._lease)

    async def _start_due(self) -> tuple[int, float | None]:
        """Claim and start sending each chat's next row that may go now; (how many started,
        seconds until the pace lets another go)."""
        room = self._max_in_flight - len(self._in_flight)
        if room <= 0:
            return 0, None  # a send ending wakes the sender
        async with self._db.by_itself() as uow:
            claimed, pace = await uow.outbox.claim(self.worker, room, self._limits, self._lease)
        if not self._in_flight:
            self._renewed = time.monotonic()
        for row in claimed:
            self._in_flight[row.chat_id] = asyncio.create_task(self._send(row))
        return len(claimed), pace

    async def _send(self, row: Claimed) -> None:
        try:
            await self._send_one(row.id, row.message, row.attempts)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("sending message %d failed", row.id)
        finally:
            self._in_flight.pop(row.chat_id, None)
            self._wake.set()

    async def _deliver(self, message: Message) -> tuple[int, int | None]:
        """Deliver, following a group Telegram upgraded to a supergroup; (chat, message id)."""
        try:
            return message.chat_id, await self._transport.deliver(message)
        except ChatMigrated as exc:
            if message.edit_message_id is not None:
                raise  # its messages did not move with it: nothing to edit there
            moved = replace(message, chat_id=exc.new_chat_id)
            return moved.chat_id, await self._transport.deliver(moved)

    async def _send_one(self, outbox_id: int, message: Message, attempts: int) -> None:
        """Deliver one message; a chat told to wait (429) or unreachable waits alone."""
        try:
            chat_id, message_id = await self._deliver(message)
        except RetryAfter as exc:
            delay = wait_seconds(exc)
            log.warning("Telegram asks to wait %.0f s before writing to that chat again", delay)
            async with self._db.transaction() as uow:
                await uow.outbox.postpone(outbox_id, time.time() + delay)
            return
        except (BadRequest, Forbidden) as exc:
            log.warning("message %d dropped: %s", outbox_id, exc.message)
            async with self._db.transaction() as uow:
                await uow.outbox.mark_failed(outbox_id, exc.message)
            self._gone(message)
            return
        except NetworkError as exc:
            async with self._db.transaction() as uow:
                if attempts + 1 >= MAX_ATTEMPTS:
                    await uow.outbox.mark_failed(outbox_id, str(exc))
                else:
                    await uow.outbox.postpone(outbox_id, time.time() + 2 ** attempts)
            return
        except TelegramError as exc:
            log.warning("message %d dropped: %s", outbox_id, exc.message)
            async with self._db.transaction() as uow:
                await uow.outbox.mark_failed(outbox_id, exc.message)
            return
        await self._delivered(outbox_id, message, chat_id, message_id)

    async def _delivered(self, outbox_id: int, message: Message, chat_id: int,
                         message_id: int | None) -> None:
        """Telegram has the message: the row goes (a resend after a crash is the only double)."""

        async def mark() -> None:
            async with self._db.by_itself() as uow:
                await uow.outbox.mark_sent(outbox_id, message.tag, chat_id, message_id)

        # Sent but not yet marked: while the database is restarting the chat stays in
        # flight (held), so that the row is not sent a second time once it is back.
        await when_back(mark, f"message {outbox_id}")
        self._sent += 1
        self._gone(message)

    def _gone(self, message: Message) -> None:
        if message.secret and self._after_secret is not None:
            self._after_secret()


