"""Updates Telegram handed over survive kill -9: each is handled exactly once after a restart."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.botapi import BotApiServer
from tests.botapi.models import TgUser
from tests.e2e.botproc import TOKEN, BotProcess, campaign_file, free_port

USERS = 60  # x 3 updates each, sent in one burst
DESCRIPTION = "Un abri couvert pour dix vélos devant le collège de Lectoure."


@pytest.fixture(params=["polling", "webhook"])
async def bot(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[BotProcess]:
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    staff = tg.add_group(title="Équipe BP")
    process = BotProcess(tg, campaign_file(tmp_path, staff.id), tmp_path / "bot.sqlite3",
                         webhook_port=free_port() if request.param == "webhook" else None)
    await process.start()
    yield process
    await process.stop()
    await tg.stop()


def burst(tg: BotApiServer, users: list[TgUser]) -> list[int]:
    """Every citizen starts a proposal, gives its title and its description; the update ids."""
    ids = []
    for step in ("/proposer", "Abri vélo n°0", DESCRIPTION):
        ids += [tg.inject_text(user, step)["update_id"] for user in users]
    return ids


def seen(tg: BotApiServer, user: TgUser) -> tuple[list[str], int]:
    """The messages the citizen was sent, one resent after the kill counted once; and how
    many such resends there were (Telegram cannot tell us it got a message we sent)."""
    texts = [m.raw_text or "" for m in tg.sent_messages(user) if m.method == "sendMessage"]
    shown = [x for i, x in enumerate(texts) if i == 0 or x != texts[i - 1]]
    return shown, len(texts) - len(shown)


async def walk_alone(tg: BotApiServer) -> list[str]:
    """The same three steps by a citizen alone, with no kill: what each citizen must see."""
    alone = tg.add_user(first_name="Seule")
    for step in ("/proposer", "Abri vélo n°0", DESCRIPTION):
        before = len(tg.sent_messages(alone))
        tg.inject_text(alone, step)
        await tg.wait_until(lambda n=before: len(tg.sent_messages(alone)) > n)
        await tg.wait_idle()
    await asyncio.sleep(1.0)  # every message of the last step is out
    return seen(tg, alone)[0]


def pending(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT (SELECT COUNT(*) FROM inbox) + "
                                "(SELECT COUNT(*) FROM outbox WHERE sent = 0)").fetchone()[0])


async def test_a_burst_acknowledged_before_kill_9_is_handled_exactly_once_after_restart(
        bot: BotProcess) -> None:
    tg = bot.server
    expected = await walk_alone(tg)
    users = [tg.add_user(first_name="Seule") for _ in range(USERS)]
    ids = burst(tg, users)
    await tg.wait_idle(timeout=60)  # Telegram considers every update delivered
    await bot.kill()
    with sqlite3.connect(bot.db) as conn:
        kept = {r[0] for r in conn.execute("SELECT update_id FROM inbox")}
        done = {r[0] for r in conn.execute("SELECT update_id FROM processed_updates")}
    assert kept | done >= set(ids) and not kept & done  # each one handled or waiting
    assert kept  # the kill did catch updates not handled yet

    await bot.start()
    for user in users:
        await tg.wait_until(lambda u=user: len(seen(tg, u)[0]) >= len(expected), timeout=120)
    while pending(bot.db):
        await asyncio.sleep(0.2)
    await asyncio.sleep(0.5)  # anything doubled would have been sent by now
    for user in users:
        assert seen(tg, user)[0] == expected
    with sqlite3.connect(bot.db) as conn:
        handled = {r[0] for r in conn.execute("SELECT update_id FROM processed_updates")}
    assert handled >= set(ids)
    resent = sum(seen(tg, user)[1] for user in users)
    assert resent <= 8  # only what was on the wire at the kill (bot.app.SENDS_IN_FLIGHT)
