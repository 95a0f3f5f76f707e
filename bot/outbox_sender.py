"""Drains the outbox at the pace Telegram accepts; a chat told to wait holds only itself."""

from __future__ import annotations

import asyncio
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

from bot.outage import when_back
from bot.pace import ChatPace, Window
from bot.tasks import cancel, settle
from bot.transport import Transport
from flows.replies import Message
from storage.backend import AnyDatabase
from storage.outbox import Queued

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


def wait_seconds(exc: RetryAfter) -> float:
    """How long Telegram asks to wait, whichever type this PTB version gives it."""
    with warnings.catch_warnings():  # PTB 22 warns that the int will become a timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return float(value if isinstance(value, int | float) else value.total_seconds())


class OutboxSender:
    """Sends the outbox: chats in parallel, each chat in order, replies before broadcasts.

    Overall at most `per_second` messages in any second; with `per_chat`, each chat at
    Telegram's pace too. A chat told to wait (429) or failing holds only itself. With
    `max_in_flight` 1 (the demo, tests) messages go one by one in queue order."""

    def __init__(self, db: AnyDatabase, transport: Transport, per_second: float = 30.0,
                 per_chat: ChatPace | None = None, max_in_flight: int = 1,
                 after_secret: Callable[[], None] | None = None) -> None:
        """`after_secret` is called once a message marked secret (a receipt) left the outbox."""
        self._db = db
        self._after_secret = after_secret
        self._transport = transport
        self._overall = Window(max(1, round(per_second)), 1.0)
        self._per_chat = per_chat
        self._max_in_flight = max_in_flight
        self._windows: dict[int, Window] = {}
        self._held: dict[int, float] = {}  # chat -> monotonic time it may send again
        self._in_flight: dict[int, asyncio.Task[None]] = {}
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
                _, pace, hold = await self._start_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox pass failed; retrying")
                pace, hold = 1.0, None
            # Rows put by other means than a wake (another process) are found within 1 s.
            timeout = min(x for x in (pace, hold, 1.0) if x is not None)
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancel that
            # lands just after the wake event fired, and stop() would then wait forever.
            try:
                async with asyncio.timeout(timeout):
                    await self._wake.wait()
            except TimeoutError:
                pass

    async def drain(self) -> int:
        """Send what is due now, waiting for the pace but not for chats told to wait;
        returns how many went out."""
        before = self._sent
        while True:
            started, pace, _ = await self._start_due()
            if self._in_flight:
                await asyncio.wait(set(self._in_flight.values()),
                                   return_when=asyncio.FIRST_COMPLETED)
            elif pace is not None:
                await asyncio.sleep(pace)
            elif not started:
                return self._sent - before

    def _window(self, chat_id: int) -> Window | None:
        if self._per_chat is None:
            return None
        window = self._windows.get(chat_id)
        if window is None:
            window = self._windows[chat_id] = self._per_chat.window(chat_id)
        return window

    def _forget_idle(self, now: float) -> None:
        """Windows and holds that no longer restrain anything (bounded memory)."""
        if len(self._windows) > 1000:
            self._windows = {c: w for c, w in self._windows.items() if not w.idle(now)}
        self._held = {c: t for c, t in self._held.items() if t > now}

    async def _start_due(self) -> tuple[int, float | None, float | None]:
        """Start sending each chat's next row that may go now; (how many started, seconds
        until the pace lets another go, seconds until a chat told to wait may go)."""
        now, wall = time.monotonic(), time.time()
        self._forget_idle(now)
        busy = set(self._in_flight) | set(self._held)
        pace: float | None = None
        hold: float | None = None
        chosen: list[tuple[Queued, Message]] = []
        async with self._db.reading() as uow:
            seen: set[int] = set()
            for row in await uow.outbox.queued(200, busy):
                if row.chat_id in seen:  # a chat's rows go one after the other
                    continue
                seen.add(row.chat_id)
                if row.not_before > wall:  # postponed before a restart, or by a retry
                    self._held[row.chat_id] = now + row.not_before - wall
                    hold = _sooner(hold, row.not_before - wall)
                    continue
                if len(self._in_flight) + len(chosen) >= self._max_in_flight:
                    break  # a send ending wakes the sender
                if self._overall.ready_at(now) > now:
                    pace = _sooner(pace, self._overall.ready_at(now) - now)
                    break
                message = await uow.outbox.message(row.id)
                if message is None:
                    continue
                # The per-chat limit is on new messages; an edit (buttons taken off the
                # message just tapped) counts only towards the overall pace.
                window = self._window(row.chat_id) if message.edit_message_id is None else None
                if window is not None and window.ready_at(now) > now:
                    pace = _sooner(pace, window.ready_at(now) - now)
                    continue
                self._overall.take(now)
                if window is not None:
                    window.take(now)
                chosen.append((row, message))
        for row, message in chosen:
            self._in_flight[row.chat_id] = asyncio.create_task(self._send(row, message))
        return len(chosen), pace, hold

    async def _send(self, row: Queued, message: Message) -> None:
        try:
            await self._send_one(row.id, message, row.attempts)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("sending message %d failed", row.id)
        finally:
            self._in_flight.pop(row.chat_id, None)
            self._wake.set()

    def _hold(self, chat_id: int, seconds: float) -> None:
        self._held[chat_id] = time.monotonic() + seconds

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
            self._hold(message.chat_id, delay)
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
            if attempts + 1 < MAX_ATTEMPTS:
                self._hold(message.chat_id, 2 ** attempts)
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


def _sooner(current: float | None, candidate: float) -> float:
    return candidate if current is None else min(current, candidate)
