"""On PostgreSQL, no row, and no backup, ties a voter to a ballot."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from bot.cli import main
from flows.domain.model import ProposalFields
from flows.replies import Message
from flows.session import Session
from storage.postgres.db import PostgresDatabase
from tests.postgres import with_database

NOW = datetime(2026, 5, 4, 10, 30, tzinfo=UTC)
LINKED = "SELECT COUNT(*) FROM voters v JOIN ballots b ON v.xmin = b.xmin"


def count(url: str, sql: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(sql.encode()).fetchone()
    assert row is not None
    return int(row[0])


async def vote(db: PostgresDatabase, n: int) -> str:
    async with db.transaction() as uow:
        receipt = await uow.voting.cast(f"phone{n}", f"account{n}", "2026-05-04", "32013",
                                        "3203", [1, n % 5 + 2])
        assert receipt is not None
        await uow.outbox.put(Message(n, f"Votre reçu : {receipt}", secret=True))
        await uow.sessions.save(n, n, Session(flow="vote", data={"choices": [1]}), NOW)
        return receipt


async def test_the_scrub_leaves_no_ballot_written_by_its_voters_transaction(
        postgres_url: str) -> None:
    db = await PostgresDatabase.open(postgres_url)
    try:
        for n in range(5):
            await vote(db, n)
        assert count(postgres_url, LINKED) == 5  # a ballot is written with its voter
        assert await db.scrub()
        assert count(postgres_url, LINKED) == 0
        async with db.reading() as uow:
            assert len(await uow.voting.ballots()) == 5
    finally:
        await db.close()


async def test_a_backup_restores_whole_and_ties_no_chat_to_its_ballot(
        postgres_url: str, postgres_server: str, tmp_path: Path) -> None:
    db = await PostgresDatabase.open(postgres_url)
    try:
        receipts = [await vote(db, n) for n in range(6)]
        async with db.transaction() as uow:
            await uow.proposals.create(1, 1, "fr", ProposalFields(title="Banc"), "GERS", 2026,
                                       NOW)
    finally:
        await db.close()
    out = tmp_path / "backup.sql"
    assert main(["backup", "--db", postgres_url, "--out", str(out)]) == 0
    text = out.read_bytes()
    for receipt in receipts:  # in the ballot box, and nowhere else
        assert text.count(receipt.encode()) == 1
    ballots = re.search(rb'COPY "ballots" .*?\n(.*?)\n\\\.', text, re.S)
    assert ballots is not None
    ids = [line.split(b"\t")[0] for line in ballots[1].splitlines()]
    assert ids == sorted(ids) and len(ids) == 6  # random ids, not the order of casting

    restored = with_database(postgres_server, postgres_url.rsplit("/", 1)[1] + "_restored")
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {restored.rsplit('/', 1)[1]}".encode())
    try:
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(out), restored],
                       check=True, capture_output=True)
        again = await PostgresDatabase.open(restored)
        try:
            async with again.transaction() as uow:
                assert len(await uow.voting.ballots()) == 6
                assert await uow.voting.counts() == {"voters": 6, "ballots_online": 6}
                assert await uow.outbox.count_pending() == 0  # the receipts were not sent
                assert (await uow.sessions.load(3, 3)).data == {}
                assert await uow.voting.receipt_exists(receipts[0])
                later = await uow.proposals.create(2, 2, "fr", (await uow.proposals.all())[0]
                                                   .fields, "GERS", 2026, NOW)
                assert later.reference == "GERS-2026-0002" and later.id == 2
        finally:
            await again.close()
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {restored.rsplit('/', 1)[1]} WITH (FORCE)".encode())
