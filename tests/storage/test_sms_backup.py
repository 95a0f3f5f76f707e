"""`budgetbot backup` treats the SMS voting tables alike on SQLite and PostgreSQL: replies not
sent yet are left out, ballots in progress unticked, everything else kept."""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from flows.sms_session import SmsSession
from storage import backup as sqlite_backup
from storage.backend import AnyDatabase, open_database
from storage.backup import BackupReport
from storage.postgres import backup as pg_backup
from tests.postgres import with_database


@dataclass
class Live:
    target: str
    db: AnyDatabase
    backup_to: Path


@pytest.fixture(params=["sqlite", "postgres"])
async def live(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Live]:
    if request.param == "postgres":
        target: str = request.getfixturevalue("postgres_url")
        out = tmp_path / "backup.sql"
    else:
        target, out = str(tmp_path / "live.sqlite3"), tmp_path / "backup.sqlite3"
    database = await open_database(target)
    yield Live(target, database, out)
    await database.close()


@pytest.fixture
def restored(request: pytest.FixtureRequest, live: Live) -> Iterator[str]:
    """Where the backup is restored: a copy of the SQLite file, or a new PostgreSQL database."""
    if not live.target.startswith("postgres"):
        yield str(live.backup_to)
        return
    server: str = request.getfixturevalue("postgres_server")
    url = with_database(server, live.target.rsplit("/", 1)[1] + "_restored")
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {url.rsplit('/', 1)[1]}".encode())
    yield url
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {url.rsplit('/', 1)[1]} WITH (FORCE)".encode())


def take_backup(live: Live, restored: str) -> BackupReport:
    if live.target.startswith("postgres"):
        report = pg_backup.backup(live.target, live.backup_to)
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(live.backup_to),
                        restored], check=True, capture_output=True)
        return report
    return sqlite_backup.backup(Path(live.target), live.backup_to)


async def test_a_backup_drops_sms_replies_and_unticks_sms_ballots_in_progress(
        live: Live, restored: str) -> None:
    async with live.db.transaction() as uow:
        await uow.sms_sessions.save("code-awaited", SmsSession(choices=[1, 2]), 1.0)
        await uow.sms_sessions.save("commune-asked", SmsSession(awaiting_commune=[3, 4]), 1.0)
        await uow.sms_sessions.save("english", SmsSession(language="en", residence="32013"), 1.0)
        await uow.sms_replies.put("sealed-number", "A voté ! Reçu : 1A2B3C4D", [], secret=True)
        await uow.sms_inbox.add("mo-1", "sealed-number", "LISTE", 1.0, "2026-05-04")
    await live.db.close()

    report = take_backup(live, restored)

    assert (report.unsent_receipts_dropped, report.sessions_unticked) == (1, 2)
    copy = await open_database(restored)
    try:
        async with copy.reading() as uow:
            assert (await uow.sms_sessions.load("code-awaited")) == SmsSession()
            assert (await uow.sms_sessions.load("commune-asked")) == SmsSession()
            assert (await uow.sms_sessions.load("english")) == SmsSession(
                language="en", residence="32013")
            assert await uow.sms_replies.next_due() is None
            assert [m.text for m in await uow.sms_inbox.waiting()] == ["LISTE"]
    finally:
        await copy.close()
    live.db = await open_database(live.target)  # for the fixture to close
