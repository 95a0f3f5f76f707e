"""A database of the single-campaign version under the unmodified bot: `budgetbot run`
migrates it in place, gives its rows to the campaign it serves, and shows the results and the
winners' progress as before (the file: tests/data/make_single_campaign_db.py)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from storage import schema
from tests.botapi import BotApiServer
from tests.e2e.botproc import GERS_ID, TOKEN, BotProcess, campaign_file, expect

OLD = Path(__file__).resolve().parents[1] / "data" / "single_campaign_v7.sqlite"


async def test_run_migrates_a_single_campaign_database_and_serves_its_results(
        tmp_path: Path) -> None:
    db = tmp_path / "bp.sqlite3"
    shutil.copyfile(OLD, db)
    with sqlite3.connect(db) as conn:  # Telegram's ids go on; the test server's start at 1
        conn.execute("DELETE FROM processed_updates")
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    luc = tg.add_user(first_name="Luc", language_code="fr")
    staff = tg.add_group(title="Équipe BP", admins=[tg.add_user(first_name="Paul")])
    bot = BotProcess(tg, campaign_file(tmp_path, staff.id, phase="results"), db)
    await bot.start()
    try:
        tg.inject_text(luc, "/resultats")
        await expect(tg, luc, "Projet 1")
        tg.inject_text(luc, "/realisations")
        await expect(tg, luc, "Inauguré le 3 mai.")
    finally:
        await bot.stop()
        await tg.stop()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
        for table in ("proposals", "voters", "ballots", "progress"):
            assert {r[0] for r in conn.execute(f"SELECT DISTINCT campaign FROM {table}")} \
                == {GERS_ID}, table
        # The campaign's settings are its own; the bot's upkeep writes its own under "".
        settings = dict(conn.execute("SELECT key, campaign FROM settings"))
    assert settings["results_published"] == GERS_ID and settings["maintenance_at"] == ""
