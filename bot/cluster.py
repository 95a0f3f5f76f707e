"""Several `budgetbot run` on one PostgreSQL database form one bot: each update is claimed by
one worker (a lease it renews while it works), one worker polls Telegram at a time, and the
webhook secret is the cluster's."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import secrets
import socket
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Protocol

from telegram import Bot

from bot.outage import when_back
from bot.tasks import cancel
from storage.backend import AnyDatabase
from storage.inbox import Received

log = logging.getLogger(__name__)

# A killed worker's updates go to the others once its lease runs out: LEASE + POLL_EVERY
# stays well under the 10 seconds allowed. Renewed every LEASE / 3 while work goes on.
LEASE = 6.0
POLL_EVERY = 0.5
# Updates a worker holds at once: enough to keep its chats busy, few enough to leave the
# rest of a burst to the other workers.
IN_HAND = 32
LEADER_RETRY = 2.0
SECRET_KEY = "webhook_secret"
REGISTERED_KEY = "webhook_registered"


def worker_id() -> str:
    """This process among the cluster's workers, as its leases name it."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class Claimer:
    """Claims waiting updates from the shared inbox and hands them to this worker's chat
    queues: at once when woken (this worker just stored an update), and every POLL_EVERY
    seconds for what other workers left (their lease ran out, or their chat was busy)."""

    def __init__(self, db: AnyDatabase, submit: Callable[[Received], None],
                 worker: str | None = None, lease: float = LEASE,
                 every: float = POLL_EVERY, in_hand: int = IN_HAND) -> None:
        self.worker = worker or worker_id()
        self._db = db
        self._submit = submit
        self._lease, self._every, self._in_hand = lease, every, in_hand
        self._held: set[int] = set()
        self._woken = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._claim_forever(), name="claims"),
                       asyncio.create_task(self._renew_forever(), name="leases")]

    def wake(self) -> None:
        self._woken.set()

    def done(self, update_id: int) -> None:
        """The update was handled (or given up): its chat's next one may be claimed."""
        self._held.discard(update_id)
        self._woken.set()

    async def stop(self) -> None:
        """Stop claiming; `release` once the chat queues have finished."""
        for task in self._tasks:
            await cancel(task)
        self._tasks = []

    async def release(self) -> None:
        """Hand back what this worker still holds, for the others to take at once."""
        try:
            async with self._db.transaction() as uow:
                await uow.inbox.release(self.worker)
        except Exception:  # the leases run out by themselves
            log.warning("could not hand back the updates this worker held")

    async def _claim_forever(self) -> None:
        while True:
            self._woken.clear()  # before claiming: a wake during the claim is not lost
            try:
                # An outage is waited out here (one warning, not a traceback a second).
                while await when_back(self._claim_some, "claiming updates"):
                    pass
            except Exception:
                log.exception("claiming updates failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._woken.wait(), self._every)

    async def _claim_some(self) -> bool:
        """Claim what room allows; True if the room was filled (there may be more)."""
        room = self._in_hand - len(self._held)
        if room <= 0:
            return False
        async with self._db.transaction() as uow:
            claimed = await uow.inbox.claim(self.worker, self._lease, room)
        for item in claimed:
            self._held.add(item[0])
            self._submit(item)
        return len(claimed) == room

    async def _renew_forever(self) -> None:
        while True:
            await asyncio.sleep(self._lease / 3)
            held = sorted(self._held)
            if not held:
                continue
            try:
                async with self._db.transaction() as uow:
                    await uow.inbox.renew(self.worker, held, self._lease)
            except Exception:
                log.exception("renewing the leases failed")


class Leader(Protocol):
    async def try_lead(self) -> bool: ...
    async def still_leading(self) -> bool: ...
    async def close(self) -> None: ...


async def poll_as_leader(leader: Leader, poll: Callable[[], Coroutine[Any, Any, None]],
                         retry: float = LEADER_RETRY) -> None:
    """Poll only while this worker holds the lead; the others try every `retry` seconds and
    one takes over once the leader's session is gone (killed, cut off). A new leader polls
    from Telegram's own offset: what the last one stored and did not confirm comes again and
    the inbox ignores it."""
    try:
        while True:
            try:
                leading = await leader.try_lead()
            except Exception as exc:
                log.warning("cannot reach the database to lead the polling (%s)", exc)
                leading = False
            if leading:
                log.info("this worker now polls Telegram for the cluster")
                await _poll_while_leading(leader, poll, retry)
                log.warning("this worker no longer polls Telegram; another may take over")
            await asyncio.sleep(retry)
    finally:
        await leader.close()


async def _poll_while_leading(leader: Leader, poll: Callable[[], Coroutine[Any, Any, None]],
                              every: float) -> None:
    polling: asyncio.Task[None] = asyncio.create_task(poll(), name="polling")
    try:
        while True:
            done, _ = await asyncio.wait({polling}, timeout=every)
            if done:
                polling.result()  # an error polling cannot get past (a revoked token)
                return
            if not await leader.still_leading():
                return
    finally:
        await cancel(polling)
        await leader.close()


async def shared_secret(db: AnyDatabase, given: str | None) -> str:
    """The webhook secret: the environment's, else the one the cluster's first worker drew
    and stored (every worker must accept what Telegram sends, whoever set the webhook)."""
    if given:
        return given
    async with db.transaction() as uow:
        await uow.settings.set_once(SECRET_KEY, secrets.token_urlsafe(32))
        stored = await uow.settings.get(SECRET_KEY)
    assert stored is not None
    return stored


async def register_webhook(bot: Bot, db: AnyDatabase, url: str, secret: str,
                           allowed: Sequence[str]) -> bool:
    """setWebhook, unless Telegram already has this URL and the database records that this
    very URL, secret and list were set: N workers starting do not call it N times. True if
    it was called."""
    mark = hashlib.sha256("\n".join([url, secret, *allowed]).encode()).hexdigest()
    info = await bot.get_webhook_info()
    async with db.transaction() as uow:
        registered = await uow.settings.get(REGISTERED_KEY)
    if info.url == url and registered == mark:
        log.info("the webhook is already set for the cluster")
        return False
    await bot.set_webhook(url, secret_token=secret, allowed_updates=list(allowed))
    async with db.transaction() as uow:
        await uow.settings.put(REGISTERED_KEY, mark)
    return True
