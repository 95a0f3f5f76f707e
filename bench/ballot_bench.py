"""Durable ballots per second through the storage layer.

    .venv/bin/python -m bench.ballot_bench [--ballots 2000] [--rounds 3] [--db postgresql://...]

Each ballot is the transaction the vote's last tap makes: the update id recorded, the
session read and written, voter and ballot inserted, the receipt queued. Every ballot's
commit is synced to disk before its block ends (Database.transaction). One voter at a time,
each ballot pays a disk flush, as synchronous=FULL would; with voters tapping at once,
ballots queued behind each other share one commit and one flush (group commit).
With `--db URL`, the same rounds also run on that PostgreSQL database (a pool of
connections, one transaction per ballot, each commit flushed by the server), side by side.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from flows.replies import Message
from storage.backend import AnyDatabase, open_database


async def cast(db: AnyDatabase, voter: int, now: datetime) -> None:
    async with db.transaction() as uow:
        assert await uow.updates.first_time(voter, now)
        session = await uow.sessions.load(voter, voter)
        receipt = await uow.voting.cast(f"phone{voter:08d}", f"account{voter:08d}",
                                        now.date().isoformat(), "32107", "3205", [1, 4, 7])
        assert receipt is not None
        await uow.sessions.save(voter, voter, session, now)
        await uow.outbox.put(Message(voter, f"Votre reçu : {receipt}"))


async def round_of(target: str | Path, first: int, ballots: int,
                   at_once: int) -> tuple[float, float, float]:
    """(ballots per second, ballots per disk flush, CPU µs per ballot) with `at_once` voters
    tapping together; voters numbered from `first`, so that rounds can share one PostgreSQL
    database. CPU is this process's (all threads): on a machine shared with other work,
    1e6 / CPU is the rate the storage layer would reach with a core to itself."""
    db = await open_database(target)
    now = datetime.now(UTC)
    voters = iter(range(first, first + ballots))

    async def one_voter_after_another() -> None:
        # `at_once` of these, rather than a task per ballot behind a semaphore: waking the
        # next of thousands of waiters cost the bench more than a ballot's SQL.
        for voter in voters:
            await cast(db, voter, now)

    try:
        start, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(one_voter_after_another() for _ in range(at_once)))
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        syncs = db.syncs
    finally:
        await db.close()
    return ballots / elapsed, ballots / max(syncs, 1), 1e6 * cpu / ballots


def spread(values: list[float]) -> str:
    return (f"min {min(values):6.0f}  median {statistics.median(values):6.0f}  "
            f"max {max(values):6.0f} ballots/s")


async def main(args: argparse.Namespace) -> None:
    folder = Path(tempfile.mkdtemp(prefix="ballotbench-", dir=args.dir))
    backends = ["sqlite", *(["postgresql"] if args.db else [])]
    results: dict[tuple[str, int], list[tuple[float, float, float]]] = {
        (b, n): [] for b in backends for n in (1, args.voters)}
    for r in range(args.rounds):
        for at_once in (1, args.voters) if r % 2 == 0 else (args.voters, 1):
            ballots = args.ballots if at_once > 1 else args.ballots // 4
            for backend in backends:  # interleaved: both see the same load on the machine
                target = args.db if backend == "postgresql" else \
                    folder / f"r{r}-{at_once}.sqlite3"
                first = 1 + (2 * r + (at_once > 1)) * 1_000_000
                results[backend, at_once].append(
                    await round_of(target, first, ballots, at_once))
    print(f"durable ballots (committed and flushed to disk before the block ends), "
          f"{args.rounds} rounds, SQLite files in {folder}")
    for (backend, at_once), got in results.items():
        per_sync = statistics.median(g[1] for g in got)
        flushes = f", {per_sync:.1f} ballots per disk flush" if backend == "sqlite" else ""
        cpu = [g[2] for g in got]
        print(f"  {backend:10s} {at_once:3d} voter(s) at once: {spread([g[0] for g in got])}"
              f"{flushes}, CPU per ballot min {min(cpu):.0f}  median "
              f"{statistics.median(cpu):.0f}  max {max(cpu):.0f} µs")
    for backend in backends:
        ratio = statistics.median(g[0] for g in results[backend, args.voters]) / \
            statistics.median(g[0] for g in results[backend, 1])
        print(f"{backend}: {args.voters} voters at once vs one at a time: {ratio:.1f}x "
              "(goal: >= 2,000 ballots/s)")
    if args.db:
        for at_once in (1, args.voters):
            ratio = statistics.median(g[0] for g in results["postgresql", at_once]) / \
                statistics.median(g[0] for g in results["sqlite", at_once])
            print(f"postgresql vs sqlite, {at_once} voter(s) at once: {ratio:.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ballots", type=int, default=4000)
    parser.add_argument("--voters", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", default=None, help="where the database files go (a real disk)")
    parser.add_argument("--db", default=None, help="also run on this PostgreSQL database "
                        "(postgresql://...; voters are added to it)")
    asyncio.run(main(parser.parse_args()))
