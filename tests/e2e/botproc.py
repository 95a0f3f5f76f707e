"""Run the real `budgetbot run` in a subprocess against the loopback Bot API server."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.botapi import BotApiServer
from tests.botapi.models import BotMessage

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:TEST-token"
PHONE_KEY = "e2e-test-phone-key-0123456789abcdef0123456789"
WEBHOOK_SECRET = "webhook-secret_0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


# The id of the campaigns campaign_file writes from the Gers example: rows a test writes
# into the database before the bot starts belong to it.
GERS_ID = "gers-bpg4"


def campaign_file(tmp: Path, staff_chat_id: int, phase: str = "proposals",
                  source: str = "gers.toml", extra: str = "",
                  name: str = "campaign.toml") -> Path:
    """The example campaign, with its staff group and a calendar that puts today in `phase`."""
    text = (ROOT / "examples" / source).read_text(encoding="utf-8")
    text = re.sub(r"\n\[\[phases\]\].*?(?=\n\[\[themes\]\])", "", text, flags=re.S)
    now = datetime.now(ZoneInfo("Europe/Paris")).replace(microsecond=0, tzinfo=None)
    kinds = ["proposals", "review", "vote", "results"]
    start = now - timedelta(days=1 + 30 * kinds.index(phase))
    phases = ""
    for kind in kinds:
        end = start + timedelta(days=30)
        phases += f'\n[[phases]]\nkind = "{kind}"\nstart = {start.isoformat()}\n' \
                  f"end = {end.isoformat()}\n"
        start = end + timedelta(seconds=1)
    text = text.replace("\n[[themes]]", phases + "\n[[themes]]", 1)
    text = re.sub(r"chat_id = -?\d+", f"chat_id = {staff_chat_id}", text)
    path = tmp / name
    path.write_text(text + extra, encoding="utf-8")
    return path


@dataclass
class BotProcess:
    """The unmodified bot as an operator starts it, killed and restarted at will."""

    server: BotApiServer
    campaign: Path
    db: Path
    env: dict[str, str] = field(default_factory=dict)
    proc: asyncio.subprocess.Process | None = None
    log: Path | None = None
    webhook_port: int | None = None  # webhook mode on this loopback port; polling if None
    db_url: str | None = None  # a postgresql:// URL instead of the SQLite file `db`
    module: str = "bot"  # what `python -m` runs: the bot, or a test's wrapper of it
    public_url: str | None = None  # the webhook URL Telegram is given (a proxy's); else ours
    leads: bool = True  # polling: False for a worker started while another one polls

    async def start(self) -> None:
        """Start the bot; ready once it polls, or its webhook is registered (by it, or by
        another worker of its cluster before it)."""
        calls = {m: len(self.server.calls(m)) for m in ("getUpdates", "setWebhook",
                                                         "getWebhookInfo", "setMyCommands")}
        url = self.public_url or f"http://127.0.0.1:{self.webhook_port}/telegram"
        self.log = self.db.with_suffix(".log")
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "BUDGETBOT_LOG": "INFO",
               "BUDGETBOT_PHONE_KEY": PHONE_KEY, "BUDGETBOT_WEBHOOK_SECRET": WEBHOOK_SECRET,
               **self.env}
        mode = ["--poll-timeout", "1"] if self.webhook_port is None else [
            "--webhook-url", url,
            "--port", str(self.webhook_port)]
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", self.module, "run", "--campaign", str(self.campaign),
            "--db", self.db_url or str(self.db), "--base-url", self.server.url, *mode,
            cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL,
            stderr=self.log.open("ab"))

        def more(method: str) -> bool:
            return len(self.server.calls(method)) > calls[method]

        def ready() -> bool:
            if self.webhook_port is None:
                return more("getUpdates" if self.leads else "setMyCommands")
            return more("setWebhook") or (more("getWebhookInfo")
                                          and self.server.webhook_url == url)

        await self.server.wait_until(ready, timeout=60)

    async def kill(self) -> None:
        """A crash: no chance to flush anything."""
        if self.proc is not None and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL)
            await self.proc.wait()

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), 15)
            except TimeoutError:
                await self.kill()

    def stderr(self) -> str:
        return self.log.read_text(errors="replace") if self.log and self.log.exists() else ""


async def expect(server: BotApiServer, chat: Any, needle: str,
                 timeout: float = 10.0) -> BotMessage:
    """The next bot message in `chat` that contains `needle` (sent, not an edit)."""
    def match(m: BotMessage) -> bool:
        return m.event == "sent" and needle in m.content

    return await server.wait_for_message(chat, predicate=match, timeout=timeout)


def button(message: BotMessage, label: str) -> str:
    return message.callback_data(label)
