"""Schema migrations: one numbered list per backend, the version kept in the database, and
an older schema brought up to date once, however many processes start against it."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import psycopg

from storage import schema as sqlite_schema
from storage.db import Database
from storage.postgres import schema as pg_schema
from storage.postgres.db import PostgresDatabase


def test_every_migration_has_its_postgresql_spelling_at_the_same_number() -> None:
    assert len(pg_schema.MIGRATIONS) == len(sqlite_schema.MIGRATIONS)


async def test_workers_started_together_on_an_empty_database_migrate_it_once(
        postgres_url: str) -> None:
    opened = await asyncio.gather(*(PostgresDatabase.open(postgres_url) for _ in range(4)))
    try:
        versions = {await db.schema_version() for db in opened}
    finally:
        for db in opened:
            await db.close()
    assert versions == {len(pg_schema.MIGRATIONS)}


async def test_a_postgresql_database_of_an_older_schema_is_migrated_keeping_its_rows(
        postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE budgetbot_schema (version INTEGER NOT NULL)")
        conn.execute("INSERT INTO budgetbot_schema VALUES (2)")
        for script in pg_schema.MIGRATIONS[:2]:
            conn.execute(script.encode())
        conn.execute("INSERT INTO outbox (payload) VALUES ('{\"chat_id\": 77}')")
    db = await PostgresDatabase.open(postgres_url)
    try:
        assert await db.schema_version() == len(pg_schema.MIGRATIONS)
        async with db.reading() as uow:
            assert [q.chat_id for q in await uow.outbox.queued(10)] == [77]
    finally:
        await db.close()


async def test_a_sqlite_file_of_an_older_schema_is_migrated_keeping_its_rows(
        tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript("".join(sqlite_schema.MIGRATIONS[:2]) + "PRAGMA user_version = 2;")
        conn.execute("INSERT INTO outbox (payload) VALUES ('{\"chat_id\": 77}')")
    db = await Database.open(path)
    try:
        async with db.reading() as uow:
            assert [q.chat_id for q in await uow.outbox.queued(10)] == [77]
    finally:
        await db.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(sqlite_schema.MIGRATIONS)
