"""A slow or throttled staff group never holds citizens' replies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from flows.i18n import t
from tests.botapi import BotApiServer
from tests.botapi.models import TgChat, TgUser
from tests.e2e.botproc import TOKEN, BotProcess, campaign_file, expect

SLOW = 4.0  # seconds: far longer than a citizen's reply takes; within the 5 s read timeout


@dataclass
class World:
    tg: BotApiServer
    marie: TgUser
    paul: TgUser
    staff: TgChat


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    marie, paul = tg.add_user(first_name="Marie"), tg.add_user(first_name="Paul")
    staff = tg.add_group(title="Équipe BP", admins=[paul])
    bot = BotProcess(tg, campaign_file(tmp_path, staff.id), tmp_path / "bot.sqlite3")
    await bot.start()
    yield World(tg, marie, paul, staff)
    await bot.stop()
    await tg.stop()


def staff_replies(w: World) -> list[str]:
    return [m.raw_text or "" for m in w.tg.sent_messages(w.staff)]


async def test_a_citizen_is_answered_while_the_staff_membership_check_is_slow(
        world: World) -> None:
    w = world
    w.tg.slow_down("getChatMember", SLOW)
    w.tg.inject_text(w.paul, "/stats", chat=w.staff)
    await w.tg.wait_until(lambda: bool(w.tg.calls("getChatMember")))
    w.tg.inject_text(w.marie, "/start")
    await expect(w.tg, w.marie, "Bienvenue")
    assert staff_replies(w) == []  # the staff group is still waiting for Telegram
    await expect(w.tg, w.staff, "📊", timeout=SLOW + 10)


async def test_staff_membership_is_asked_once_then_follows_chat_member_updates(
        world: World) -> None:
    w = world
    for text in ("Bonjour l'équipe", "/stats", "On regarde ça demain ?", "/stats"):
        w.tg.inject_text(w.paul, text, chat=w.staff)
    await expect(w.tg, w.staff, "📊")
    await expect(w.tg, w.staff, "📊")
    assert len(w.tg.calls("getChatMember")) == 1

    w.tg.set_member_status(w.staff, w.paul, "member")  # demoted by the group's owner
    w.tg.inject_text(w.paul, "/stats", chat=w.staff)
    refused = await expect(w.tg, w.staff, "Désolé")
    assert refused.raw_text == t("fr", "staff_only")
    assert len(w.tg.calls("getChatMember")) == 1


async def test_a_429_on_the_staff_group_delays_that_group_only(world: World) -> None:
    w = world
    w.tg.fail_next("sendMessage", retry_after=6, chat=w.staff)
    w.tg.inject_text(w.paul, "/stats", chat=w.staff)
    await w.tg.wait_until(lambda: any(str(c.params.get("chat_id")) == str(w.staff.id)
                                      for c in w.tg.calls("sendMessage")))
    w.tg.inject_text(w.marie, "/start")
    await expect(w.tg, w.marie, "Bienvenue")
    w.tg.inject_text(w.marie, "/aide")
    await expect(w.tg, w.marie, "")
    assert staff_replies(w) == []  # told to wait 6 s, the group waits; Marie does not
    await expect(w.tg, w.staff, "📊", timeout=20)
    assert len(staff_replies(w)) == 1
