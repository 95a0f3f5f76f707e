"""Wiring: the campaign, the database and the flows behind a python-telegram-bot Application."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram import BotCommand, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.chart import chart_maker
from bot.convert import to_event
from bot.effects import perform
from bot.maintenance import maintain
from bot.outbox_sender import OutboxSender
from bot.resident import resident_communes
from bot.transport import TelegramTransport
from flows import staffchat
from flows.campaign import Campaign
from flows.context import Deps
from flows.engine import on_tick, process
from flows.events import Incoming
from flows.i18n import language_of, t
from flows.replies import StaffChatMoved
from flows.sms import SmsGateway
from storage.db import Database

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]

COMMANDS = {
    "fr": [("start", "Menu"), ("proposer", "Proposer un projet"), ("voter", "Voter"),
           ("mesprojets", "Mes projets"), ("mesdonnees", "Mes données"),
           ("aide", "Aide"), ("annuler", "Tout annuler")],
    "en": [("start", "Menu"), ("proposer", "Propose a project"), ("voter", "Vote"),
           ("mesprojets", "My projects"), ("mesdonnees", "My data"),
           ("aide", "Help"), ("annuler", "Cancel")],
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class Runtime:
    """Per-process state of a running bot: database, flows' dependencies, outbox sender."""

    def __init__(self, deps: Deps, db_path: Path, gateway: SmsGateway,
                 clock: Clock = utc_now, per_second: float = 25.0) -> None:
        self.deps = deps
        self.per_second = per_second
        self.gateway = gateway
        self.db_path = db_path
        self.clock = clock
        self.db: Database | None = None
        self.sender: OutboxSender | None = None
        self.transport: TelegramTransport | None = None
        self.ticker: asyncio.Task[None] | None = None
        self.tasks: set[asyncio.Task[None]] = set()

    async def start(self, application: Application) -> None:  # type: ignore[type-arg]
        self.db = await Database.open(self.db_path)
        async with self.db.transaction() as uow:
            self.deps = await staffchat.current(self.deps, uow)
        self.transport = TelegramTransport(application.bot)
        self.sender = OutboxSender(self.db, self.transport, self.per_second)
        self.sender.start()
        self.ticker = asyncio.create_task(self._tick_forever(), name="phase-ticker")
        await self._set_commands(application)

    async def _tick_forever(self, every: float = 60.0) -> None:
        """Phase changes by the calendar: announce the vote when its date comes."""
        while True:
            try:
                assert self.db is not None and self.sender is not None
                async with self.db.transaction() as uow:
                    await on_tick(self.deps, uow, self.clock())
                self.sender.wake()
                await maintain(self.db, self.clock())
            except Exception:
                log.exception("phase tick failed")
            await asyncio.sleep(every)

    async def stop(self, application: Application) -> None:  # type: ignore[type-arg]
        if self.ticker is not None:
            # Awaited, not just cancelled: a task left pending when the loop closes is
            # reported on stderr after our own last word (e.g. a webhook port in use).
            self.ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.ticker
            self.ticker = None
        if self.tasks:  # codes being sent: let them finish and be recorded
            _, late = await asyncio.wait(self.tasks, timeout=15)
            for task in late:  # a gateway that hangs must not hold the shutdown
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        if self.sender is not None:
            await self.sender.stop()
        if self.db is not None:
            await self.db.close()

    async def _set_commands(self, application: Application) -> None:  # type: ignore[type-arg]
        try:
            for lang, commands in COMMANDS.items():
                await application.bot.set_my_commands(
                    [BotCommand(c, d) for c, d in commands],
                    language_code=None if lang == "fr" else lang)
        except TelegramError as exc:
            log.warning("could not set the command menu: %s", exc)

    async def is_staff(self, application: Application, user_id: int) -> bool:  # type: ignore[type-arg]
        if user_id in self.deps.campaign.staff.user_ids:
            return True
        try:
            member = await application.bot.get_chat_member(self.deps.campaign.staff.chat_id,
                                                           user_id)
        except TelegramError:
            return False
        return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)

    async def handle(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Every update goes through here, one at a time, in one transaction."""
        if not isinstance(update, Update):
            return
        event = to_event(update, context.bot.username)
        if event is None or self.db is None:
            return
        sender, action = event
        if sender.chat_id == self.deps.campaign.staff.chat_id:
            sender = replace(sender, is_staff=await self.is_staff(context.application,
                                                                  sender.user_id))
        async with self.db.transaction() as uow:
            effects = await process(self.deps, uow,
                                    Incoming(update.update_id, sender, action, self.clock()))
        assert self.transport is not None and self.sender is not None
        for moved in (e for e in effects if isinstance(e, StaffChatMoved)):
            log.warning("the staff group is now chat %d: put it in the campaign file's [staff] "
                        "chat_id", moved.chat_id)
            self.deps = staffchat.moved_to(self.deps, moved.chat_id)
        self.sender.wake()
        await perform(effects, self.transport, self.gateway, self.db, self.deps, self.clock,
                      background=self._in_background)

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

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure; tell a private-chat user kindly, never with a trace."""
        log.error("update failed", exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None and \
                update.effective_chat.type == ChatType.PRIVATE:
            user = update.effective_user
            lang = language_of(user.language_code if user else None)
            with contextlib.suppress(TelegramError):
                await context.bot.send_message(update.effective_chat.id, t(lang, "internal_error"))


def build_application(
    campaign: Campaign, db_path: Path, token: str, phone_key: bytes, gateway: SmsGateway,
    base_url: str | None = None, clock: Clock = utc_now, campaign_dir: Path = Path("."),
    per_second: float = 25.0,
) -> Application:  # type: ignore[type-arg]
    """The python-telegram-bot Application running the flows; base_url for a local Bot API."""
    deps = Deps(campaign, resident_communes(), phone_key, campaign_dir, chart_maker)
    runtime = Runtime(deps, db_path, gateway, clock, per_second)
    builder = Application.builder().token(token).concurrent_updates(False)
    if base_url:
        root = base_url.rstrip("/")
        builder = builder.base_url(f"{root}/bot").base_file_url(f"{root}/file/bot")
    builder = builder.post_init(runtime.start).post_shutdown(runtime.stop)
    application = builder.build()
    application.add_handler(TypeHandler(Update, runtime.handle))
    application.add_error_handler(runtime.on_error)
    application.bot_data["runtime"] = runtime
    return application

