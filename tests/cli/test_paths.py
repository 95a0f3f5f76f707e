"""Paths on the command line and in the campaign: a wrong one is refused naming it, and a
relative path in the campaign starts from the campaign file's folder, wherever we run from."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import os
import sqlite3
from pathlib import Path

import pytest

from tests.cli.helpers import EXAMPLES, budgetbot, seed_admissible, territories_campaign
from tests.e2e.botproc import PHONE_KEY, TOKEN

RUN_ENV = {"TELEGRAM_BOT_TOKEN": TOKEN, "BUDGETBOT_PHONE_KEY": PHONE_KEY}


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working folder that is neither the project's nor the campaign's."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_export_run_from_another_folder_reads_the_territories_beside_the_campaign(
        tmp_path: Path, elsewhere: Path) -> None:
    campaign = territories_campaign(tmp_path / "campaign", phase="results")
    db = tmp_path / "bp.sqlite3"
    auch, lectoure, condom = asyncio.run(seed_admissible(db))
    done = budgetbot("export", "--campaign", os.path.relpath(campaign, elsewhere),
                     "--db", str(db), "--out", "open-data", cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    projects = elsewhere / "open-data" / "gers-bpg4-projects.csv"
    with projects.open(encoding="utf-8", newline="") as f:
        territory = {int(row["project_id"]): row["territory"]
                     for row in csv.DictReader(f, delimiter=";")}
    assert territory == {auch: "Pays d'Auch", lectoure: "Lomagne", condom: "Armagnac"}


@pytest.mark.parametrize("command", ["export", "purge"])
def test_a_mistyped_database_is_refused_and_no_empty_one_is_created(
        tmp_path: Path, command: str) -> None:
    db = tmp_path / "bp.sqlite3"
    done = budgetbot(command, "--campaign", str(EXAMPLES / "gers.toml"), "--db", str(db),
                     cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"Cannot use the database {db}: no such file.\n"
    assert done.stdout == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["export", "purge"])
def test_a_file_that_is_no_database_is_refused_naming_it(tmp_path: Path, command: str) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n" * 200, encoding="utf-8")
    done = budgetbot(command, "--campaign", str(EXAMPLES / "gers.toml"), "--db", str(notes),
                     cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"Cannot use the database {notes}: file is not a database\n"
    assert "Traceback" not in done.stderr


def test_export_into_a_file_instead_of_a_folder_is_refused(tmp_path: Path) -> None:
    db, out = tmp_path / "bp.sqlite3", tmp_path / "out.csv"
    asyncio.run(seed_admissible(db))
    out.write_text("keep me\n", encoding="utf-8")
    done = budgetbot("export", "--campaign", str(EXAMPLES / "gers.toml"), "--db", str(db),
                     "--out", str(out))
    assert done.returncode == 2
    assert done.stderr == f"Cannot export into {out}: it is a file, not a folder.\n"
    assert out.read_text(encoding="utf-8") == "keep me\n"


def test_export_below_a_file_is_refused_naming_the_path(tmp_path: Path) -> None:
    db, out = tmp_path / "bp.sqlite3", tmp_path / "out.csv"
    asyncio.run(seed_admissible(db))
    out.write_text("keep me\n", encoding="utf-8")
    done = budgetbot("export", "--campaign", str(EXAMPLES / "gers.toml"), "--db", str(db),
                     "--out", str(out / "open-data"))
    assert done.returncode == 2
    assert done.stderr == f"Cannot export into {out / 'open-data'}: Not a directory\n"


def test_run_without_the_campaign_s_territories_csv_exits_2_naming_field_and_file(
        tmp_path: Path, elsewhere: Path) -> None:
    campaign = territories_campaign(tmp_path / "campaign", territories=None)
    done = budgetbot("run", "--campaign", os.path.relpath(campaign, elsewhere),
                     "--db", str(tmp_path / "b.db"), env=RUN_ENV, cwd=elsewhere)
    assert done.returncode == 2
    csv_path = tmp_path / "campaign" / "pays.csv"
    assert done.stderr == (
        f"{os.path.relpath(campaign, elsewhere)}: 1 problem(s) in the campaign file:\n"
        f"  - results.territories_csv: {csv_path}: cannot read the file "
        "(No such file or directory)\n")
    assert not (tmp_path / "b.db").exists()


def _projects(db: Path) -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM proposals").fetchone()[0])


@pytest.mark.parametrize("out", ["bp.sqlite3", "./bp.sqlite3", "bp.sqlite3-wal"])
def test_a_backup_onto_the_live_database_is_refused_and_leaves_it_whole(
        tmp_path: Path, out: str) -> None:
    db = tmp_path / "bp.sqlite3"
    asyncio.run(seed_admissible(db))
    before = db.read_bytes()
    done = budgetbot("backup", "--db", str(db), "--out", out, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (f"Cannot write the backup to {out}: that is the database itself; "
                           "name another file.\n")
    assert db.read_bytes() == before
    assert _projects(db) == 3


def test_a_backup_into_a_folder_or_a_missing_folder_is_refused_naming_it(
        tmp_path: Path) -> None:
    db = tmp_path / "bp.sqlite3"
    asyncio.run(seed_admissible(db))
    (tmp_path / "backups").mkdir()
    into_folder = budgetbot("backup", "--db", str(db), "--out", "backups", cwd=tmp_path)
    assert into_folder.returncode == 2
    assert into_folder.stderr == ("Cannot write the backup to backups: it is a folder; name a "
                                  "file in it, e.g. backups/budgetbot-backup.sqlite3\n")
    missing = budgetbot("backup", "--db", str(db), "--out", "nowhere/b.sqlite3", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr == ("Cannot write the backup to nowhere/b.sqlite3: there is no "
                              f"folder {tmp_path / 'nowhere'}.\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "bp.sqlite3"]
