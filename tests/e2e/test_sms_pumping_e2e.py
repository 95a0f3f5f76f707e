"""SMS pumping and lost codes, end to end: the real bot over HTTP, a real Kannel, kill -9."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.i18n import t
from tests.botapi import BotApiServer
from tests.botapi.models import TgUser
from tests.e2e.botproc import TOKEN, BotProcess, campaign_file, expect
from tests.e2e.test_vote_e2e import Vote, fill, seed_projects, to_phone_step
from tests.sms.kannel import KannelHarness

POOLS = "\n[vote.sms]\ntyped_daily_cap = 2\ntyped_hourly_cap = 2\n"


def kannel_settings(url: str, kannel: KannelHarness) -> str:
    return (f'\n[sms]\nkind = "kannel"\nkannel_url = "{url}"\n'
            f'kannel_username = "{kannel.username}"\ntimeout_seconds = 60\n')


def start_of(key: str, length: int = 40) -> str:
    """The opening words of a catalog text, as the chat shows it (no markup in them)."""
    return t("fr", key)[:length]


@pytest.fixture
async def vote(tmp_path: Path, kannel: KannelHarness) -> AsyncIterator[Vote]:
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    paul = tg.add_user(first_name="Paul")
    staff = tg.add_group(title="Équipe", admins=[paul])
    db = tmp_path / "vote.sqlite3"
    await seed_projects(db, 4)
    extra = kannel_settings(kannel.base_url, kannel) + POOLS
    bot = BotProcess(tg, campaign_file(tmp_path, staff.id, phase="vote", extra=extra), db,
                     env={"KANNEL_PASSWORD": kannel.password})
    await bot.start()
    yield Vote(tg, bot, kannel, staff, paul)
    await bot.stop()
    await tg.stop()


async def share_contact_and_vote(v: Vote, user: TgUser, e164: str) -> None:
    """Tap "share my number", type the code Kannel delivered, fill and cast a ballot."""
    v.tg.inject_contact(user, e164)
    await expect(v.tg, user, "code à 6 chiffres")
    code = re.findall(r"\b\d{6}\b", await v.kannel.wait_for_sms(e164, timeout=15))[0]
    v.tg.inject_text(user, code)
    await fill(v, user, 1, 2, 3)
    message = next(m for m in reversed(v.tg.sent_messages(user))
                   if any("Confirmer mon vote" in b for b in m.button_texts))
    v.tg.inject_callback(user, message, message.callback_data("Confirmer mon vote"))
    await expect(v.tg, user, "A voté")


async def test_typed_numbers_use_up_their_pool_and_a_voter_sharing_their_contact_still_votes(
    vote: Vote,
) -> None:
    v = vote
    attackers = [v.tg.add_user(first_name=f"Bot{i}") for i in range(4)]
    for i, attacker in enumerate(attackers):
        await to_phone_step(v, attacker)
        v.tg.inject_text(attacker, f"06 98 76 54 {i:02d}")
        if i < 2:
            await expect(v.tg, attacker, "code à 6 chiffres")
        else:
            await expect(v.tg, attacker, start_of("sms_typed_busy"))
            hint = await expect(v.tg, attacker, start_of("vote_phone_button_hint", 20))
            assert hint.button_texts == [t("fr", "btn_share_phone")]
    alert = await expect(v.tg, v.staff, start_of("staff_sms_typed_day_cap"))
    assert "SMS vers des numéros tapés : 2" in (alert.text or "")
    delivered = [s.to for s in v.kannel.delivered() if "987654" in s.to]
    print(f"\nattacker accounts: {len(attackers)}, SMS they triggered: {len(delivered)}")
    assert len(delivered) == 2

    marie = v.tg.add_user(first_name="Marie")
    await to_phone_step(v, marie)
    await share_contact_and_vote(v, marie, "+33612345690")


class HangingGateway:
    """A TCP port that accepts the HTTP request and never answers, like a wedged gateway."""

    def __init__(self) -> None:
        self.connected = asyncio.Event()
        self.server: asyncio.Server | None = None
        self.writers: list[asyncio.StreamWriter] = []

    async def start(self) -> str:
        self.server = await asyncio.start_server(self._hold, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def _hold(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.writers.append(writer)
        await reader.readline()
        self.connected.set()

    async def stop(self) -> None:
        for writer in self.writers:
            writer.close()
        if self.server is not None:
            self.server.close()


async def test_killed_while_the_gateway_hangs_the_voter_is_told_and_asks_again_at_once(
    tmp_path: Path, kannel: KannelHarness,
) -> None:
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    staff = tg.add_group(title="Équipe", admins=[tg.add_user(first_name="Paul")])
    db = tmp_path / "lost.sqlite3"
    await seed_projects(db, 4)
    hanging = HangingGateway()
    campaign = campaign_file(tmp_path, staff.id, phase="vote",
                             extra=kannel_settings(await hanging.start(), kannel))
    bot = BotProcess(tg, campaign, db, env={"KANNEL_PASSWORD": kannel.password})
    v = Vote(tg, bot, kannel, staff, tg.add_user(first_name="Paul2"))
    try:
        await bot.start()
        marie = tg.add_user(first_name="Marie", language_code="fr")
        await to_phone_step(v, marie)
        tg.inject_contact(marie, "+33612345691")
        await expect(tg, marie, "code à 6 chiffres")
        await asyncio.wait_for(hanging.connected.wait(), 15)
        await bot.kill()  # between the commit and the gateway's answer
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT status FROM sms_log").fetchall() == [("sending",)]

        campaign_file(tmp_path, staff.id, phase="vote",
                      extra=kannel_settings(kannel.base_url, kannel))
        await bot.start()
        await expect(tg, marie, start_of("sms_lost"), timeout=20)
        await expect(tg, marie, "numéro de portable")
        await share_contact_and_vote(v, marie, "+33612345691")  # no cooldown to wait out
        with sqlite3.connect(db) as conn:
            assert sorted(conn.execute("SELECT status FROM sms_log").fetchall()) == [
                ("failed",), ("sent",)]
    finally:
        await bot.stop()
        await hanging.stop()
        await tg.stop()
