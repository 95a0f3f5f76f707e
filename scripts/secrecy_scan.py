"""Runs a vote through the real bot and prints what a reader of its files and log could find.

    .venv/bin/python scripts/secrecy_scan.py [--voters 10] [--window 10]

Then the same by plain SMS (--sms-voters, 0 to skip): the SMS tables hold the number sealed
and keyed by its HMAC, next to what the sender voted until the receipt is out.

The bot runs as `budgetbot run` at BUDGETBOT_LOG=DEBUG against the Bot API test server and a
real Kannel; the database files (main, -wal, -shm) are read raw, page by page (bot/diskscan)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.diskscan import Traces, links, sms_voter_traces, wal_size
from flows.domain.verification import account_hash, phone_hash
from tests.e2e.botproc import PHONE_KEY, ROOT
from tests.e2e.test_secrecy_e2e import (
    Voter,
    cast,
    outbox_drained,
    phone_forms,
    start_vote,
    verified,
)
from tests.e2e.test_sms_vote_e2e import ask, code_in, running
from tests.e2e.test_vote_e2e import Vote, fill
from tests.sms.kannel import KannelHarness, find_binaries

BALLOTS = [(1, 2, 3), (2, 3, 4), (1, 3, 4), (1, 2, 4)]


async def until_unlinked(db: Path, who: Voter, since: float, found: list[float]) -> None:
    """Seconds from the receipt's arrival until no page of the files links this voter."""
    while links(db, who.traces()):
        await asyncio.sleep(0.05)
    found.append(time.monotonic() - since)


async def one_voter(v: Vote, n: int) -> tuple[Voter, int]:
    """A citizen votes; how many pages linked them to their ticks just before they confirmed."""
    who = Voter(v.tg.add_user(first_name=f"V{n}", user_id=6_000_000_000 + n),
                f"+336{12_000_000 + n:08d}", BALLOTS[n % len(BALLOTS)])
    await verified(v, who, who.e164)
    await fill(v, who.user, *who.choices)
    mid_ballot = len(links(v.bot.db, who.traces()))
    await cast(v, who)
    return who, mid_ballot


def log_secrets(log: str, voters: list[Voter]) -> int:
    key = PHONE_KEY.encode()
    found = 0
    for who in voters:
        needles = [*phone_forms(who.e164), who.code, str(who.receipt),
                   phone_hash(key, who.e164), account_hash(key, who.user.id)]
        found += sum(log.count(s) for s in needles)
    return found + log.count("☑")


async def backup_links(v: Vote, voters: list[Voter], out: Path) -> int:
    return await backup_traces(v, [who.traces() for who in voters], out)


async def backup_traces(v: Vote, traces: list[Traces], out: Path) -> int:
    done = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "backup", "--db", str(v.bot.db), "--out", str(out),
        cwd=ROOT, stdout=asyncio.subprocess.DEVNULL)
    assert await done.wait() == 0
    return sum(len(links(out, trace)) for trace in traces)


async def sms_voter(v: Vote, n: int) -> tuple[Traces, int]:
    """A plain phone votes; how many pages linked it to its ballot while the code was awaited."""
    number, choices = f"+336{13_000_000 + n:08d}", BALLOTS[n % len(BALLOTS)]
    text = "VOTE " + " ".join(map(str, choices))
    confirm = await ask(v, number, text, replies=2)
    waiting = len(links(v.bot.db, sms_voter_traces(PHONE_KEY.encode(), number, choices,
                                                   texts=(text,))))
    receipt = await ask(v, number, f"OUI {code_in(confirm)}")
    return sms_voter_traces(PHONE_KEY.encode(), number, choices, receipt.split()[-1],
                            (text,)), waiting


async def sms_outbox_drained(db: Path) -> None:
    for _ in range(100):
        with contextlib.closing(sqlite3.connect(db)) as conn:
            if conn.execute("SELECT COUNT(*) FROM sms_outbox").fetchone()[0] == 0:
                return
        await asyncio.sleep(0.05)
    raise AssertionError("the SMS outbox never drained")


async def sms_main(voters: int, window: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with running(Path(tmp), BUDGETBOT_SECRECY_WINDOW=str(window)) as v:
            cast_by: list[Traces] = []
            waiting: list[int] = []
            for n in range(voters):
                traces, pages = await sms_voter(v, n)
                cast_by.append(traces)
                waiting.append(pages)
            await asyncio.sleep(window + 1)
            live = sum(len(links(v.bot.db, trace)) for trace in cast_by)
            backup = await backup_traces(v, cast_by, Path(tmp) / "backup.sqlite3")
            last, _ = await sms_voter(v, voters)
            cast_by.append(last)
            await sms_outbox_drained(v.bot.db)
            await v.bot.kill()
            before = len(links(v.bot.db, last))
            await v.bot.start()
            after = sum(len(links(v.bot.db, trace)) for trace in cast_by)
    print(f"{voters} SMS voters, BUDGETBOT_SECRECY_WINDOW={window:g} s")
    print(f"pages linking a number (hashed or sealed) to its choices while the code is awaited: "
          f"min {min(waiting)} / median {statistics.median(waiting)} / max {max(waiting)}")
    print(f"pages linking any number to its ballot {window + 1:g} s after the receipts: {live}")
    print(f"pages linking any number to its ballot in `budgetbot backup`: {backup}")
    print(f"kill -9 just after a receipt: {before} linking pages left; after restart: {after}")


async def main(voters: int, window: float) -> None:
    binaries = find_binaries()
    if binaries is None:
        sys.exit("Kannel is not installed (see tests/sms/install-kannel.sh)")
    with tempfile.TemporaryDirectory() as tmp, \
            KannelHarness(Path(tmp) / "kannel", binaries) as kannel:
        v = await start_vote(Path(tmp), kannel, BUDGETBOT_LOG="DEBUG",
                             BUDGETBOT_SECRECY_WINDOW=str(window))
        try:
            cast_by: list[Voter] = []
            mid: list[int] = []
            gone_after: list[float] = []
            watchers = []
            for n in range(voters):
                who, pages = await one_voter(v, n)
                watchers.append(asyncio.create_task(
                    until_unlinked(v.bot.db, who, time.monotonic(), gone_after)))
                cast_by.append(who)
                mid.append(pages)
            await asyncio.wait_for(asyncio.gather(*watchers), window + 5)
            live = sum(len(links(v.bot.db, who.traces())) for who in cast_by)
            backup = await backup_links(v, cast_by, Path(tmp) / "backup.sqlite3")

            last, _ = await one_voter(v, voters)
            cast_by.append(last)
            await outbox_drained(v.bot.db)
            await v.bot.kill()
            before = len(links(v.bot.db, last.traces()))
            wal_before = wal_size(v.bot.db)
            await v.bot.start()
            after = sum(len(links(v.bot.db, who.traces())) for who in cast_by)
            await v.bot.stop()
            log = v.bot.stderr()
        finally:
            await v.bot.stop()
            await v.tg.stop()
    print(f"{voters} voters, BUDGETBOT_SECRECY_WINDOW={window:g} s, BUDGETBOT_LOG=DEBUG")
    print(f"pages linking a voter to their ticks just before confirming: "
          f"min {min(mid)} / median {statistics.median(mid)} / max {max(mid)}")
    print(f"seconds from receipt until no page links the voter: min {min(gone_after):.2f} / "
          f"median {statistics.median(gone_after):.2f} / max {max(gone_after):.2f}")
    print(f"pages linking any voter to their ballot once all receipts are out: {live}")
    print(f"pages linking any voter to their ballot in `budgetbot backup`: {backup}")
    print(f"kill -9 just after a receipt: {before} linking pages left ({wal_before} B of -wal); "
          f"after restart: {after}")
    print(f"log lines at DEBUG: {len(log.splitlines())}; numbers, codes, receipts, hashes "
          f"or ticked boxes in them: {log_secrets(log, cast_by)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--voters", type=int, default=10)
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--sms-voters", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.voters, args.window))
    if args.sms_voters:
        asyncio.run(sms_main(args.sms_voters, args.window))
