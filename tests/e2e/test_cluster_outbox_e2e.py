"""Three `budgetbot run` workers on one PostgreSQL database send one outbox: the vote's
opening announced once to every subscriber, people typing answered ahead of it, every
message sent once, and Telegram's limits held by the cluster as measured at the Bot API."""

from __future__ import annotations

import asyncio
import html
import re
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from bot.pace import TELEGRAM_CHAT_PACE
from bot.settings import OUTBOX_PER_SECOND
from flows.domain.campaign import load_campaign
from flows.domain.model import ProposalFields, ProposalStatus
from flows.i18n import t
from storage.postgres.db import PostgresDatabase
from tests.botapi import BotApiServer
from tests.botapi.models import ApiCall, TgUser
from tests.e2e.botproc import GERS_ID, TOKEN, BotProcess, campaign_file, free_port

SUBSCRIBERS = 150  # five seconds of broadcast at Telegram's 30 messages a second
TYPING = 30
SENDS = ("sendMessage", "sendPhoto", "editMessageText", "editMessageReplyMarkup",
         "editMessageCaption", "deleteMessage")


def shown(text: str) -> str:
    """A catalog text as a Telegram client shows it (tags parsed away)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\u202f", " ").replace(
        "\xa0", " ")


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


@dataclass
class Cluster:
    tg: BotApiServer
    workers: list[BotProcess]
    staff: TgUser
    subscribers: list[TgUser]
    campaign: Path


async def subscribed_before_the_vote(url: str, subscribers: list[TgUser]) -> None:
    """Four admissible projects, and people who asked to be told when the vote opens."""
    db = await PostgresDatabase.open(url)
    now = datetime.now(UTC)
    async with db.transaction() as shared:
        uow = shared.in_campaign(GERS_ID)
        for i in range(4):
            fields = ProposalFields(title=f"Projet {i + 1}", description="Description.",
                                    theme="ecologie", commune="32013", cost=Decimal(9000 + i))
            p = await uow.proposals.create(1, 1, "fr", fields, "BP", 2026, now)
            await uow.proposals.set_status(p.id, ProposalStatus.ADMISSIBLE, None, None, "Paul",
                                           now)
        for user in subscribers:
            await uow.subscribers.add(user.id, user.id, "fr", "vote")
    await db.close()


@pytest.fixture
async def cluster(tmp_path: Path, postgres_url: str) -> AsyncIterator[Cluster]:
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    paul = tg.add_user(first_name="Paul")
    staff = tg.add_group(title="Équipe", admins=[paul])
    subscribers = [tg.add_user(first_name=f"Abonné {i}") for i in range(SUBSCRIBERS)]
    for slow in subscribers[::7]:  # some sends take longer: the pace must hold all the same
        tg.slow_down("sendMessage", 0.4, chat=slow)
    await subscribed_before_the_vote(postgres_url, subscribers)
    campaign = campaign_file(tmp_path, staff.id, phase="vote")
    workers = [BotProcess(tg, campaign, tmp_path / f"worker{i}.sqlite3", db_url=postgres_url,
                          webhook_port=free_port(), module="tests.e2e.cluster_worker")
               for i in range(3)]
    yield Cluster(tg, workers, staff, subscribers, campaign)
    await asyncio.gather(*(w.stop() for w in workers))
    await tg.stop()


def most_in_any_window(times: list[float], seconds: float) -> int:
    """The most sends in any span of `seconds` (a sliding window over the arrivals)."""
    times = sorted(times)
    most, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= seconds:
            start += 1
        most = max(most, end - start + 1)
    return most


def chat_of(call: ApiCall) -> int:
    return int(call.params["chat_id"])


async def test_three_workers_announce_the_vote_once_to_each_subscriber_at_telegrams_pace(
        cluster: Cluster) -> None:
    c = cluster
    # All three start at once, their calendars all seeing the vote open, not yet announced.
    await asyncio.gather(*(w.start() for w in c.workers))
    await c.tg.wait_until(lambda: len(c.tg.calls("setWebhook")) >= 3, timeout=60)
    name = load_campaign(c.campaign).name.get("fr")
    notice = shown(t("fr", "vote_open_notice", campaign=name))
    await c.tg.wait_until(lambda: any(plain(m.content) == notice
                                      for m in c.tg.sent_messages(c.subscribers[0])), timeout=30)
    # People typing meanwhile are answered ahead of the broadcast.
    typing = [c.tg.add_user(first_name=f"Visiteur {i}") for i in range(TYPING)]
    for user in typing:
        c.tg.inject_text(user, "/start")

    def everyone_told() -> bool:
        return all(c.tg.sent_messages(u) for u in c.subscribers + typing)

    await c.tg.wait_until(everyone_told, timeout=60)
    await asyncio.sleep(2)  # a message sent twice would show by now
    await asyncio.gather(*(w.stop() for w in c.workers))

    for user in c.subscribers:
        assert [plain(m.content) for m in c.tg.sent_messages(user)] == [notice]
    staff = [plain(m.content) for m in c.tg.sent_messages(c.staff)]
    assert staff.count(shown(t("fr", "notice_queued", count=SUBSCRIBERS))) == 1
    for user in typing:
        (welcome,) = c.tg.sent_messages(user)
        assert plain(welcome.content).startswith(f"Bonjour {user.first_name}")

    sends = [call for method in SENDS for call in c.tg.calls(method)]
    broadcast_ends = max(call.at for call in sends if chat_of(call) in
                         {u.id for u in c.subscribers})
    replies = [call.at for call in sends if chat_of(call) in {u.id for u in typing}]
    assert max(replies) < broadcast_ends  # none waited for the whole broadcast
    assert most_in_any_window([call.at for call in sends], 1.0) <= OUTBOX_PER_SECOND
    by_chat: dict[int, list[float]] = defaultdict(list)
    for call in sends:
        by_chat[chat_of(call)].append(call.at)
    pace = TELEGRAM_CHAT_PACE
    for chat, times in by_chat.items():
        if chat < 0:
            assert most_in_any_window(times, pace.group_seconds) <= pace.group_count
        else:
            assert most_in_any_window(times, pace.private_seconds) <= pace.private_count


async def test_a_message_on_the_wire_when_its_worker_is_killed_goes_out_from_another(
        cluster: Cluster) -> None:
    c = cluster
    first, second, _ = c.workers
    await first.start()
    marie = c.tg.add_user(first_name="Marie")
    c.tg.slow_down("sendMessage", 30, chat=marie)  # Telegram slow to answer for her
    c.tg.inject_text(marie, "/start")
    await c.tg.wait_until(lambda: any(chat_of(call) == marie.id
                                      for call in c.tg.calls("sendMessage")), timeout=30)
    await second.start()
    await first.kill()  # mid-send: the first worker's lease on her reply runs out
    killed_at = asyncio.get_running_loop().time()
    c.tg.slow_down("sendMessage", 0, chat=marie)
    await c.tg.wait_until(lambda: bool(c.tg.sent_messages(marie)), timeout=30)
    assert asyncio.get_running_loop().time() - killed_at < 15
    (welcome,) = c.tg.sent_messages(marie)
    assert plain(welcome.content).startswith("Bonjour Marie")
