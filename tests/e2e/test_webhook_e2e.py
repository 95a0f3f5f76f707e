"""Webhook mode: the real `budgetbot run --webhook-url` receiving updates POSTed by the server."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sqlite3
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.outbox_sender import OutboxSender
from flows.replies import CallbackAnswer, Message
from storage.db import Database
from tests.botapi import BotApiServer
from tests.botapi.models import TgUser
from tests.e2e.botproc import PHONE_KEY, ROOT, TOKEN, campaign_file, expect

SECRET = "webhook-secret_0123456789"
STARTUP = 60  # seconds a cold start may take on a loaded CI machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class WebhookBot:
    """`budgetbot run` in webhook mode, as an operator starts it behind a reverse proxy."""

    tg: BotApiServer
    db: Path
    url: str
    proc: asyncio.subprocess.Process
    log: Path

    async def stop(self) -> None:
        if self.proc.returncode is None:
            self.proc.terminate()
            try:
                await asyncio.wait_for(self.proc.wait(), 5)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()

    def stderr(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@pytest.fixture
async def hooked(tmp_path: Path) -> AsyncIterator[WebhookBot]:
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    staff = tg.add_group(title="Équipe BP")
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    db, log = tmp_path / "bot.sqlite3", tmp_path / "bot.log"
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "BUDGETBOT_WEBHOOK_SECRET": SECRET,
           "BUDGETBOT_PHONE_KEY": PHONE_KEY}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--campaign",
        str(campaign_file(tmp_path, staff.id)), "--db", str(db), "--base-url", tg.url,
        "--webhook-url", url, "--listen", "127.0.0.1", "--port", str(port),
        cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=log.open("ab"))
    bot = WebhookBot(tg, db, url, proc, log)
    try:
        try:
            await tg.wait_until(lambda: bool(tg.webhook_url) or proc.returncode is not None,
                                timeout=STARTUP)
        except TimeoutError:
            pytest.fail(f"no webhook registered within {STARTUP} s; the bot said:\n{bot.stderr()}")
        assert tg.webhook_url, f"the bot ended ({proc.returncode}):\n{bot.stderr()}"
        await listening(port)  # PTB registers the webhook a moment before it listens
        yield bot
    finally:
        await bot.stop()
        await tg.stop()


async def listening(port: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.05)
        else:
            writer.close()
            await writer.wait_closed()
            return


async def post(url: str, update: dict[str, Any], secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    async with aiohttp.ClientSession() as session, \
            session.post(url, data=json.dumps(update), headers=headers) as resp:
        return resp.status


def forged_start(user: TgUser, update_id: int) -> dict[str, Any]:
    """A private /start update as Telegram would POST it; the test server never queued it."""
    sender = {"id": user.id, "is_bot": False, "first_name": user.first_name,
              "language_code": "fr"}
    return {"update_id": update_id, "message": {
        "message_id": 1, "date": int(time.time()), "from": sender,
        "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
        "text": "/start", "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}}


async def test_run_webhook_registers_the_url_with_the_secret_token(hooked: WebhookBot) -> None:
    calls = hooked.tg.calls("setWebhook")
    assert len(calls) == 1
    params = calls[0].params
    assert params["url"] == hooked.url
    assert params["secret_token"] == SECRET
    assert json.loads(params["allowed_updates"]) == ["message", "callback_query", "chat_member"]
    assert hooked.tg.calls("getUpdates") == []


async def test_a_citizen_start_posted_to_the_webhook_gets_the_welcome(
        hooked: WebhookBot) -> None:
    marie = hooked.tg.add_user(first_name="Marie", language_code="fr")
    hooked.tg.inject_text(marie, "/start")
    welcome = await expect(hooked.tg, marie, "Bienvenue")
    assert any("Proposer" in label for label in welcome.button_texts)
    hooked.tg.inject_text(marie, "/proposer")
    await expect(hooked.tg, marie, "titre")


async def test_a_post_with_a_wrong_or_missing_secret_is_refused_and_changes_nothing(
        hooked: WebhookBot) -> None:
    tg = hooked.tg
    intruder = tg.add_user(first_name="Intrus", language_code="fr")
    forged = forged_start(intruder, 987_654)
    assert await post(hooked.url, forged, "not-the-secret") == 403
    assert await post(hooked.url, forged, None) == 403

    marie = tg.add_user(first_name="Marie", language_code="fr")
    tg.inject_text(marie, "/start")  # a genuine update afterwards is still served
    await expect(tg, marie, "Bienvenue")
    assert tg.sent_messages(intruder) == []
    await hooked.stop()
    with sqlite3.connect(hooked.db) as db:
        seen = db.execute("SELECT 1 FROM processed_updates WHERE update_id = ?",
                          (forged["update_id"],)).fetchall()
        sessions = db.execute("SELECT 1 FROM sessions WHERE user_id = ?",
                              (intruder.id,)).fetchall()
    assert seen == [] and sessions == []


class _NoTransport:
    async def deliver(self, message: Message) -> int | None:
        raise AssertionError("nothing is queued")

    async def answer(self, answer: CallbackAnswer) -> None:
        raise AssertionError("nothing to answer")


async def test_the_outbox_sender_stops_even_when_woken_just_before(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "o.db")
    sender = OutboxSender(db, _NoTransport())
    try:
        sender.start()
        await asyncio.sleep(0.1)  # idle, waiting to be woken
        sender.wake()  # e.g. the last update handled as SIGTERM arrives
        await asyncio.sleep(0)  # the wake is seen, the sender not yet resumed
        stopping = asyncio.ensure_future(sender.stop())
        done, _ = await asyncio.wait({stopping}, timeout=2)
        if not done:  # clean up: a second cancel does reach the sender
            stopping.cancel()
            await asyncio.wait({stopping})
        assert done == {stopping}
    finally:
        await db.close()
