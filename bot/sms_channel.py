"""Voting by plain SMS in a running bot: Kannel's messages in, the SMS dialogue, replies out."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.chat_queues import ChatQueues
from bot.jobs import cut_off
from bot.sms_inbound import MobileOriginated, SmsReceiver
from bot.sms_sender import SmsReplySender
from flows.dialogues.context import Deps
from flows.dialogues.sms.dialogue import RepliesCapped, on_failure, on_sms
from flows.domain.phones import PhoneError, parse_mobile
from flows.domain.sealing import SealError, seal, unseal
from flows.domain.verification import keyed_hash
from flows.sms import SmsGateway
from storage.backend import AnyDatabase
from storage.inbox import Received

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class SmsInbound:
    """Where Kannel's get-url reaches us, and the secret it carries."""

    listen: str
    port: int
    path: str
    secret: str


def network_number(sender: str, regions: list[str]) -> str | None:
    """The sender's number in E.164 if it is a mobile that may vote, else None (a short code,
    a landline, a name like "Orange", a foreign mobile: no reply is spent on those)."""
    digits = sender.strip()
    if digits.isdigit() and not digits.startswith("0") and len(digits) >= 10:
        digits = "+" + digits  # international form without the "+", as many SMSCs give it
    elif digits.startswith("00"):
        digits = "+" + digits[2:]
    try:
        return parse_mobile(digits, regions)
    except PhoneError:
        return None


class SmsListenError(OSError):
    """The SMS endpoint's port cannot be bound (in use, not allowed)."""


class SmsChannel:
    """Owns the endpoint, a queue per sender (their messages in order) and the reply sender."""

    def __init__(self, inbound: SmsInbound | None, gateway: SmsGateway, clock: Clock) -> None:
        self.inbound = inbound
        self.gateway = gateway
        self.clock = clock
        self.db: AnyDatabase | None = None
        self.deps: Deps | None = None
        self.sender: SmsReplySender | None = None
        self.receiver: SmsReceiver | None = None
        self.queues = ChatQueues(self.handle)

    async def start(self, db: AnyDatabase, deps: Deps,
                    after_secret: Callable[[], None] | None = None) -> None:
        """Resume what the inbox kept, start sending replies, then listen (if configured)."""
        self.db, self.deps = db, deps
        self.sender = SmsReplySender(db, self.gateway, deps.phone_key, after_secret)
        await self.sender.recover(cut_off(db, time.time()))
        self.sender.start()
        async with db.transaction() as uow:
            waiting = await uow.sms_inbox.waiting()
        for item in waiting:
            self.queues.submit(self._queued(item.id, item.sender, item.text, item.received_at))
        if self.inbound is not None:
            self.receiver = SmsReceiver(self.inbound.listen, self.inbound.port,
                                        self.inbound.path, self.inbound.secret, self.accept)
            try:
                self.receiver.start()
            except OSError as exc:
                where = f"{self.inbound.listen}:{self.inbound.port}"
                raise SmsListenError(exc.errno, f"{where}: {exc.strerror}") from None

    async def stop(self) -> None:
        if self.receiver is not None:
            await self.receiver.stop()
        await self.queues.stop()
        if self.sender is not None:
            await self.sender.stop()

    def _queued(self, sms_id: int, sealed: str, text: str, at: float) -> Received:
        assert self.deps is not None
        try:
            number = unseal(self.deps.phone_key, sealed)
        except SealError:
            number = sealed
        # One queue per sender: their messages are handled in the order they came.
        key = int(keyed_hash(self.deps.phone_key, "sms-queue", number)[:12], 16)
        return sms_id, key, json.dumps({"sender": sealed, "text": text, "at": at})

    async def accept(self, message: MobileOriginated) -> None:
        """Commit the message to the SMS inbox (Kannel is answered next), then queue it.

        A repeat of a message already kept (Kannel's retry, same %I) changes nothing."""
        assert self.db is not None and self.deps is not None
        number = network_number(message.sender, self.deps.campaign.phone_regions())
        if number is None:
            log.info("an SMS from a sender that cannot vote was ignored")
            return
        key = self.deps.phone_key
        identity = message.message_id or f"{number}|{message.time}|{message.text}"
        now = self.clock()
        async with self.db.transaction() as uow:
            kept = await uow.sms_inbox.add(keyed_hash(key, "mo", identity), seal(key, number),
                                           message.text, now.timestamp(),
                                           now.date().isoformat())
        if kept is not None:
            self.queues.submit(self._queued(kept.id, kept.sender, kept.text, kept.received_at))

    async def handle(self, received: Received) -> None:
        """One message, in one transaction that also takes it out of the inbox."""
        assert self.db is not None and self.deps is not None and self.sender is not None
        sms_id, _, payload = received
        data = json.loads(payload)
        try:
            number = unseal(self.deps.phone_key, str(data["sender"]))
        except SealError:
            log.warning("SMS %d was sealed with another key; dropped", sms_id)
            async with self.db.transaction() as uow:
                await uow.sms_inbox.remove(sms_id)
            return
        try:
            async with self.db.transaction() as uow:
                await on_sms(self.deps, uow, number, str(data["text"]), self.clock())
                await uow.sms_inbox.remove(sms_id)
        except RepliesCapped:  # the day's SMS budget is spent: nothing done, nothing said
            log.warning("SMS %d not handled: the campaign's SMS cap leaves no room to answer",
                        sms_id)
            async with self.db.transaction() as uow:
                await uow.sms_inbox.remove(sms_id)
        except Exception:  # not tried again (it would fail at every start); the sender is told
            log.exception("SMS %d failed; dropped", sms_id)
            async with self.db.transaction() as uow:
                await uow.sms_inbox.remove(sms_id)
                await on_failure(self.deps, uow, number, self.clock())
        self.sender.wake()
