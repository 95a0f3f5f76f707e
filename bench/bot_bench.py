"""budgetbot against a bare python-telegram-bot echo bot, in the same run.

    .venv/bin/python -m bench.bot_bench [--rounds 3] [--users 100] [--dialogues 10000]

Both bots run as their own process in webhook mode against a fast loopback Bot API stub
(bench/botapi_stub.py); this process plays Telegram (POSTs each update to the webhook) and
the users (each waits for the bot's answer before the next step). Outbox pacing is off
(BUDGETBOT_PACING=off) so the figure is the bot's own cost. Rounds are interleaved; each
prints throughput (updates/s) and CPU per update (user+system time of the bot's process),
then min/median/max and the ratio. Then RSS idle and with N dialogues in progress, and the
database's bytes per dialogue before and after the periodic maintenance.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import re
import socket
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp

from bench.botapi_stub import FastBotApi

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "123456:BENCH-token"
SECRET = "bench-secret_0123456789"
PHONE_KEY = "bench-phone-key-0123456789abcdef0123456789"
STAFF_CHAT = -1009000000001
TICKS = os.sysconf("SC_CLK_TCK")

# (kind, text or button label, what the reply says): a proposal from /start to its reference.
Step = tuple[str, str, str]
PROPOSAL: list[Step] = [
    ("text", "/start", "Bienvenue"),
    ("tap", "Proposer", "titre"),
    ("text", "Abri vélos n°{n}", "Décrivez"),
    ("text", "Un abri couvert pour dix vélos devant le collège de Lectoure.", "thème"),
    ("tap", "Écologie", "commune"),
    ("text", "lectoure", "coût"),
    ("text", "15k", "Question 1/3"),
    ("tap", "Oui", "Question 2/3"),
    ("tap", "Oui", "Question 3/3"),
    ("tap", "Non", "photo"),
    ("tap", "Pas de photo", "en tant que"),
    ("tap", "Particulier", "nom"),
    ("text", "Marie Dupont", "âge"),
    ("text", "67", "habitez"),
    ("text", "St Clar", "Votre proposition"),
    ("tap", "Envoyer ma proposition", "BP-"),
]
# A dialogue left in progress: the person is asked for the description.
IN_PROGRESS: list[Step] = [("text", "/proposer", "titre"), ("text", "Jardin n°{n}", "Décrivez")]


def campaign_file(folder: Path) -> Path:
    """The Gers example, with today in its proposal phase and the bench's staff group."""
    text = (ROOT / "examples" / "gers.toml").read_text(encoding="utf-8")
    text = re.sub(r"\n\[\[phases\]\].*?(?=\n\[\[themes\]\])", "", text, flags=re.S)
    now = datetime.now(ZoneInfo("Europe/Paris")).replace(microsecond=0, tzinfo=None)
    phases, start = "", now - timedelta(days=1)
    for kind in ("proposals", "review", "vote", "results"):
        end = start + timedelta(days=30)
        phases += f'\n[[phases]]\nkind = "{kind}"\nstart = {start.isoformat()}\n' \
                  f"end = {end.isoformat()}\n"
        start = end + timedelta(seconds=1)
    text = text.replace("\n[[themes]]", phases + "\n[[themes]]", 1)
    text = re.sub(r"chat_id = -?\d+", f"chat_id = {STAFF_CHAT}", text)
    path = folder / "campaign.toml"
    path.write_text(text, encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class BotUnderTest:
    """One bot process, started as an operator would, measured from /proc."""

    name: str
    argv: list[str]
    port: int
    cwd: Path = ROOT
    proc: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram"

    async def start(self, api: FastBotApi, log: Path) -> None:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "BUDGETBOT_WEBHOOK_SECRET": SECRET,
               "BUDGETBOT_PHONE_KEY": PHONE_KEY, "BUDGETBOT_PACING": "off",
               "BUDGETBOT_LOG": "WARNING"}
        api.webhook_url = ""
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, *self.argv, cwd=self.cwd, env=env, stdout=asyncio.subprocess.DEVNULL,
            stderr=log.open("ab"))
        deadline = time.monotonic() + 120
        while api.webhook_url != self.url or not await listening(self.port):
            if self.proc.returncode is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not start: {log.read_text()[-2000:]}")
            await asyncio.sleep(0.05)

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.terminate()
            try:
                await asyncio.wait_for(self.proc.wait(), 20)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()

    def cpu_seconds(self) -> float:
        assert self.proc is not None
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime, all threads

    def rss_mb(self) -> float:
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0


async def listening(port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return False
    writer.close()
    await writer.wait_closed()
    return True


class Telegram:
    """Plays Telegram's side: numbered updates POSTed to the bot's webhook."""

    def __init__(self, api: FastBotApi, http: aiohttp.ClientSession) -> None:
        self.api = api
        self.http = http
        self.update_ids = itertools.count(1)
        self.message_ids = itertools.count(1_000_000)

    async def post(self, bot: BotUnderTest, update: dict[str, Any]) -> None:
        headers = {"Content-Type": "application/json",
                   "X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with self.http.post(bot.url, data=json.dumps(update), headers=headers) as resp:
            if resp.status != 200:
                raise RuntimeError(f"webhook answered {resp.status}")

    def user(self, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": "Marie", "language_code": "fr"}

    def text(self, user_id: int, text: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self.message_ids), "date": int(time.time()),
            "from": self.user(user_id),
            "chat": {"id": user_id, "type": "private", "first_name": "Marie"}, "text": text}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]
        return {"update_id": next(self.update_ids), "message": message}

    def tap(self, user_id: int, message_id: int, data: str) -> dict[str, Any]:
        message = {"message_id": message_id, "date": int(time.time()), "from": self.api.bot,
                   "chat": {"id": user_id, "type": "private", "first_name": "Marie"},
                   "text": "…"}
        return {"update_id": next(self.update_ids), "callback_query": {
            "id": str(next(self.message_ids)), "from": self.user(user_id), "message": message,
            "chat_instance": str(user_id), "data": data}}


async def walk(tg: Telegram, bot: BotUnderTest, user_id: int, steps: Sequence[Step],
               echo: bool) -> int:
    """One person through the steps, each after the bot's answer to the one before."""
    seen = len(tg.api.chats[user_id].messages)
    for kind, what, needle in steps:
        if kind == "text":
            update = tg.text(user_id, what.format(n=user_id))
        elif echo:
            update = tg.tap(user_id, 1, "x")
        else:
            message_id, data = tg.api.last_with_button(user_id, what)
            update = tg.tap(user_id, message_id, data)
        await tg.post(bot, update)
        seen, _ = await tg.api.wait_for(user_id, seen, None if echo else needle)
    return len(steps)


async def crowd(tg: Telegram, bot: BotUnderTest, first_user: int, users: int,
                steps: Sequence[Step], concurrency: int) -> int:
    """`users` people walking at once, at most `concurrency` of them typing at a time."""
    gate = asyncio.Semaphore(concurrency)

    async def one(user_id: int) -> int:
        async with gate:
            return await walk(tg, bot, user_id, steps, bot.name == "echo")

    return sum(await asyncio.gather(*(one(first_user + i) for i in range(users))))


@dataclass
class Round:
    updates_per_s: float
    cpu_ms: float
    api_calls: float  # Bot API calls the bot made per update


async def measure(work: Callable[[], Awaitable[int]], bot: BotUnderTest,
                  api: FastBotApi) -> Round:
    calls = sum(api.calls.values())
    cpu, wall = bot.cpu_seconds(), time.perf_counter()
    updates = await work()
    wall, cpu = time.perf_counter() - wall, bot.cpu_seconds() - cpu
    return Round(updates / wall, 1000 * cpu / updates,
                 (sum(api.calls.values()) - calls) / updates)


def spread(values: Sequence[float], unit: str, digits: int = 2) -> str:
    return (f"min {min(values):.{digits}f}  median {statistics.median(values):.{digits}f}  "
            f"max {max(values):.{digits}f} {unit}")


def used_bytes(db: Path) -> int:
    """Bytes of the pages in use in the main file, once the WAL is checkpointed."""
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages, free, size = (conn.execute(f"PRAGMA {p}").fetchone()[0]
                             for p in ("page_count", "freelist_count", "page_size"))
    return int((pages - free) * size)


def table_rows(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("outbox", "processed_updates", "sent_messages", "sessions")}


async def maintained(db: Path, days_later: float) -> None:
    """The bot's periodic maintenance, as it will have run `days_later` days from now."""
    from bot.maintenance import maintain
    from storage.db import Database

    database = await Database.open(db)
    try:
        await maintain(database, datetime.now(UTC) + timedelta(days=days_later))
    finally:
        await database.close()


async def speed_and_storage(args: argparse.Namespace, tg: Telegram, folder: Path,
                            bots: Callable[[str], tuple[BotUnderTest, BotUnderTest]],
                            next_user: Iterator[int]) -> None:
    # A webhook is one URL per bot token: the bots take turns, as separate processes.
    echo, budgetbot = bots("speed")
    contenders = [echo, budgetbot]
    if args.before:  # the same bot from another checkout (e.g. before a change)
        port = free_port()
        campaign = budgetbot.argv[budgetbot.argv.index("--campaign") + 1]
        contenders.append(BotUnderTest("before", [
            "-m", "bot", "run", "--campaign", campaign,
            "--db", str(folder / "before.sqlite3"), "--base-url", tg.api.url, "--webhook-url",
            f"http://127.0.0.1:{port}/telegram", "--port", str(port)], port,
            cwd=Path(args.before)))
    rounds: dict[str, list[Round]] = {bot.name: [] for bot in contenders}
    print(f"throughput: {args.users} users x {len(PROPOSAL)} steps, "
          f"{args.rounds} interleaved rounds, pacing off")
    for r in range(args.rounds):
        order = contenders if r % 2 == 0 else contenders[::-1]
        for bot in order:
            await bot.start(tg.api, folder / f"{bot.name}.log")
            await crowd(tg, bot, next(next_user), 5, PROPOSAL, 5)  # warm-up
            first = next(next_user)
            result = await measure(lambda b=bot, f=first: crowd(  # type: ignore[misc]
                tg, b, f, args.users, PROPOSAL, args.users), bot, tg.api)
            rounds[bot.name].append(result)
            print(f"  round {r + 1} {bot.name:9} {result.updates_per_s:7.0f} updates/s  "
                  f"{result.cpu_ms:5.2f} ms CPU/update  "
                  f"{result.api_calls:4.2f} Bot API calls/update")
            await bot.stop()
    for name, got in rounds.items():
        print(f"{name:9} throughput {spread([g.updates_per_s for g in got], 'updates/s', 0)}")
        print(f"{name:9} CPU/update {spread([g.cpu_ms for g in got], 'ms')}")
    speed = statistics.median(g.updates_per_s for g in rounds["budgetbot"]) / \
        statistics.median(g.updates_per_s for g in rounds["echo"])
    cpu = statistics.median(g.cpu_ms for g in rounds["echo"]) / \
        statistics.median(g.cpu_ms for g in rounds["budgetbot"])
    print(f"ratio budgetbot/echo: throughput {speed:.2f}x, CPU per update {cpu:.2f}x "
          f"(echo CPU / budgetbot CPU; goal >= 0.9x)")
    if args.before:
        cpu = statistics.median(g.cpu_ms for g in rounds["echo"]) / \
            statistics.median(g.cpu_ms for g in rounds["before"])
        print(f"ratio before/echo: CPU per update {cpu:.2f}x")

    db = folder / "speed.sqlite3"
    dialogues = args.rounds * (args.users + 5)
    before = used_bytes(db)
    rows = table_rows(db)
    await maintained(db, days_later=2)
    after = used_bytes(db)
    print(f"storage: {dialogues} proposals, {rows}: {before / dialogues:.0f} bytes per "
          f"dialogue; after the maintenance 2 days later: {after / dialogues:.0f} bytes "
          f"{table_rows(db)}")


async def main(args: argparse.Namespace) -> None:
    folder = Path(tempfile.mkdtemp(prefix="botbench-"))
    campaign = campaign_file(folder)
    api = FastBotApi(TOKEN)
    await api.start()
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        tg = Telegram(api, http)

        def bots(tag: str) -> tuple[BotUnderTest, BotUnderTest]:
            echo_port, bb_port = free_port(), free_port()
            echo = BotUnderTest("echo", ["-m", "bench.echo_bot", "--base-url", api.url,
                                         "--webhook-url", f"http://127.0.0.1:{echo_port}/telegram",
                                         "--port", str(echo_port)], echo_port)
            profile = ["-m", "cProfile", "-o", str(folder / f"{tag}.prof")] \
                if args.profile else []
            budgetbot = BotUnderTest("budgetbot", [
                *profile, "-m", "bot", "run", "--campaign", str(campaign), "--db",
                str(folder / f"{tag}.sqlite3"), "--base-url", api.url, "--webhook-url",
                f"http://127.0.0.1:{bb_port}/telegram", "--port", str(bb_port)], bb_port)
            return echo, budgetbot

        next_user = itertools.count(10_000_000, 100_000)
        if args.rounds:
            await speed_and_storage(args, tg, folder, bots, next_user)
        if args.dialogues:
            print(f"memory: RSS idle, then with {args.dialogues} dialogues in progress")
            echo, budgetbot = bots("memory")
            for bot in (echo, budgetbot):
                await bot.start(api, folder / f"{bot.name}.log")
                await crowd(tg, bot, next(next_user), 5, PROPOSAL, 5)
                idle = bot.rss_mb()
                await crowd(tg, bot, next(next_user), args.dialogues, IN_PROGRESS, 200)
                busy = bot.rss_mb()
                print(f"  {bot.name:9} idle {idle:6.1f} MB   with {args.dialogues} dialogues "
                      f"{busy:6.1f} MB")
                await bot.stop()
    await api.stop()
    print(f"(files in {folder})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--dialogues", type=int, default=10_000)
    parser.add_argument("--before", help="also run `python -m bot` from this checkout")
    parser.add_argument("--profile", action="store_true",
                        help="run budgetbot under cProfile (figures then include its cost)")
    asyncio.run(main(parser.parse_args()))
