"""A database outage (PostgreSQL restarting, a SQLite file locked too long) is told apart
from a bug, and the work it stopped is done once the database answers again."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import psycopg
import pytest

from bot.outage import when_back
from bot.outbox_sender import OutboxSender
from flows.replies import CallbackAnswer, Message
from storage.backend import is_transient
from storage.postgres.db import PostgresDatabase
from tests.bot.test_outbox_pacing import Clocked
from tests.pgcluster import Cluster
from tests.postgres import own_cluster

__all__ = ["own_cluster"]  # the fixture, imported for this module's tests


def error_of(work: object) -> BaseException:
    try:
        work()  # type: ignore[operator]
    except Exception as exc:
        return exc
    raise AssertionError("no error")


def test_a_server_refusing_connections_is_an_outage(own_cluster: Cluster) -> None:
    own_cluster.shut_down()
    assert is_transient(error_of(lambda: psycopg.connect(own_cluster.url, connect_timeout=2)))


def test_a_connection_cut_by_a_restart_is_an_outage(own_cluster: Cluster) -> None:
    with psycopg.connect(own_cluster.url) as conn:
        own_cluster.shut_down()
        assert is_transient(error_of(lambda: conn.execute(b"SELECT 1")))


def test_a_broken_rule_or_a_wrong_statement_on_postgresql_is_not_an_outage(
        postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(b"CREATE TABLE t (k INTEGER PRIMARY KEY)")
        conn.execute(b"INSERT INTO t VALUES (1)")
        assert not is_transient(error_of(lambda: conn.execute(b"INSERT INTO t VALUES (1)")))
        assert not is_transient(error_of(lambda: conn.execute(b"SELECT nothing FROM t")))


def test_a_sqlite_file_locked_beyond_the_busy_timeout_is_an_outage(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (k INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, isolation_level=None, timeout=0.05)
    assert is_transient(error_of(lambda: other.execute("INSERT INTO t VALUES (1)")))
    assert not is_transient(error_of(lambda: other.execute("SELEC 1")))
    assert not is_transient(ValueError("a bug"))
    holder.close()
    other.close()


async def test_work_stopped_by_a_restart_is_done_once_postgresql_is_back(
        own_cluster: Cluster) -> None:
    db = await PostgresDatabase.open(own_cluster.url)
    async with db.transaction() as uow:
        await uow.settings.put("k", "before")
    await asyncio.to_thread(own_cluster.shut_down)

    async def write() -> None:
        async with db.transaction() as uow:
            await uow.settings.put("k", "after")

    writing = asyncio.create_task(when_back(write, "test", first=0.2, longest=1.0))
    await asyncio.sleep(2.0)
    assert not writing.done()  # waiting, not failed
    await asyncio.to_thread(own_cluster.start)
    await asyncio.wait_for(writing, 20)
    async with db.reading() as uow:
        assert await uow.settings.get("k") == "after"
    await db.close()


async def test_a_bug_is_raised_at_once_not_retried() -> None:
    calls = 0

    async def broken() -> None:
        nonlocal calls
        calls += 1
        raise KeyError("a bug")

    with pytest.raises(KeyError):
        await when_back(broken, "test")
    assert calls == 1


class CutOffAfterSending(Clocked):
    """Telegram takes the message; the database goes down before the sender records it."""

    def __init__(self, cluster: Cluster) -> None:
        super().__init__()
        self._cluster = cluster

    async def deliver(self, message: Message) -> int | None:
        sent = await super().deliver(message)
        if len(self.sent) == 1:
            await asyncio.to_thread(self._cluster.shut_down)
        return sent

    async def answer(self, answer: CallbackAnswer) -> None:
        return None


async def test_a_message_sent_as_postgresql_goes_down_is_not_sent_again_once_it_is_back(
        own_cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    # Units of work give up on a connection after 0.5 s, well within the outage.
    monkeypatch.setattr("storage.postgres.db.WAIT", 0.5)
    db = await PostgresDatabase.open(own_cluster.url)
    async with db.transaction() as uow:
        await uow.outbox.put(Message(42, "Votre bulletin est enregistré"))
    transport = CutOffAfterSending(own_cluster)
    sender = OutboxSender(db, transport, per_second=30)
    sender.start()
    await asyncio.sleep(3.0)  # the sender keeps passing over the outbox meanwhile
    await asyncio.to_thread(own_cluster.start)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            async with db.reading() as uow:
                if not await uow.outbox.queued(10, set()):
                    break
        except psycopg.OperationalError:  # the pool still reconnecting (a loaded machine)
            pass
        await asyncio.sleep(0.2)
    await asyncio.sleep(1.5)  # a wrong resend would come within the sender's 1 s pass
    await sender.stop()
    await db.close()
    assert [text for _, text in transport.sent] == ["Votre bulletin est enregistré"]
