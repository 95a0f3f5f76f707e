"""Drains the outbox at a pace Telegram accepts, retrying when told to wait."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
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

from bot.transport import Transport
from flows.replies import Message
from storage.db import Database

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


def wait_seconds(exc: RetryAfter) -> float:
    """How long Telegram asks to wait, whichever type this PTB version gives it."""
    with warnings.catch_warnings():  # PTB 22 warns that the int will become a timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return float(value if isinstance(value, int | float) else value.total_seconds())


class OutboxSender:
    """One task sends everything, replies first; ~25 messages a second overall."""

    def __init__(self, db: Database, transport: Transport, per_second: float = 25.0,
                 after_secret: Callable[[], None] | None = None) -> None:
        """`after_secret` is called once a message marked secret (a receipt) left the outbox."""
        self._db = db
        self._after_secret = after_secret
        self._transport = transport
        self._interval = 1.0 / per_second
        self._wake = asyncio.Event()
        self._next_slot = 0.0
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-sender")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                await self.drain()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox drain failed; retrying")
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancel that
            # lands just after the wake event fired, and stop() would then wait forever.
            try:
                async with asyncio.timeout(1.0):
                    await self._wake.wait()
            except TimeoutError:
                pass
            self._wake.clear()

    async def drain(self) -> int:
        """Send what is due now; returns how many went out."""
        sent = 0
        while True:
            async with self._db.transaction() as uow:
                batch = await uow.outbox.pending(time.time())
            if not batch:
                return sent
            for outbox_id, message, attempts in batch:
                await self._pace()
                if not await self._send_one(outbox_id, message, attempts):
                    return sent
                sent += 1

    async def _pace(self) -> None:
        now = time.monotonic()
        if self._next_slot > now:
            await asyncio.sleep(self._next_slot - now)
        self._next_slot = max(now, self._next_slot) + self._interval

    async def _deliver(self, message: Message) -> tuple[int, int | None]:
        """Deliver, following a group Telegram upgraded to a supergroup; (chat, message id)."""
        try:
            return message.chat_id, await self._transport.deliver(message)
        except ChatMigrated as exc:
            if message.edit_message_id is not None:
                raise  # its messages did not move with it: nothing to edit there
            moved = replace(message, chat_id=exc.new_chat_id)
            return moved.chat_id, await self._transport.deliver(moved)

    async def _send_one(self, outbox_id: int, message: Message, attempts: int) -> bool:
        """Deliver one message; False when Telegram asks everyone to wait."""
        try:
            chat_id, message_id = await self._deliver(message)
        except RetryAfter as exc:
            delay = wait_seconds(exc)
            log.warning("Telegram asks to wait %.0f s", delay)
            async with self._db.transaction() as uow:
                await uow.outbox.postpone(outbox_id, time.time() + delay)
            self._next_slot = time.monotonic() + delay
            return False
        except (BadRequest, Forbidden) as exc:
            log.warning("message %d dropped: %s", outbox_id, exc.message)
            async with self._db.transaction() as uow:
                await uow.outbox.mark_failed(outbox_id, exc.message)
            self._gone(message)
            return True
        except NetworkError as exc:
            async with self._db.transaction() as uow:
                if attempts + 1 >= MAX_ATTEMPTS:
                    await uow.outbox.mark_failed(outbox_id, str(exc))
                else:
                    await uow.outbox.postpone(outbox_id, time.time() + 2 ** attempts)
            return True
        except TelegramError as exc:
            log.warning("message %d dropped: %s", outbox_id, exc.message)
            async with self._db.transaction() as uow:
                await uow.outbox.mark_failed(outbox_id, exc.message)
            return True
        async with self._db.transaction() as uow:
            await uow.outbox.mark_sent(outbox_id, message.tag, chat_id, message_id)
        self._gone(message)
        return True

    def _gone(self, message: Message) -> None:
        if message.secret and self._after_secret is not None:
            self._after_secret()
