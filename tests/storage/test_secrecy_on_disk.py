"""What a finished ballot leaves in the raw files: the -wal scrub and the unlinked backup."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.diskscan import links, voter_traces, wal_size
from flows.replies import Message
from flows.session import Session
from storage.backup import BackupError, backup
from storage.db import Database

NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)
MARIE = 5123456790
PHONE_HASH = "ab" * 32
TRACES = voter_traces(MARIE, [PHONE_HASH], [2, 3], "C0FFEE42")


async def ballot_in_progress(db: Database) -> None:
    """Marie, verified, ticks 2 then 3: her session holds her phone hash beside her ticks."""
    ticks = Session(flow="vote", step="ballot", data={"phone_hash": PHONE_HASH, "choices": [2, 3]})
    async with db.transaction() as uow:
        await uow.sessions.save(MARIE, MARIE, ticks, NOW)
        await uow.outbox.put(Message(MARIE, "☑️ n°2", tag=f"ballot:{MARIE}:1"))


async def cast(db: Database) -> None:
    """The ballot goes in the box, the session is reset, the receipt waits to be sent."""
    async with db.transaction() as uow:
        await uow.voting.add_ballot("2026-12-03", "online", [2, 3], "C0FFEE42")
        await uow.sessions.save(MARIE, MARIE, Session(nonce=1), NOW)
        await uow.outbox.put(Message(MARIE, "Votre reçu : C0FFEE42", secret=True))


async def deliver_everything(db: Database) -> None:
    async with db.transaction() as uow:
        for outbox_id, message, _ in await uow.outbox.pending(NOW.timestamp() + 1):
            await uow.outbox.mark_sent(outbox_id, message.tag, MARIE, 7)


async def test_deleted_rows_stay_in_the_wal_until_it_is_scrubbed(tmp_path: Path) -> None:
    path = tmp_path / "v.sqlite3"
    db = await Database.open(path)
    await ballot_in_progress(db)
    await cast(db)
    await deliver_everything(db)
    assert links(path, TRACES) != []  # secure_delete alone leaves the old page images
    assert await db.scrub()
    assert links(path, TRACES) == []
    assert wal_size(path) == 0
    await db.close()


async def test_opening_the_file_after_a_crash_scrubs_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "v.sqlite3"
    db = await Database.open(path)
    await ballot_in_progress(db)
    await cast(db)
    await deliver_everything(db)
    # A copy of the files as a kill -9 leaves them (the connection never closed).
    crashed = tmp_path / "crashed.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        crashed.with_name(crashed.name + suffix).write_bytes(
            path.with_name(path.name + suffix).read_bytes())
    await db.close()
    assert links(crashed, TRACES) != []
    reopened = await Database.open(crashed)
    assert links(crashed, TRACES) == []
    await reopened.close()


async def test_a_backup_leaves_out_unsent_receipts_and_ticks_and_keeps_every_ballot(
        tmp_path: Path) -> None:
    path, out = tmp_path / "v.sqlite3", tmp_path / "copy.sqlite3"
    db = await Database.open(path)
    await ballot_in_progress(db)
    await cast(db)  # the receipt is not sent yet: the live files link Marie to it
    report = backup(path, out)
    await db.close()
    assert (report.counts["ballots"], report.unsent_receipts_dropped) == (1, 2)
    assert links(out, TRACES) == []
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT receipt FROM ballots").fetchall() == [("C0FFEE42",)]
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)


async def test_a_backup_unticks_a_ballot_in_progress(tmp_path: Path) -> None:
    path, out = tmp_path / "v.sqlite3", tmp_path / "copy.sqlite3"
    db = await Database.open(path)
    await ballot_in_progress(db)
    report = backup(path, out)
    await db.close()
    assert report.sessions_unticked == 1
    assert links(out, voter_traces(MARIE, [PHONE_HASH], [2, 3])) == []
    restored = await Database.open(out)
    async with restored.transaction() as uow:
        session = await uow.sessions.load(MARIE, MARIE)
    await restored.close()
    assert (session.step, session.data) == ("ballot", {"phone_hash": PHONE_HASH})


def test_a_file_that_is_not_budgetbots_is_not_backed_up(tmp_path: Path) -> None:
    path, out = tmp_path / "v.sqlite3", tmp_path / "copy.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE unrelated (x)")  # not a budgetbot database
    with pytest.raises(sqlite3.OperationalError):
        backup(path, out)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [path]


async def test_a_receipt_kept_outside_the_ballot_box_fails_the_check(tmp_path: Path) -> None:
    path, out = tmp_path / "v.sqlite3", tmp_path / "copy.sqlite3"
    db = await Database.open(path)
    await cast(db)
    async with db.transaction() as uow:  # e.g. a future feature noting a receipt elsewhere
        await uow.audit.record(NOW, MARIE, "citizen", "note", "x", {"receipt": "C0FFEE42"})
    with pytest.raises(BackupError, match="receipt shows up outside the ballot box"):
        backup(path, out)
    await db.close()
    assert not out.exists()
