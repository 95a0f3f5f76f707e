"""Wiring: the campaign, the database and the flows behind our own Telegram receivers.

An update is acknowledged to Telegram (the next getUpdates offset, the webhook's 200) only
once it is committed to the inbox; it leaves the inbox in the transaction that handles it."""

from __future__ import annotations

import asyncio
import json
import logging
import math
import signal
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram import Bot, BotCommand, Update
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.request import HTTPXRequest

from bot.campaign_rows import adopt_legacy
from bot.chat_queues import ChatQueues
from bot.cluster import Claimer, poll_as_leader, register_webhook, shared_secret
from bot.convert import to_event
from bot.effects import perform, resolve_interrupted_sms
from bot.jobs import TICK, TICK_EVERY, Jobs, cut_off
from bot.legacy import adopt_legacy as adopt_legacy_of
from bot.outage import when_back
from bot.outbox_sender import OutboxSender
from bot.pace import TELEGRAM_CHAT_PACE
from bot.polling import Poller
from bot.scrubber import DEFAULT_WINDOW, Scrubber
from bot.sms_channel import SmsChannel, SmsInbound
from bot.staff_members import StaffMembers
from bot.tasks import cancel, settle
from bot.transport import TelegramTransport
from bot.webhook import WebhookReceiver
from bot.wiring import Wiring
from flows.dialogues import campaign_choice, staffchat
from flows.dialogues.campaign_choice import Routed
from flows.dialogues.context import Deps
from flows.dialogues.engine import on_tick
from flows.events import Incoming, Sender
from flows.i18n import t
from flows.ports import UnitOfWork
from flows.replies import Message, StaffChatMoved
from flows.services.campaigns import Campaigns
from flows.sms import SmsGateway
from storage.backend import AnyDatabase, is_postgres, open_database
from storage.inbox import Received

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]

COMMANDS = {
    "fr": [("start", "Menu"), ("proposer", "Proposer un projet"), ("voter", "Voter"),
           ("mesprojets", "Mes projets"), ("projets", "Voir les projets"),
           ("realisations", "Les réalisations"), ("mesdonnees", "Mes données"),
           ("aide", "Aide"), ("annuler", "Tout annuler")],
    "en": [("start", "Menu"), ("proposer", "Propose a project"), ("voter", "Vote"),
           ("mesprojets", "My projects"), ("projets", "See the projects"),
           ("achievements", "Achievements"), ("mesdonnees", "My data"),
           ("aide", "Help"), ("annuler", "Cancel")],
}
# Offered only when the bot serves several campaigns.
SEVERAL_CAMPAIGNS_COMMANDS = {"fr": [("campagne", "Changer de budget participatif")],
                              "en": [("campaign", "Switch participatory budget")]}
# chat_member keeps the staff cache fresh; Telegram sends it only when asked for by name.
ALLOWED_UPDATES = ("message", "callback_query", "chat_member")
MESSAGES_PER_SECOND = 30.0  # Telegram's bulk limit, all chats together
# Enough sends side by side for 30 a second at Telegram's ~0.1 s a call; few enough that a
# crash can resend only these (Telegram cannot tell us it got a message whose answer we lost).
SENDS_IN_FLIGHT = 8


def utc_now() -> datetime:
    return datetime.now(UTC)


class Runtime:
    """Per-process state of a running bot: database, inbox, chat queues, outbox sender."""

    def __init__(self, deps: Deps, db_path: str | Path, gateway: SmsGateway,
                 clock: Clock = utc_now, secrecy_window: float = DEFAULT_WINDOW,
                 per_second: float = MESSAGES_PER_SECOND,
                 sms_inbound: SmsInbound | None = None,
                 campaigns: Campaigns[Deps] | None = None,
                 gateways: Mapping[str, SmsGateway] | None = None) -> None:
        self.deps = deps  # the campaign voting by plain SMS, or the only one
        # Every campaign served; each update goes to one (flows/dialogues/campaign_choice.py).
        self.campaigns = campaigns if campaigns is not None else Campaigns.of([deps])
        self.gateways = dict(gateways or {})
        # Voting by plain SMS: Kannel's messages in (if configured), replies out.
        self.sms = SmsChannel(sms_inbound, gateway, clock)
        self.secrecy_window = secrecy_window
        self.scrubber: Scrubber | None = None
        self.per_second = per_second
        self.gateway = gateway
        self.db_path = db_path
        self.clock = clock
        self.db: AnyDatabase | None = None
        self.bot: Bot | None = None
        self.sender: OutboxSender | None = None
        self.transport: TelegramTransport | None = None
        self.ticker: asyncio.Task[None] | None = None
        self.tasks: set[asyncio.Task[None]] = set()
        self.queues = ChatQueues(self._handle_queued)
        # On PostgreSQL several workers share the inbox: updates are claimed, not owned.
        self.claimer: Claimer | None = None
        self.members = StaffMembers(self._lookup_admin)

    async def start(self, bot: Bot) -> None:
        self.bot = bot
        self.db = await open_database(self.db_path)
        if len(self.campaigns) > 1:  # the legacy rows go to the campaign of their references
            await adopt_legacy_of(self.db, self.campaigns)
        else:
            await adopt_legacy(self.db, self.deps.campaign.id)  # the one campaign served
        if is_postgres(self.db_path):
            self.claimer = Claimer(self.db, self.queues.submit)
        async with self.db.transaction() as uow:
            for deps in self.campaigns:
                self._follow(await staffchat.current(deps, uow.in_campaign(deps.campaign.id)))
        for deps in self.campaigns:
            await resolve_interrupted_sms(self.db, deps, self.clock,
                                          cut_off(self.db, self.clock().timestamp()))
        self.transport = TelegramTransport(bot)
        self.scrubber = Scrubber(self.db, self.secrecy_window)
        self.scrubber.start()
        await self.sms.start(self.db, self.deps, self.scrubber.soon)
        paced = math.isfinite(self.per_second)  # unpaced: benchmarks only (BUDGETBOT_PACING)
        self.sender = OutboxSender(self.db, self.transport, self.per_second,
                                   per_chat=TELEGRAM_CHAT_PACE if paced else None,
                                   max_in_flight=SENDS_IN_FLIGHT,
                                   after_secret=self.scrubber.soon)
        self.sender.start()
        self.ticker = asyncio.create_task(self._tick_forever(), name="phase-ticker")
        await self._set_commands(bot)

    async def resume(self) -> int:
        """Queue what the inbox kept from before a stop or a crash; how many updates."""
        assert self.db is not None
        if self.claimer is not None:  # whatever waits is claimed like any other update
            self.claimer.start()
            return 0
        async with self.db.transaction() as uow:
            waiting = await uow.inbox.waiting()
        for item in waiting:
            self.queues.submit(item)
        if waiting:
            log.info("%d updates received before the restart are handled first", len(waiting))
        return len(waiting)

    async def accept(self, batch: Sequence[Received]) -> None:
        """Commit updates to the inbox (the caller then acknowledges them), then queue them."""
        assert self.db is not None
        async with self.db.transaction() as uow:
            added = await uow.inbox.add(batch)
        if self.claimer is not None:
            if added:
                self.claimer.wake()
            return
        for item in added:
            self.queues.submit(item)

    async def _tick_forever(self, every: float = TICK_EVERY) -> None:
        """Phase changes by the calendar (the vote announced when its date comes) and the
        purges: by one worker of the cluster each period (bot/jobs.py)."""
        assert self.db is not None
        jobs = Jobs(self.db)
        period = 0.0  # at start, tick at once (after any other worker's tick, never beside it)
        while True:
            try:
                assert self.sender is not None
                if await jobs.run_once(TICK, period, self._tick):
                    self.sender.wake()
                await jobs.maintain(self.clock())
                await jobs.resolve_cut_off_sms(self.campaigns, self.clock())
            except Exception:
                log.exception("phase tick failed")
            period = every
            await asyncio.sleep(every)

    async def _tick(self, uow: UnitOfWork) -> None:
        """Every campaign's phase changes by the calendar, then new campaigns announced."""
        for deps in self.campaigns:
            await on_tick(deps, uow, self.clock())
        await campaign_choice.announce_openings(self.campaigns, uow, self.clock())

    async def stop(self) -> None:
        await self.sms.stop()
        if self.claimer is not None:
            await self.claimer.stop()
        await self.queues.stop()
        if self.claimer is not None:
            await self.claimer.release()
        await cancel(self.ticker)
        self.ticker = None
        # Codes being sent: let them finish and be recorded; a gateway that hangs must not
        # hold the shutdown.
        await settle(self.tasks, timeout=15)
        if self.sender is not None:
            await self.sender.stop()
        if self.transport is not None:
            await self.transport.close()
        if self.scrubber is not None:
            await self.scrubber.stop()
        if self.db is not None:
            await self.db.close()

    async def _set_commands(self, bot: Bot) -> None:
        several = SEVERAL_CAMPAIGNS_COMMANDS if len(self.campaigns) > 1 else {}
        try:
            for lang, commands in COMMANDS.items():
                commands = [*commands, *several.get(lang, [])]
                await bot.set_my_commands([BotCommand(c, d) for c, d in commands],
                                          language_code=None if lang == "fr" else lang)
        except TelegramError as exc:
            log.warning("could not set the command menu: %s", exc)

    async def _lookup_admin(self, chat_id: int, user_id: int) -> bool | None:
        assert self.bot is not None
        try:
            member = await self.bot.get_chat_member(chat_id, user_id)
        except TelegramError as exc:
            log.warning("could not check a staff member: %s", exc)
            return None
        return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)

    async def _is_staff(self, deps: Deps, user_id: int) -> bool:
        if user_id in deps.campaign.staff.user_ids:
            return True
        return await self.members.is_admin(deps.campaign.staff.chat_id, user_id)

    def _follow(self, deps: Deps) -> None:
        """The campaign's dependencies as they are now (e.g. its staff group moved)."""
        self.campaigns = self.campaigns.replaced(deps)
        if deps.campaign.id == self.deps.campaign.id:
            self.deps = deps

    async def _handle_queued(self, received: Received) -> None:
        try:
            await self.handle(received)
        finally:
            if self.claimer is not None:
                self.claimer.done(received[0])

    async def handle(self, received: Received) -> None:
        """One update of one chat, in one transaction that also takes it out of the inbox."""
        assert self.db is not None and self.bot is not None
        update_id, _, payload = received
        try:
            update = Update.de_json(json.loads(payload), self.bot)
        except Exception:
            log.warning("update %d could not be read; dropped", update_id)
            await self._drop(update_id)
            return
        if update.chat_member is not None:
            changed = update.chat_member
            self.members.observe(changed.chat.id, changed.new_chat_member.user.id,
                                 changed.new_chat_member.status)
        event = to_event(update, self.bot.username)
        if event is None:
            await self._drop(update_id)
            return
        sender, action = event
        staff_of = self.campaigns.by_staff_chat(sender.chat_id)
        if staff_of is not None:
            sender = replace(sender, is_staff=await self._is_staff(staff_of, sender.user_id))
        db = self.db

        async def step() -> Routed:
            async with db.transaction() as uow:
                done = await campaign_choice.dispatch(
                    self.campaigns, uow, Incoming(update_id, sender, action, self.clock()))
                await uow.inbox.remove(update_id)
            return done

        try:
            # The database unreachable (restarting): the update stays in the inbox and in
            # its chat's queue, ahead of that chat's next ones, and is answered once it is
            # back; only a failure of the update itself is given up on.
            routed = await when_back(step, f"update {update_id}")
        except Exception:
            log.exception("update %d failed", update_id)
            await when_back(lambda: self._give_up(update_id, sender), f"update {update_id}")
            return
        assert self.transport is not None and self.sender is not None
        deps, effects = routed.deps or self.deps, routed.effects
        for moved in (e for e in effects if isinstance(e, StaffChatMoved)):
            log.warning("the staff group is now chat %d: put it in the campaign file's [staff] "
                        "chat_id", moved.chat_id)
            deps = staffchat.moved_to(deps, moved.chat_id)
            self._follow(deps)
        self.sender.wake()
        await perform(effects, self.transport, self.gateways.get(deps.campaign.id, self.gateway),
                      self.db, deps, self.clock, background=self._in_background)

    async def _drop(self, update_id: int) -> None:
        assert self.db is not None
        async with self.db.transaction() as uow:
            await uow.inbox.remove(update_id)

    async def _give_up(self, update_id: int, sender: Sender) -> None:
        """A failed update is not tried again; a private-chat user is told kindly."""
        assert self.db is not None and self.sender is not None
        async with self.db.transaction() as uow:
            await uow.updates.first_time(update_id, self.clock())
            await uow.inbox.remove(update_id)
            if sender.private:
                await uow.outbox.put(Message(sender.chat_id,
                                             t(sender.language, "internal_error")))
        self.sender.wake()

    def _in_background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(self._then_wake(work))
        self.tasks.add(task)  # asyncio keeps only weak references to tasks
        task.add_done_callback(self.tasks.discard)

    async def _then_wake(self, work: Coroutine[Any, Any, None]) -> None:
        try:
            await work
        except Exception:
            log.exception("sending an SMS failed")
        if self.sender is not None:
            self.sender.wake()


@dataclass(frozen=True)
class WebhookSettings:
    """Where Telegram POSTs updates (`url`) and where we listen for them."""

    url: str
    listen: str
    port: int
    path: str
    secret: str | None  # None: the cluster's, drawn by its first worker (bot.cluster)


def make_bot(token: str, base_url: str | None) -> Bot:
    """A Bot API client; base_url for a local Bot API server."""
    options: dict[str, Any] = {}
    if base_url:
        root = base_url.rstrip("/")
        options = {"base_url": f"{root}/bot", "base_file_url": f"{root}/file/bot"}
    # Sends to many chats go out side by side: a pool, not PTB's single connection.
    request = HTTPXRequest(connection_pool_size=64, pool_timeout=10.0)
    return Bot(token, request=request, get_updates_request=HTTPXRequest(), **options)


async def serve(
    wiring: Wiring, token: str, base_url: str | None = None, poll_timeout: int = 30,
    webhook: WebhookSettings | None = None, clock: Clock = utc_now,
    secrecy_window: float = DEFAULT_WINDOW, per_second: float = MESSAGES_PER_SECOND,
) -> None:
    """Run until SIGINT or SIGTERM: polling, or the webhook when `webhook` is given; with
    `wiring.sms_inbound`, also Kannel's SMS endpoint (in either mode)."""
    runtime = Runtime(wiring.deps, wiring.db_path, wiring.gateway, clock, secrecy_window,
                      per_second, wiring.sms_inbound, wiring.campaigns, wiring.gateways)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    async with make_bot(token, base_url) as bot:  # getMe: a refused token stops us here
        try:
            await runtime.start(bot)
        except BaseException:  # e.g. the SMS port in use: the database must still close
            await runtime.stop()
            raise
        receiver: WebhookReceiver | None = None
        polling: asyncio.Task[None] | None = None
        try:
            await runtime.resume()
            if webhook is not None:
                assert runtime.db is not None
                secret = await shared_secret(runtime.db, webhook.secret)
                receiver = WebhookReceiver(webhook.listen, webhook.port, webhook.path,
                                           secret, runtime.accept)
                receiver.start()
                await register_webhook(bot, runtime.db, webhook.url, secret, ALLOWED_UPDATES)
            else:
                polling = asyncio.create_task(_poll(runtime, bot, poll_timeout),
                                              name="polling")
            await _until(stopping, polling)
        finally:
            await cancel(polling)
            if receiver is not None:
                await receiver.stop()
            await runtime.stop()


async def _poll(runtime: Runtime, bot: Bot, timeout: int) -> None:
    """Poll Telegram; on PostgreSQL only while this worker leads the cluster's polling."""
    def poll() -> Coroutine[Any, Any, None]:
        return Poller(bot, runtime.accept, timeout, ALLOWED_UPDATES).run()

    if not is_postgres(runtime.db_path):
        await poll()
        return
    from storage.postgres.db import PostgresDatabase  # psycopg only when it is one
    from storage.postgres.leader import POLLING_LEADER

    assert isinstance(runtime.db, PostgresDatabase)
    await poll_as_leader(runtime.db.leader(POLLING_LEADER), poll)


async def _until(stopping: asyncio.Event, polling: asyncio.Task[None] | None) -> None:
    """Wait for a stop signal, or for polling to end on an error it cannot get past."""
    waiter = asyncio.create_task(stopping.wait())
    watched: set[asyncio.Task[Any]] = {waiter} | ({polling} if polling else set())
    try:
        await asyncio.wait(watched, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()
    if polling is not None and polling.done() and not polling.cancelled():
        polling.result()  # raises what ended it (e.g. a token revoked meanwhile)
