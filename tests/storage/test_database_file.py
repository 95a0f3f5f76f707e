"""Opening the SQLite file: schema set up once, and a bad file fails fast instead of hanging."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storage.db import Database

ROOT = Path(__file__).resolve().parents[2]


async def test_a_new_file_gets_the_schema_and_reopening_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite3"
    db = await Database.open(path)
    async with db.transaction() as uow:
        await uow.settings.put("greeting", "bonjour")
    await db.close()
    again = await Database.open(path)
    async with again.transaction() as uow:
        assert await uow.settings.get("greeting") == "bonjour"
    await again.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("PRAGMA user_version").fetchone()[0] > 0


async def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("pas une base de données\n" * 100, encoding="utf-8")
    with pytest.raises(sqlite3.DatabaseError):
        await Database.open(path)


def test_a_process_refused_its_database_exits_instead_of_hanging(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("pas une base de données\n" * 100, encoding="utf-8")
    script = ("import asyncio, sys; from storage.db import Database\n"
              f"asyncio.run(Database.open({str(path)!r}))")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert "file is not a database" in done.stderr
