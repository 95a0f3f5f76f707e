"""The storage contract tests run on every backend: a SQLite file and a PostgreSQL database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.backend import AnyDatabase, open_database


@pytest.fixture(params=["sqlite", "postgres"])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AnyDatabase]:
    """An open, migrated, empty database of each backend."""
    if request.param == "postgres":
        target: str = request.getfixturevalue("postgres_url")
    else:
        target = str(tmp_path / "contract.sqlite3")
    database = await open_database(target)
    yield database
    await database.close()
