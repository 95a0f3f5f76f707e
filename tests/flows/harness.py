"""Drive the flows as people would, over a real SQLite file, without Telegram."""

from __future__ import annotations

import itertools
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.campaign_files import CampaignSource, open_campaign
from bot.effects import perform
from bot.outbox_sender import OutboxSender
from bot.wiring import build_deps
from flows.dialogues.engine import process
from flows.domain.campaign import Campaign
from flows.domain.communes import load_communes
from flows.events import (
    Action,
    Button,
    Command,
    Incoming,
    Sender,
    Text,
)
from flows.replies import CallbackAnswer, Choice, Message
from flows.sms import SmsError
from storage.db import Database
from storage.unit_of_work import SqliteUnitOfWork

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PARIS = ZoneInfo("Europe/Paris")
IN_PROPOSALS = datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)


@dataclass
class Recorder:
    """A transport that keeps what was sent, per chat, with message ids."""

    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(100))
    messages: dict[int, Message] = field(default_factory=dict)
    log: list[tuple[int, Message]] = field(default_factory=list)
    answers: list[CallbackAnswer] = field(default_factory=list)

    async def deliver(self, message: Message) -> int | None:
        if message.edit_message_id is not None:
            old = self.messages[message.edit_message_id]
            text = message.text or old.text
            self.messages[message.edit_message_id] = Message(
                old.chat_id, text, message.keyboard, photo=old.photo)
            self.log.append((message.edit_message_id, message))
            return None
        message_id = next(self.ids)
        self.messages[message_id] = message
        self.log.append((message_id, message))
        return message_id

    async def answer(self, answer: CallbackAnswer) -> None:
        self.answers.append(answer)


@dataclass
class Person:
    sender: Sender


@dataclass
class SmsInbox:
    """The SMS gateway port for flow tests: keeps texts per number, can be told to fail."""

    received: dict[str, list[str]] = field(default_factory=dict)
    failing: bool = False

    async def send(self, to_e164: str, text: str) -> None:
        if self.failing:
            raise SmsError("gateway down")
        self.received.setdefault(to_e164, []).append(text)

    def last_code(self, to_e164: str) -> str:
        return str(re.findall(r"\b(\d{6})\b", self.received[to_e164][-1])[0])


PHONE_KEY = b"flow-tests-phone-key-0123456789abcdef"


class Harness:
    def __init__(self, db: Database, campaign: Campaign, now: datetime = IN_PROPOSALS,
                 campaign_file: Path = EXAMPLES / "gers.toml") -> None:
        """`campaign_file` is where `campaign` was read: its folder holds the files it names."""
        self.db = db
        source = CampaignSource(campaign, campaign_file, campaign_file.absolute().parent)
        self.deps = build_deps(source, PHONE_KEY, load_communes())
        self.campaign_file = campaign_file
        self.sms = SmsInbox()
        self.recorder = Recorder()
        self.outbox = OutboxSender(db, self.recorder, per_second=100000)
        self.now = now
        self.update_ids = itertools.count(1)
        self.campaign = campaign
        self.db_path: Path | None = None

    @classmethod
    async def open(cls, path: Path, campaign_file: str = "gers.toml",
                   now: datetime = IN_PROPOSALS) -> Harness:
        source = open_campaign(EXAMPLES / campaign_file)
        harness = cls(await Database.open(path), source.campaign, now, source.path)
        harness.db_path = path
        return harness

    async def restarted(self) -> Harness:
        """The same database file opened afresh, as after a crash; chats and SMS carry on."""
        assert self.db_path is not None
        await self.db.close()
        again = Harness(await Database.open(self.db_path), self.campaign, self.now,
                        self.campaign_file)
        again.db_path, again.recorder, again.sms = self.db_path, self.recorder, self.sms
        again.outbox = OutboxSender(again.db, again.recorder, per_second=100000)
        again.update_ids = itertools.count(next(self.update_ids) + 1000)
        return again

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteUnitOfWork]:
        """A unit of work on this campaign's rows, as the flows see them."""
        async with self.db.transaction() as uow:
            yield uow.in_campaign(self.campaign.id)

    def citizen(self, user_id: int = 501, language: str = "fr", name: str = "Marie") -> Sender:
        return Sender(user_id, user_id, language, name)

    def staff(self, user_id: int = 901, name: str = "Paul", is_staff: bool = True) -> Sender:
        return Sender(user_id, self.campaign.staff.chat_id, "fr", name, private=False,
                      is_staff=is_staff)

    async def act(self, who: Sender, action: Action, update_id: int | None = None,
                  ) -> list[Message]:
        """Handle one update and send what it queued; the new messages, in order."""
        before = len(self.recorder.log)
        uid = update_id if update_id is not None else next(self.update_ids)
        async with self.db.transaction() as uow:
            effects = await process(self.deps, uow, Incoming(uid, who, action, self.now))
        await perform(effects, self.recorder, self.sms, self.db, self.deps, lambda: self.now)
        await self.outbox.drain()
        return [m for _, m in self.recorder.log[before:] if m.edit_message_id is None]

    async def say(self, who: Sender, text: str) -> list[Message]:
        if text.startswith("/"):
            name, _, args = text[1:].partition(" ")
            return await self.act(who, Command(name, args))
        return await self.act(who, Text(text))

    def last_with_buttons(self, chat_id: int) -> tuple[int, Message]:
        for message_id, message in reversed(self.recorder.log):
            current = self.recorder.messages[message_id]
            if current.chat_id == chat_id and current.keyboard and message.edit_message_id is None:
                return message_id, current
        raise AssertionError(f"no message with buttons in chat {chat_id}")

    def find_button(self, chat_id: int, label: str) -> tuple[int, Choice]:
        message_id, message = self.last_with_buttons(chat_id)
        for row in message.keyboard:
            for choice in row:
                if label.lower() in choice.label.lower():
                    return message_id, choice
        labels = [c.label for row in message.keyboard for c in row]
        raise AssertionError(f"no button {label!r} in {labels}")

    async def tap(self, who: Sender, label: str) -> list[Message]:
        message_id, choice = self.find_button(who.chat_id, label)
        return await self.act(who, Button(choice.data, message_id, f"cb{message_id}"))

    def texts(self, chat_id: int) -> list[str]:
        return [self.recorder.messages[i].text for i, m in self.recorder.log
                if m.edit_message_id is None and m.chat_id == chat_id]

    def last_text(self, chat_id: int) -> str:
        return self.texts(chat_id)[-1]


def plain(text: str) -> str:
    """French typography uses no-break spaces; tests compare with plain ones."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


async def propose(h: Harness, who: Sender, *, title: str = "Abri vélo au collège",
                  cost: str = "15 000 €", commune: str = "Lectoure") -> list[Message]:
    """Walk a complete proposal up to the summary; the last replies."""
    await h.say(who, "/start")
    await h.tap(who, "Proposer")
    await h.say(who, title)
    await h.say(who, "Un abri couvert pour dix vélos devant le collège, pour les élèves.")
    await h.tap(who, "Écologie")
    await h.say(who, commune)
    await h.say(who, cost)
    for _ in h.campaign.questions:
        last = h.last_text(who.chat_id)
        wanted = next(q.required_answer for q in h.campaign.questions
                      if q.text.fr in last)
        await h.tap(who, "Oui" if wanted else "Non")
    await h.tap(who, "Pas de photo")
    await h.tap(who, "Particulier")
    await h.say(who, "Marie Dupont")
    await h.say(who, "67")
    return await h.say(who, "Auch")
