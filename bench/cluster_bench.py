"""budgetbot workers on PostgreSQL against the single SQLite process, in the same run.

    .venv/bin/python -m bench.cluster_bench [--workers 1,2,4] [--rounds 3] [--users 100]
                                            [--db postgresql://...]

Each contender is the unmodified bot (`python -m bot run`, webhook mode) against the fast
loopback Bot API stub (bench/botapi_stub.py), outbox pacing off (BUDGETBOT_PACING=off): the
SQLite file with one process, then 1, 2, 4 ... workers on one PostgreSQL database, each
listening on its own port. This process plays Telegram, handing the updates to the workers
in turn (round robin, as an nginx `upstream` would), and the users: `--users` people at once
through the 16 steps of a proposal (bench/bot_bench.py), each waiting for the bot's answer.
Rounds are interleaved; each contender gets a fresh database. Printed per round: updates/s,
the workers' CPU per update and the PostgreSQL server's (its backends' user+system time);
then min/median/max, the ratio to SQLite, and what one worker needs: resident memory (RSS)
and the PostgreSQL connections it holds.

Without `--db`, a throwaway cluster with fsync on (tests/pgcluster.py) on this machine's
disk. A count of workers the bot refuses (one worker per database before issue 12 item 2)
is reported as refused, and the others still run.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import psycopg

from bench.bot_bench import (
    PROPOSAL,
    SECRET,
    TOKEN,
    BotUnderTest,
    Telegram,
    campaign_file,
    crowd,
    free_port,
    listening,
    spread,
)
from bench.botapi_stub import FastBotApi

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Workers:
    """Several `budgetbot run` processes on one database, one port each, one public URL."""

    name: str
    workers: list[BotUnderTest]
    public_url: str
    turn: Iterator[int] = field(default_factory=itertools.count)

    @property
    def url(self) -> str:
        """The next worker's webhook, in turn (what a round-robin load balancer does)."""
        return self.workers[next(self.turn) % len(self.workers)].url

    async def start(self, api: FastBotApi, folder: Path) -> None:
        """Start each worker and wait until it listens; the last setWebhook wins, as in a
        real deployment where they all register the same public URL."""
        for i, worker in enumerate(self.workers):
            log = folder / f"{self.name}-{i}.log"
            env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "BUDGETBOT_WEBHOOK_SECRET": SECRET,
                   "BUDGETBOT_PHONE_KEY": "bench-phone-key-0123456789abcdef0123456789",
                   "BUDGETBOT_PACING": "off", "BUDGETBOT_LOG": "WARNING"}
            api.webhook_url = ""
            worker.proc = await asyncio.create_subprocess_exec(
                sys.executable, *worker.argv, cwd=worker.cwd,
                env=env, stdout=asyncio.subprocess.DEVNULL, stderr=log.open("ab"))
            deadline = time.monotonic() + 120
            while api.webhook_url != self.public_url or not await listening(worker.port):
                if worker.proc.returncode is not None or time.monotonic() > deadline:
                    raise Refused(log.read_text(errors="replace").strip().splitlines()[-1:])
                await asyncio.sleep(0.05)

    async def stop(self) -> None:
        for worker in self.workers:
            await worker.stop()

    def cpu_seconds(self) -> float:
        return sum(w.cpu_seconds() for w in self.workers if w.proc and w.proc.returncode is None)

    def rss_mb(self) -> list[float]:
        return [w.rss_mb() for w in self.workers]


class Refused(Exception):
    """A worker stopped before it served (e.g. another one already serves the database)."""


class Server:
    """A PostgreSQL server: fresh databases, and the CPU time its processes used."""

    def __init__(self, url: str, postmaster: int | None) -> None:
        self.url = url
        self.postmaster = postmaster

    def fresh(self) -> str:
        name = f"bench_{secrets.token_hex(4)}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}".encode())
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def connections(self, url: str) -> int:
        """Connections to that database, other than this one asking."""
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute(b"SELECT COUNT(*) FROM pg_stat_activity "
                               b"WHERE datname = current_database() "
                               b"AND pid <> pg_backend_pid()").fetchone()
        return int(row[0]) if row else 0

    def cpu_seconds(self) -> float:
        """The server's processes, alive or exited (the postmaster's reaped children)."""
        if self.postmaster is None:
            return 0.0
        total = 0.0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(entry.name) == self.postmaster:
                total += sum(int(f) for f in fields[11:15]) / TICKS  # own + reaped children
            elif int(fields[1]) == self.postmaster:
                total += (int(fields[11]) + int(fields[12])) / TICKS
        return total


@dataclass
class Round:
    updates_per_s: float
    bot_cpu_ms: float
    server_cpu_ms: float


async def measure(tg: Telegram, bots: Workers, server: Server | None, first: int,
                  users: int) -> Round:
    server_cpu = server.cpu_seconds() if server else 0.0
    cpu, wall = bots.cpu_seconds(), time.perf_counter()
    updates = await crowd(tg, bots, first, users, PROPOSAL, users)  # type: ignore[arg-type]
    wall, cpu = time.perf_counter() - wall, bots.cpu_seconds() - cpu
    server_cpu = (server.cpu_seconds() - server_cpu) if server else 0.0
    return Round(updates / wall, 1000 * cpu / updates, 1000 * server_cpu / updates)


def contender(name: str, count: int, db: str, campaign: Path, api: FastBotApi) -> Workers:
    public = f"http://127.0.0.1:{free_port()}/telegram"  # what every worker registers
    workers = []
    for i in range(count):
        port = free_port()
        workers.append(BotUnderTest(f"{name}-{i}", [
            "-m", "bot", "run", "--campaign", str(campaign), "--db", db, "--base-url", api.url,
            "--webhook-url", public, "--port", str(port)], port))
    return Workers(name, workers, public)


async def main(args: argparse.Namespace) -> None:
    folder = Path(tempfile.mkdtemp(prefix="clusterbench-"))
    campaign = campaign_file(folder)
    cluster = None
    if args.db:
        server = Server(args.db, None)
    else:
        from tests.pgcluster import start_cluster

        cluster = start_cluster(durable=True)
        pid = int((cluster.folder / "data" / "postmaster.pid").read_text().split()[0])
        server = Server(cluster.url, pid)
    api = FastBotApi(TOKEN)
    await api.start()
    counts = [int(n) for n in args.workers.split(",")]
    names = ["sqlite", *(f"pg-{n}" for n in counts)]
    rounds: dict[str, list[Round]] = {name: [] for name in names}
    refused: dict[str, str] = {}
    needs: list[str] = []
    next_user = itertools.count(10_000_000, 100_000)
    print(f"throughput: {args.users} users x {len(PROPOSAL)} steps, webhook, round robin over "
          f"the workers, {args.rounds} interleaved rounds, pacing off")
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
            tg = Telegram(api, http)
            for r in range(args.rounds):
                order = names if r % 2 == 0 else names[::-1]
                for name in order:
                    if name in refused:
                        continue
                    await one_round(args, tg, api, server, campaign, folder, name, r,
                                    next_user, rounds, refused, needs)
    finally:
        await api.stop()
        if cluster is not None:
            cluster.stop()
    report(rounds, refused, needs)
    print(f"(logs in {folder})")


async def one_round(args: argparse.Namespace, tg: Telegram, api: FastBotApi, server: Server,
                    campaign: Path, folder: Path, name: str, r: int, next_user: Iterator[int],
                    rounds: dict[str, list[Round]], refused: dict[str, str],
                    needs: list[str]) -> None:
    count = 1 if name == "sqlite" else int(name.split("-")[1])
    db = str(folder / f"{name}-{r}.sqlite3") if name == "sqlite" else server.fresh()
    bots = contender(name, count, db, campaign, api)
    try:
        await bots.start(api, folder)
    except Refused as exc:
        refused[name] = " ".join(exc.args[0]) or "stopped at start"
        print(f"  round {r + 1} {name:7} refused: {refused[name]}")
        await bots.stop()
        return
    try:
        await crowd(tg, bots, next(next_user), 5, PROPOSAL, 5)  # type: ignore[arg-type]
        result = await measure(tg, bots, None if name == "sqlite" else server,
                               next(next_user), args.users)
        rounds[name].append(result)
        print(f"  round {r + 1} {name:7} {result.updates_per_s:7.0f} updates/s  "
              f"{result.bot_cpu_ms:5.2f} ms bot CPU/update  "
              f"{result.server_cpu_ms:5.2f} ms PostgreSQL CPU/update")
        if r == 0:
            rss = bots.rss_mb()
            held = "" if name == "sqlite" else \
                f", {server.connections(db)} PostgreSQL connections in all"
            needs.append(f"{name:7} RSS per worker after the round: "
                         f"{' '.join(f'{m:.0f}' for m in rss)} MB{held}")
    finally:
        await bots.stop()


def report(rounds: dict[str, list[Round]], refused: dict[str, str], needs: list[str]) -> None:
    for name, got in rounds.items():
        if name in refused or not got:
            print(f"{name:7} refused: {refused.get(name, 'no round')}")
            continue
        print(f"{name:7} throughput {spread([g.updates_per_s for g in got], 'updates/s', 0)}")
        print(f"{name:7} bot CPU/update {spread([g.bot_cpu_ms for g in got], 'ms')}; "
              f"with PostgreSQL's {spread([g.bot_cpu_ms + g.server_cpu_ms for g in got], 'ms')}")
    base = statistics.median(g.updates_per_s for g in rounds["sqlite"])
    for name, got in rounds.items():
        if name != "sqlite" and got:
            ratio = statistics.median(g.updates_per_s for g in got) / base
            print(f"ratio {name}/sqlite: throughput {ratio:.2f}x")
    for line in needs:
        print(line)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", default="1,2,4", help="worker counts on PostgreSQL")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--db", help="a PostgreSQL server URL whose user may create "
                                     "databases (default: a throwaway cluster, fsync on)")
    asyncio.run(main(parser.parse_args()))
