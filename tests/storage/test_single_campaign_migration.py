"""A database of the single-campaign version (schema 7, written by that version's code: see
tests/data/make_single_campaign_db.py) is migrated in place, its rows given to the campaign
the bot serves, and it goes on working as before."""

from __future__ import annotations

import itertools
import shutil
import sqlite3
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from bot.campaign_rows import adopt_legacy
from flows.domain.verification import account_hash, phone_hash
from flows.i18n import plural, t
from storage import schema
from storage.postgres import schema as pg_schema
from storage.postgres.db import PostgresDatabase
from tests.flows.harness import PHONE_KEY, Harness, plain
from tests.flows.test_voting import IN_VOTE

OLD = Path(__file__).resolve().parents[1] / "data" / "single_campaign_v7.sqlite"
VOTER_501 = "+33612345601"  # voters 501 and 502 chose projects 1 to 3 (see the generator)


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    path = tmp_path / "bp.sqlite3"
    shutil.copyfile(OLD, path)
    harness = await Harness.open(path, now=IN_VOTE + timedelta(days=41))
    harness.update_ids = itertools.count(10_000)  # Telegram's ids go on from the old ones
    assert await adopt_legacy(harness.db, harness.campaign.id) > 0  # as `budgetbot run` does
    yield harness
    await harness.db.close()


def test_the_fixture_is_a_single_campaign_database() -> None:
    with sqlite3.connect(f"file:{OLD}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
        columns = {r[1] for r in conn.execute("PRAGMA table_info(voters)")}
    assert "campaign" not in columns


async def test_the_file_is_migrated_in_place_and_nothing_is_left_to_adopt(h: Harness) -> None:
    assert h.db_path is not None
    with sqlite3.connect(h.db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
        for table in ("proposals", "voters", "ballots", "settings", "progress", "sessions"):
            campaigns = {r[0] for r in conn.execute(f"SELECT DISTINCT campaign FROM {table}")}
            assert campaigns == {h.campaign.id}, table
    assert await adopt_legacy(h.db, h.campaign.id) == 0


async def test_a_voter_of_the_old_database_still_cannot_vote_twice(h: Harness) -> None:
    async with h.transaction() as uow:
        assert await uow.voting.has_voted(account_hash=account_hash(PHONE_KEY, 501))
        assert await uow.voting.cast(phone_hash(PHONE_KEY, VOTER_501), "another-account",
                                     "2027-04-20", None, None, [4]) is None
        assert (await uow.voting.counts())["voters"] == 2
        assert len(await uow.voting.ballots()) == 2


async def test_the_published_results_still_show(h: Harness) -> None:
    replies = await h.say(h.citizen(user_id=700), "/resultats")
    assert any(r.photo_png for r in replies)
    text = "\n".join(r.text for r in replies)
    assert "Projet 1" in text and "Projet 3" in text


async def test_the_winners_progress_still_shows(h: Harness) -> None:
    replies = await h.say(h.citizen(user_id=700), "/realisations")
    text = plain(replies[-1].text)
    assert plural("fr", "achievements_count", 3, page=1, pages=1) in text
    assert f"{t('fr', 'progress_stage_done')} — 100 %" in text
    assert "« Inauguré le 3 mai. »" in text
    assert "BP-2026-0004" not in text


async def test_the_proposals_still_show_and_references_go_on(h: Harness) -> None:
    async with h.transaction() as uow:
        proposals = await uow.proposals.all()
        assert [p.reference for p in proposals] == [f"BP-2026-000{n}" for n in range(1, 5)]
        made = await uow.proposals.create(9100, 9100, "fr", proposals[0].fields, "BP", 2026,
                                          h.now)
    assert made.reference == "BP-2026-0005"


async def test_a_postgresql_database_of_the_single_campaign_version_is_migrated_and_adopted(
        postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE budgetbot_schema (version INTEGER NOT NULL)")
        conn.execute("INSERT INTO budgetbot_schema VALUES (7)")
        for script in pg_schema.MIGRATIONS[:7]:
            conn.execute(script.encode())
        # Rows as the single-campaign version wrote them (its SQL, without a campaign).
        conn.execute("INSERT INTO voters (phone_hash, account_hash, day, commune, canton) "
                     "VALUES ('phoneA', 'accountA', '2027-04-02', '32013', '3203')")
        conn.execute("INSERT INTO ballots (ballot_id, day, channel, choices, receipt) "
                     "VALUES ('b1', '2027-04-02', 'online', '[1, 2]', 'R0000001')")
        conn.execute("INSERT INTO settings (key, value) VALUES ('results_published', 'x')")
        conn.execute("INSERT INTO subscribers (user_id, topic, chat_id, language) "
                     "VALUES (5, 'results', 5, 'fr')")
    db = await PostgresDatabase.open(postgres_url)
    try:
        assert await db.schema_version() == len(pg_schema.MIGRATIONS)
        assert await adopt_legacy(db, "gers-bpg4") == 4
        assert await adopt_legacy(db, "gers-bpg4") == 0
        async with db.transaction() as unscoped:
            uow = unscoped.in_campaign("gers-bpg4")
            assert await uow.voting.cast("phoneA", "accountZ", "2027-04-03", None, None,
                                         [3]) is None
            assert await uow.voting.ballots() == [("online", [1, 2])]
            assert await uow.voting.receipt_exists("R0000001")
            assert await uow.settings.get("results_published") == "x"
            assert await uow.subscribers.of_topic("results") == [(5, "fr")]
            # Another campaign of the same database: that phone votes there once.
            other = unscoped.in_campaign("aude-bp4")
            assert await other.voting.cast("phoneA", "accountA", "2027-04-03", None, None,
                                           [3]) is not None
    finally:
        await db.close()
