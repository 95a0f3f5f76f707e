"""A database from the single-campaign version, served with several campaigns: its rows go
to the campaign whose references they carry, or the bot refuses to start, saying why."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from flows.domain.model import ProposalFields
from storage.schema import MIGRATIONS
from tests.botapi import BotApiServer
from tests.e2e.botproc import PHONE_KEY, ROOT, TOKEN, BotProcess, expect
from tests.e2e.test_campaigns_e2e import campaigns_folder

SINGLE_CAMPAIGN_SCHEMA = 7  # the last migration of the version serving one campaign


def legacy_database(path: Path, reference: str, user_id: int) -> None:
    """A database as the single-campaign version left it, holding one proposal."""
    fields = ProposalFields(title="Un banc au lavoir", description="Pour se reposer.",
                            theme="ecologie", commune="32013", cost=Decimal(1200))
    at = datetime(2026, 11, 20, 10, tzinfo=UTC).isoformat()
    with sqlite3.connect(path) as db:
        db.executescript("".join(MIGRATIONS[:SINGLE_CAMPAIGN_SCHEMA])
                         + f"PRAGMA user_version = {SINGLE_CAMPAIGN_SCHEMA};")
        db.execute("INSERT INTO proposals (reference, user_id, chat_id, language, status, "
                   "theme, commune, cost, fields, submitted_at, updated_at) "
                   "VALUES (?, ?, ?, 'fr', 'submitted', 'ecologie', '32013', '1200', ?, ?, ?)",
                   (reference, user_id, user_id, fields.model_dump_json(), at, at))
    db.close()


async def test_legacy_proposals_stay_with_the_campaign_of_their_references(
        tg: BotApiServer, tmp_path: Path) -> None:
    marie = tg.add_user(first_name="Marie", language_code="fr")
    gers = tg.add_group(title="Gers", admins=[tg.add_user(first_name="Paul")])
    aude = tg.add_group(title="Aude", admins=[tg.add_user(first_name="Anne")])
    db = tmp_path / "old.sqlite3"
    legacy_database(db, "BP-2026-0007", marie.id)
    bot = BotProcess(tg, campaigns_folder(tmp_path, gers.id, aude.id), db)
    await bot.start()
    try:
        tg.inject_text(marie, "/start gers-bpg4")
        await expect(tg, marie, "Bienvenue")
        tg.inject_text(marie, "/mesprojets")
        mine = await expect(tg, marie, "BP-2026-0007")
        assert "Un banc au lavoir" in mine.text
    finally:
        await bot.stop()


async def test_legacy_proposals_no_campaign_matches_stop_the_start_with_a_clear_message(
        tg: BotApiServer, tmp_path: Path) -> None:
    gers = tg.add_group(title="Gers", admins=[tg.add_user(first_name="Paul")])
    aude = tg.add_group(title="Aude", admins=[tg.add_user(first_name="Anne")])
    db = tmp_path / "old.sqlite3"
    legacy_database(db, "LOT-2019-0001", 5)
    folder = campaigns_folder(tmp_path, gers.id, aude.id)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--campaign", str(folder), "--db", str(db),
        "--base-url", tg.url, cwd=ROOT, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={"PATH": "/usr/bin:/bin", "TELEGRAM_BOT_TOKEN": TOKEN,
             "BUDGETBOT_PHONE_KEY": PHONE_KEY, "PYTHONPATH": str(ROOT)})
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 2
    assert "LOT-2019-0001" in err.decode()
    assert "aude-bp4 (AUDE-2026), gers-bpg4 (BP-2026)" in err.decode()
    assert "Add the campaign file they belong to." in err.decode()
