"""`budgetbot run` with SMS voting: a missing secret or a busy port is one clear line, exit 2."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.botapi import BotApiServer
from tests.cli.helpers import ROOT, budgetbot
from tests.e2e.botproc import PHONE_KEY, TOKEN


def test_sms_voting_without_its_secret_exits_2_naming_the_variable(tmp_path: Path) -> None:
    done = budgetbot("run", "--campaign", "examples/gers.toml", "--db", str(tmp_path / "x.db"),
                     "--sms-port", "8090",
                     env={"TELEGRAM_BOT_TOKEN": TOKEN, "BUDGETBOT_PHONE_KEY": PHONE_KEY,
                          "BUDGETBOT_SMS_SECRET": ""})
    assert done.returncode == 2
    assert "BUDGETBOT_SMS_SECRET" in done.stderr and "openssl rand -hex 16" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.fixture
async def tg() -> AsyncIterator[BotApiServer]:
    server = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await server.start()
    yield server
    await server.stop()


async def test_an_sms_port_already_taken_exits_2(tg: BotApiServer, tmp_path: Path) -> None:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "BUDGETBOT_PHONE_KEY": PHONE_KEY,
           "BUDGETBOT_SMS_SECRET": "0123456789abcdef0123"}
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--campaign", "examples/gers.toml",
            "--db", f"{tmp_path}/b.db", "--base-url", tg.url, "--sms-port", str(port),
            cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE)
        _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 2
    assert err.decode().strip() == (f"Cannot listen for Kannel's SMS ([sms] inbound_port) on "
                                    f"127.0.0.1:{port}: Address already in use")
