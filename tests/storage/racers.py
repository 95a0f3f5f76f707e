"""Several connections to one SQLite file, as separate workers would have: for racing the
atomic ports with no lock of ours between them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from storage.db import Database

RACERS = 4


@asynccontextmanager
async def connections(tmp_path: Path) -> AsyncIterator[list[aiosqlite.Connection]]:
    """Autocommit connections to one database file, as separate workers would have."""
    path = tmp_path / "race.sqlite3"
    await (await Database.open(path)).close()  # the schema
    conns = [await aiosqlite.connect(str(path), isolation_level=None) for _ in range(RACERS)]
    try:
        for conn in conns:
            await conn.execute("PRAGMA busy_timeout=5000")
        yield conns
    finally:
        for conn in conns:
            await conn.close()
