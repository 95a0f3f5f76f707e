"""Shared fixtures: the Bot API test server; a database a failing test left open is closed,
so the run ends instead of hanging."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from storage.db import Database
from tests.botapi import BotApiServer
from tests.e2e.botproc import TOKEN
from tests.postgres import postgres_server, postgres_url

__all__ = ["postgres_server", "postgres_url"]


@pytest.fixture
async def tg() -> AsyncIterator[BotApiServer]:
    """The Bot API test server on loopback, knowing the bot as @budgetbot with ``TOKEN``."""
    server = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await server.start()
    yield server
    await server.stop()


@pytest.fixture(autouse=True)
def _opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Database]]:
    """Databases opened during the test (aiosqlite's thread is not a daemon)."""
    opened: list[Database] = []
    real_open = Database.open.__func__  # type: ignore[attr-defined]

    async def recording_open(cls: type[Database], path: str | Path) -> Database:
        db: Database = await real_open(cls, path)
        opened.append(db)
        return db

    monkeypatch.setattr(Database, "open", classmethod(recording_open))
    yield opened


@pytest.fixture(autouse=True)
async def _close_leftovers(_opened: list[Database]) -> AsyncIterator[None]:
    yield
    for db in _opened:
        await db.close()
