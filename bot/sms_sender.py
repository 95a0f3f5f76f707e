"""Sends the SMS outbox through the gateway: after the commit that queued each reply, and
never twice (a reply is marked 'sending' before it goes; one a stop cut off is dropped)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from bot.tasks import cancel
from flows.domain.gsm7 import encode
from flows.domain.sealing import SealError, unseal
from flows.sms import SmsError, SmsGateway
from storage.backend import AnyDatabase
from storage.sms_vote import QueuedSms

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
RETRY_SECONDS = 15.0


class SmsReplySender:
    """One reply at a time, in queue order; a refused send is tried again a few times."""

    def __init__(self, db: AnyDatabase, gateway: SmsGateway, phone_key: bytes,
                 after_secret: Callable[[], None] | None = None,
                 retry_seconds: float = RETRY_SECONDS) -> None:
        self._db = db
        self._gateway = gateway
        self._key = phone_key
        self._after_secret = after_secret
        self._retry = retry_seconds
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def recover(self, before: float | None = None) -> int:
        """At start, before sending: replies left at 'sending' by a stop are dropped (with
        `before`, only those at 'sending' since before then: others may be on their way)."""
        async with self._db.transaction() as uow:
            dropped = await uow.sms_replies.abandon_sending(before)
        if dropped:
            log.warning("%d SMS replies cut off by the last stop were not sent again",
                        len(dropped))
        return len(dropped)

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="sms-reply-sender")

    async def stop(self) -> None:
        await cancel(self._task)
        self._task = None

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self.drain()
                async with self._db.reading() as uow:
                    due = await uow.sms_replies.next_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("SMS outbox pass failed; retrying")
                due = None
            wait = 1.0 if due is None else min(1.0, max(0.05, due - time.time()))
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self._wake.wait()

    async def drain(self) -> int:
        """Send every reply due now; how many went out."""
        sent = 0
        while True:
            async with self._db.transaction() as uow:
                queued = await uow.sms_replies.claim(time.time())
            if queued is None:
                return sent
            sent += await self._send(queued)

    async def _send(self, queued: QueuedSms) -> int:
        try:
            number = unseal(self._key, queued.recipient)
        except SealError:
            log.warning("SMS reply %d was sealed with another key; dropped", queued.id)
            await self._finish(queued, delivered=False)
            return 0
        try:
            await self._gateway.send(number, encode(queued.text).text)
        except Exception as exc:  # the message or a traceback could quote number and text
            log.warning("SMS reply %d not taken by the gateway (%s)", queued.id,
                        type(exc).__name__ if not isinstance(exc, SmsError) else exc)
            if queued.attempts + 1 < MAX_ATTEMPTS:
                async with self._db.transaction() as uow:
                    await uow.sms_replies.retry(
                        queued.id, time.time() + self._retry * 2 ** queued.attempts)
            else:
                await self._finish(queued, delivered=False)
            return 0
        await self._finish(queued, delivered=True)
        if queued.secret and self._after_secret is not None:
            self._after_secret()
        return 1

    async def _finish(self, queued: QueuedSms, delivered: bool) -> None:
        async with self._db.transaction() as uow:
            await uow.sms_replies.sent(queued.id)
            if not delivered:  # it counts against no cap
                for log_id in queued.log_ids:
                    await uow.sms.set_status(log_id, "failed")
