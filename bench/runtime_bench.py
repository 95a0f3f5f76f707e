"""Citizens' reply time with and without a slow staff group, one user alone against a bare
echo bot, and updates lost or doubled by kill -9: the real `budgetbot run` over loopback HTTP.

Run from the project root: ``.venv/bin/python bench/runtime_bench.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.botapi import BotApiServer  # noqa: E402
from tests.botapi.models import BotMessage, TgChat, TgUser  # noqa: E402
from tests.e2e.botproc import TOKEN, BotProcess, campaign_file, free_port  # noqa: E402

ECHO_BOT = """
import sys
from telegram.ext import Application, MessageHandler, filters
async def echo(update, context):
    await update.message.reply_text(update.message.text)
app = Application.builder().token(sys.argv[1]).base_url(sys.argv[2] + "/bot").build()
app.add_handler(MessageHandler(filters.TEXT, echo))
port = int(sys.argv[3])
app.run_webhook(listen="127.0.0.1", port=port, url_path="echo",
                webhook_url=f"http://127.0.0.1:{port}/echo")
"""


class Replies:
    """Time from each injected update to the next bot message in its chat."""

    def __init__(self, tg: BotApiServer) -> None:
        self.waiting: dict[int, list[float]] = {}
        self.times: list[float] = []
        tg.listeners.append(self._on_message)

    def sent(self, chat_id: int) -> None:
        self.waiting.setdefault(chat_id, []).append(time.perf_counter())

    def _on_message(self, event: str, message: BotMessage) -> None:
        queue = self.waiting.get(message.chat_id)
        if queue:
            self.times.append(time.perf_counter() - queue.pop(0))

    def take(self) -> list[float]:
        times, self.times, self.waiting = self.times, [], {}
        return times


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def citizens(tg: BotApiServer, replies: Replies, people: list[TgUser], seconds: float,
                   staff: list[TgUser] | None, group: TgChat, db: Path,
                   every: float) -> list[float]:
    """Citizens writing every `every` seconds each; with `staff`, staff chatting meanwhile,
    one message a second, in a group whose getChatMember takes 1 s and which Telegram once
    tells to wait 10 s."""
    rng = random.Random(7)
    end = time.perf_counter() + seconds
    if staff:
        tg.slow_down("getChatMember", 1.0)
        tg.fail_next("sendMessage", retry_after=10, chat=group)
    tick = 0
    while time.perf_counter() < end:
        for person in people[tick % round(every)::round(every)]:  # each every `every` s
            replies.sent(person.id)
            tg.inject_text(person, rng.choice(["/start", "bonjour", "/aide", "je veux voter"]))
            await asyncio.sleep(0.5 / len(people))
        if staff:  # staff chatting, one of them asking the bot for figures now and then
            who = staff[tick % len(staff)]
            tg.inject_text(who, "/stats" if tick % 5 == 0 else "On en parle demain ?",
                           chat=group)
        tick += 1
        await asyncio.sleep(0.5)
    await wait_drained(db)
    tg.slow_down("getChatMember", 0.0)
    return replies.take()


async def alone(tg: BotApiServer, replies: Replies, user: TgUser, rounds: int) -> list[float]:
    for i in range(rounds):
        replies.sent(user.id)
        tg.inject_text(user, "bonjour" if i % 2 else "/aide")
        await tg.wait_until(lambda: not replies.waiting.get(user.id), timeout=10)
        await asyncio.sleep(1.0)  # a person reads before answering: Telegram's 1/s per chat
    return replies.take()


async def echo_alone(tg: BotApiServer, replies: Replies, rounds: int) -> list[float]:
    port = free_port()
    before = len(tg.calls("setWebhook"))
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", ECHO_BOT, TOKEN, tg.url,
                                                str(port), stdout=asyncio.subprocess.DEVNULL,
                                                stderr=asyncio.subprocess.DEVNULL)
    try:
        await tg.wait_until(lambda: len(tg.calls("setWebhook")) > before, timeout=60)
        await asyncio.sleep(1.0)
        return await alone(tg, replies, tg.add_user(first_name="Echo"), rounds)
    finally:
        proc.terminate()
        await proc.wait()


async def kill_burst(webhook: bool, users: int, tmp: Path) -> tuple[int, int, int]:
    """(updates lost, dialogues doubled, messages resent) after kill -9 on a burst."""
    async with BotApiServer(token=TOKEN, bot_username="budgetbot") as tg:
        group = tg.add_group(title="Équipe")
        bot = BotProcess(tg, campaign_file(tmp, group.id), tmp / f"kill-{webhook}.sqlite3",
                         webhook_port=free_port() if webhook else None)
        await bot.start()
        try:
            people = [tg.add_user(first_name="Citoyen") for _ in range(users)]
            steps = ("/proposer", "Abri vélo", "Un abri couvert pour dix vélos à Lectoure.")
            ids = [tg.inject_text(u, s)["update_id"] for s in steps for u in people]
            await tg.wait_idle(timeout=120)
            await bot.kill()
            await bot.start()
            await wait_drained(bot.db)
            with sqlite3.connect(bot.db) as conn:
                done = {r[0] for r in conn.execute("SELECT update_id FROM processed_updates")}
            lost = len(set(ids) - done)
            shown = [[m.raw_text for m in tg.sent_messages(u) if m.method == "sendMessage"]
                     for u in people]
            resent = sum(sum(1 for a, b in itertools.pairwise(s) if a == b)
                         for s in shown)
            distinct = {tuple(x for i, x in enumerate(s) if i == 0 or x != s[i - 1])
                        for s in shown}
            doubled = len(distinct) - 1  # every citizen took the same three steps
            return lost, doubled, resent
        finally:
            await bot.stop()


async def wait_drained(db: Path, quiet: float = 1.0) -> None:
    def pending() -> int:
        with sqlite3.connect(db) as conn:
            row = conn.execute("SELECT (SELECT COUNT(*) FROM inbox) + "
                               "(SELECT COUNT(*) FROM outbox WHERE sent = 0)").fetchone()
        return int(row[0])

    while pending():
        await asyncio.sleep(0.2)
    await asyncio.sleep(quiet)


def line(name: str, values: list[float]) -> str:
    return (f"{name:<44} n={len(values):>4}  median {statistics.median(values) * 1000:7.1f} ms"
            f"  p95 {p(values, 0.95) * 1000:7.1f} ms")


async def main(args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="budgetbot-bench-"))
    async with BotApiServer(token=TOKEN, bot_username="budgetbot") as tg:
        replies = Replies(tg)
        staff = [tg.add_user(first_name=f"Agent{i}") for i in range(3)]
        group = tg.add_group(title="Équipe", admins=staff)
        bot = BotProcess(tg, campaign_file(tmp, group.id), tmp / "bench.sqlite3",
                         webhook_port=free_port())
        await bot.start()
        people = [tg.add_user(first_name=f"C{i}") for i in range(args.citizens)]
        before = tg._next_update_id
        single = tg.add_user(first_name="Seule")
        try:
            await alone(tg, replies, single, 5)  # warm-up
            rounds: dict[str, list[float]] = {"plain": [], "slow": [], "alone": []}
            for _ in range(args.rounds):  # interleaved, so load drift hits both alike
                rounds["plain"] += await citizens(tg, replies, people, args.seconds, None, group,
                                                  bot.db, args.every)
                rounds["slow"] += await citizens(tg, replies, people, args.seconds, staff, group,
                                                 bot.db, args.every)
                rounds["alone"] += await alone(tg, replies, single, args.alone)
        finally:
            await bot.stop()
        updates = tg._next_update_id - before
        echo = await echo_alone(tg, replies, args.alone)
    print(f"{args.citizens} citizens writing every {args.every:.0f} s, {args.rounds} x "
          f"{args.seconds:.0f} s each way, webhook mode:")
    calls = sum(len(tg.calls(m)) for m in ("sendMessage", "editMessageText",
                                           "editMessageReplyMarkup", "sendPhoto"))
    print(f"(bot messages and edits sent: {calls}, for {updates} updates)")
    print(line("citizens, staff group quiet", rounds["plain"]))
    print(line("citizens, getChatMember 1 s, staff 1 msg/s, 429", rounds["slow"]))
    ratio = statistics.median(rounds["slow"]) / statistics.median(rounds["plain"])
    print(f"{'median ratio slow / quiet':<44} {ratio:.2f}x (goal <= 1.5x)")
    print(line("one user alone, budgetbot", rounds["alone"]))
    print(line("one user alone, bare PTB echo bot", echo))
    gap = (statistics.median(rounds["alone"]) - statistics.median(echo)) * 1000
    print(f"{'median gap budgetbot - echo':<44} {gap:.1f} ms (goal < 10 ms)")
    for webhook in (False, True):
        lost, doubled, resent = await kill_burst(webhook, args.kill_users, tmp)
        mode = "webhook" if webhook else "polling"
        print(f"kill -9 after {3 * args.kill_users} updates ({mode}): {lost} lost, "
              f"{doubled} handled twice, {resent} messages resent (on the wire at the kill)")


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--citizens", type=int, default=20)
    ap.add_argument("--every", type=float, default=3.0, help="seconds between a citizen's "
                    "messages (Telegram allows about one reply a second in a chat)")
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--alone", type=int, default=20)
    ap.add_argument("--kill-users", type=int, default=100)
    return ap.parse_args(argv)


if __name__ == "__main__":
    os.environ.setdefault("BUDGETBOT_LOG", "WARNING")
    asyncio.run(main(parse()))
