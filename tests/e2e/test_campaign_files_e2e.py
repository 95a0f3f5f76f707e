"""The running bot and the files its campaign names: read from the campaign file's folder."""

from __future__ import annotations

import asyncio
import html
from pathlib import Path

from flows.i18n import t
from tests.botapi import BotApiServer
from tests.cli.helpers import seed_admissible, territories_campaign
from tests.e2e.botproc import BotProcess, expect


async def test_a_territories_csv_removed_while_the_bot_runs_is_named_not_the_database(
        tg: BotApiServer, tmp_path: Path) -> None:
    marie = tg.add_user(first_name="Marie", language_code="fr")
    staff = tg.add_group(title="Équipe", admins=[tg.add_user(first_name="Paul")])
    campaign = territories_campaign(tmp_path / "campaign", staff.id)
    db = tmp_path / "bot.sqlite3"
    await seed_admissible(db)
    bot = BotProcess(tg, campaign, db)  # started from the project root, not the campaign's
    await bot.start()
    try:
        (tmp_path / "campaign" / "pays.csv").unlink()  # after the start, which checked it
        tg.inject_text(marie, "/voter")
        sorry = html.unescape(t("fr", "internal_error")).split(".")[0]
        await expect(tg, marie, sorry)
        await asyncio.sleep(0.2)
    finally:
        await bot.stop()
    log = bot.stderr()
    assert "update" in log and "failed" in log
    assert str(tmp_path / "campaign" / "pays.csv") in log
    assert "database" not in log.lower()
