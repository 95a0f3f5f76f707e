"""Ballot secrecy end to end: no voter next to their ballot in the log, the database files or
a backup. The real bot over HTTP, a real Kannel, the raw bytes of the files read page by page."""

from __future__ import annotations

import asyncio
import contextlib
import html
import re
import shutil
import sqlite3
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from bot.diskscan import Traces, links, occurrences, sms_voter_traces, voter_traces
from flows.domain.sealing import seal
from flows.domain.verification import account_hash, phone_hash
from flows.i18n import t
from storage.db import Database
from tests.botapi import BotApiServer
from tests.botapi.models import TgUser
from tests.e2e.botproc import GERS_ID, PHONE_KEY, ROOT, TOKEN, BotProcess, campaign_file, expect
from tests.e2e.test_sms_vote_e2e import ask, code_in, running
from tests.e2e.test_vote_e2e import Vote, fill, seed_projects, tap, to_phone_step
from tests.sms.kannel import KannelHarness

WINDOW = 1.0  # BUDGETBOT_SECRECY_WINDOW: the 10 s of the guarantee, shortened for the test


@dataclass
class Voter:
    user: TgUser
    e164: str
    choices: tuple[int, ...]
    code: str = ""
    receipt: str | None = None

    def traces(self) -> Traces:
        key = PHONE_KEY.encode()
        hashes = (phone_hash(key, self.e164), account_hash(key, self.user.id))
        return voter_traces(self.user.id, hashes, self.choices, self.receipt)


async def start_vote(tmp_path: Path, kannel: KannelHarness, **env: str) -> Vote:
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    paul = tg.add_user(first_name="Paul")
    staff = tg.add_group(title="Équipe", admins=[paul])
    sms = (f'\n[sms]\nkind = "kannel"\nkannel_url = "{kannel.base_url}"\n'
           f'kannel_username = "{kannel.username}"\n')
    db = tmp_path / "vote.sqlite3"
    await seed_projects(db, 4)
    bot = BotProcess(tg, campaign_file(tmp_path, staff.id, phase="vote", extra=sms), db,
                     env={"KANNEL_PASSWORD": kannel.password,
                          "BUDGETBOT_SECRECY_WINDOW": str(WINDOW), **env})
    await bot.start()
    return Vote(tg, bot, kannel, staff, paul)


@pytest.fixture
async def vote(tmp_path: Path, kannel: KannelHarness) -> AsyncIterator[Vote]:
    v = await start_vote(tmp_path, kannel)
    yield v
    await v.bot.stop()
    await v.tg.stop()


@pytest.fixture
async def debug_vote(tmp_path: Path, kannel: KannelHarness) -> AsyncIterator[Vote]:
    v = await start_vote(tmp_path, kannel, BUDGETBOT_LOG="DEBUG")
    yield v
    await v.bot.stop()
    await v.tg.stop()


def voter(v: Vote, user_id: int, e164: str, *choices: int) -> Voter:
    """A citizen with a real-looking Telegram id (10 digits, stored on 6 bytes by SQLite)."""
    return Voter(v.tg.add_user(first_name="Marie", user_id=user_id), e164, choices)


async def verified(v: Vote, who: Voter, typed: str, at_phone_step: bool = False) -> None:
    """From /voter to the ballot screen, the number typed as `typed`; keeps the SMS code."""
    if not at_phone_step:
        await to_phone_step(v, who.user)
    v.tg.inject_text(who.user, typed)
    await expect(v.tg, who.user, "code à 6 chiffres")
    who.code = re.findall(r"\b\d{6}\b", await v.kannel.wait_for_sms(who.e164, timeout=15))[0]
    v.tg.inject_text(who.user, who.code)


async def cast(v: Vote, who: Voter) -> None:
    await tap(v, who.user, "Confirmer mon vote")
    message = await expect(v.tg, who.user, "A voté")
    found = re.search(r"reçu : ([0-9A-F]{8})", message.text or "")
    assert found, message.text
    who.receipt = found[1]


async def outbox_drained(db: Path) -> None:
    """Every reply went out and was recorded (so none is sent again after a crash)."""
    for _ in range(100):
        with contextlib.closing(sqlite3.connect(db)) as conn:
            if conn.execute("SELECT COUNT(*) FROM outbox WHERE sent = 0").fetchone()[0] == 0:
                return
        await asyncio.sleep(0.05)
    raise AssertionError("the outbox never drained")


def phone_forms(e164: str) -> list[str]:
    """+33612345681 as people and libraries write it."""
    national = "0" + e164[3:]
    spaced = " ".join([national[:2], *(national[i:i + 2] for i in range(2, 10, 2))])
    return [e164, e164[1:], "00" + e164[1:], national, spaced, spaced.replace(" ", "."),
            "+33 " + spaced[1:], e164[3:]]


async def test_a_vote_at_debug_level_leaves_no_number_code_receipt_or_choice_in_the_log(
        debug_vote: Vote) -> None:
    v = debug_vote
    marie = voter(v, 5123456781, "+33612345681", 1, 2, 3)
    await to_phone_step(v, marie.user)
    v.tg.inject_contact(marie.user, marie.e164, forwarded=True)  # a contact in an update
    await expect(v.tg, marie.user, "pas le vôtre")
    await verified(v, marie, "06 12 34 56 81", at_phone_step=True)
    await fill(v, marie.user, *marie.choices)
    await cast(v, marie)
    v.tg.inject_text(marie.user, f"/recu {marie.receipt}")  # the receipt typed back
    await expect(v.tg, marie.user, "bien dans l'urne")
    await asyncio.sleep(WINDOW)
    await v.bot.stop()

    log = v.bot.stderr()
    assert " DEBUG bot.scrubber: " in log  # DEBUG was on, and the -wal was truncated
    key = PHONE_KEY.encode()
    secrets = [*phone_forms(marie.e164), marie.code, str(marie.receipt), "[1, 2, 3]", "t:1:",
               "☑", phone_hash(key, marie.e164), account_hash(key, marie.user.id)]
    assert [s for s in secrets if s in log] == []
    # The voter's id may show up (an error about their chat), never beside a ballot word.
    ballot_words = ("ballot", "bulletin", "vote", "receipt", "reçu", "choices")
    assert [line for line in log.splitlines() if str(marie.user.id) in line
            and any(w in line.lower() for w in ballot_words)] == []


async def test_database_files_tie_no_voter_to_a_delivered_ballot_live_and_after_a_kill(
        vote: Vote) -> None:
    v, db = vote, vote.bot.db
    marie = voter(v, 5123456782, "+33612345682", 2, 3, 4)
    await verified(v, marie, "0612345682")
    await fill(v, marie.user, *marie.choices)
    # Mid-ballot the link exists (the -wal holds the session: phone hash beside the ticks).
    assert links(db, marie.traces()) != []
    await cast(v, marie)
    await asyncio.sleep(WINDOW)
    assert links(db, marie.traces()) == []
    assert occurrences(db, str(marie.receipt).encode()).get("vote.sqlite3-wal", 0) == 0
    # Still in the ballot box (row and UNIQUE index), and the person on the voter list.
    assert occurrences(db, str(marie.receipt).encode())["vote.sqlite3"] == 2
    assert occurrences(db, phone_hash(PHONE_KEY.encode(), marie.e164).encode())["vote.sqlite3"]

    await v.bot.stop()  # a long window: the crash below comes before any scrub
    v.bot.env["BUDGETBOT_SECRECY_WINDOW"] = "10"
    await v.bot.start()
    jean = voter(v, 5123456783, "+33612345683", 1, 3, 4)
    await verified(v, jean, "+33 6 12 34 56 83")
    await fill(v, jean.user, *jean.choices)
    await cast(v, jean)
    await outbox_drained(db)
    await v.bot.kill()
    assert links(db, jean.traces()) != []  # what the crash left in the -wal
    await v.bot.start()
    assert links(db, jean.traces()) == []
    assert links(db, marie.traces()) == []
    assert (db.with_name(db.name + "-wal")).stat().st_size == 0


async def test_a_backup_restored_ties_no_voter_to_a_ballot(vote: Vote, tmp_path: Path) -> None:
    v, db = vote, vote.bot.db
    marie = voter(v, 5123456784, "+33612345684", 1, 2, 3)
    await verified(v, marie, "06 12 34 56 84")
    await fill(v, marie.user, *marie.choices)
    await cast(v, marie)
    jean = voter(v, 5123456785, "+33612345685", 1, 2, 4)  # mid-ballot during the backup
    await verified(v, jean, "06 12 34 56 85")
    await fill(v, jean.user, *jean.choices)
    assert links(db, jean.traces()) != []

    out = tmp_path / "backup.sqlite3"
    done = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "backup", "--db", str(db), "--out", str(out), cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    stdout, stderr = await done.communicate()
    assert done.returncode == 0, stderr.decode()
    assert "ballots 1" in stdout.decode()
    assert "ticked choices of 1 ballot(s) in progress" in stdout.decode()
    assert not out.with_name(out.name + "-wal").exists()

    restored = tmp_path / "restored.sqlite3"
    shutil.copyfile(out, restored)
    opened = await Database.open(restored)
    async with opened.transaction() as unscoped:
        uow = unscoped.in_campaign(GERS_ID)
        assert await uow.voting.receipt_exists(str(marie.receipt))
        assert len(await uow.voting.ballots()) == 1
        assert await uow.voting.has_voted(
            account_hash=account_hash(PHONE_KEY.encode(), marie.user.id))
    await opened.close()
    for path in (out, restored):
        assert links(path, marie.traces()) == []
        assert links(path, jean.traces()) == []

    await cast(v, jean)  # the ballot Jean was filling: the backup does not give it away
    for path in (out, restored):
        assert links(path, jean.traces()) == []


async def test_an_sms_vote_leaves_no_hash_or_sealed_number_beside_its_ballot(
        tmp_path: Path) -> None:
    key, number, vote_text = PHONE_KEY.encode(), "+33612340009", "VOTE 1 3 4"
    understood = html.unescape(t("fr", "smsv_understood",
                                 lines="1 Projet 1; 3 Projet 3; 4 Projet 4"))
    async with running(tmp_path, BUDGETBOT_SECRECY_WINDOW=str(WINDOW)) as v:
        db = v.bot.db
        confirm = await ask(v, number, vote_text, replies=2)
        waiting = sms_voter_traces(key, number, (1, 3, 4), texts=(vote_text, understood))
        # Waiting for its code, the ballot is kept beside the number's hash (sms_sessions).
        assert links(db, waiting) != []
        found = re.findall(r"RECU ([0-9A-F]{8})", await ask(v, number, f"OUI {code_in(confirm)}"))
        traces = sms_voter_traces(key, number, (1, 3, 4), found[0], (vote_text, understood))
        await asyncio.sleep(WINDOW)
        assert links(db, traces) == []
    assert links(db, traces) == []

    # A reply holding the receipt, left for the sealed number: found by unsealing alone.
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("INSERT INTO sms_outbox (recipient, text, log_ids) VALUES (?, ?, '[]')",
                     (seal(key, number), f"Reçu : {found[0]}"))
    assert links(db, traces) != []
    assert links(db, replace(traces, number="")) == []
