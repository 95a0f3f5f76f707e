"""The unmodified bot on PostgreSQL (`budgetbot run --db postgresql://...`): a proposal
decided by staff, and a vote verified by SMS through Kannel, with a crash in the middle."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from flows.domain.model import ProposalFields, ProposalStatus
from storage.postgres.db import PostgresDatabase
from tests.botapi import BotApiServer
from tests.e2e.botproc import GERS_ID, TOKEN, BotProcess, campaign_file, expect
from tests.e2e.test_proposal_e2e import World, walk_to_summary
from tests.e2e.test_proposal_e2e import tap as tap_and_wait
from tests.e2e.test_vote_e2e import Vote, fill, latest_with, verify
from tests.sms.kannel import KannelHarness


def rows(url: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql.encode()).fetchall()


@pytest.fixture
async def world(tmp_path: Path, postgres_url: str) -> AsyncIterator[World]:
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    marie = tg.add_user(first_name="Marie", language_code="fr")
    paul = tg.add_user(first_name="Paul", language_code="fr")
    intruder = tg.add_user(first_name="Intrus", language_code="fr")
    staff = tg.add_group(title="Équipe BP", admins=[paul], members=[intruder])
    bot = BotProcess(tg, campaign_file(tmp_path, staff.id), tmp_path / "bot.sqlite3",
                     db_url=postgres_url)
    await bot.start()
    yield World(tg, bot, marie, paul, intruder, staff)
    await bot.stop()
    await tg.stop()


@pytest.fixture
async def vote(tmp_path: Path, postgres_url: str, kannel: KannelHarness) -> AsyncIterator[Vote]:
    db = await PostgresDatabase.open(postgres_url)
    now = datetime.now(UTC)
    async with db.transaction() as unscoped:
        uow = unscoped.in_campaign(GERS_ID)
        for i in range(4):
            fields = ProposalFields(title=f"Projet {i + 1}", description="Description.",
                                    theme="ecologie", commune="32013", cost=Decimal(9000 + i))
            p = await uow.proposals.create(1, 1, "fr", fields, "BP", 2026, now)
            await uow.proposals.set_status(p.id, ProposalStatus.ADMISSIBLE, None, None, "Paul",
                                           now)
    await db.close()
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    paul = tg.add_user(first_name="Paul")
    staff = tg.add_group(title="Équipe", admins=[paul])
    sms = (f'\n[sms]\nkind = "kannel"\nkannel_url = "{kannel.base_url}"\n'
           f'kannel_username = "{kannel.username}"\n')
    bot = BotProcess(tg, campaign_file(tmp_path, staff.id, phase="vote", extra=sms),
                     tmp_path / "vote.sqlite3", env={"KANNEL_PASSWORD": kannel.password},
                     db_url=postgres_url)
    await bot.start()
    yield Vote(tg, bot, kannel, staff, paul)
    await bot.stop()
    await tg.stop()


async def test_on_postgresql_a_citizen_proposes_and_staff_decide(
        world: World, postgres_url: str) -> None:
    w = world
    await walk_to_summary(w)
    await tap_and_wait(w, w.marie, "Envoyer ma proposition", "BP-2026-0001")
    alert = await expect(w.tg, w.staff, "Nouvelle proposition BP-2026-0001")
    query = w.tg.inject_callback(w.paul, alert, alert.callback_data("Recevable"), chat=w.staff)
    await w.tg.wait_for_callback_answer(query)
    told = await expect(w.tg, w.marie, "Bonne nouvelle")
    assert "BP-2026-0001" in (told.text or "")
    await w.bot.stop()
    assert rows(postgres_url, "SELECT reference, status FROM proposals") == [
        ("BP-2026-0001", "admissible")]
    assert rows(postgres_url, "SELECT actor_name, action FROM audit_log "
                "WHERE action LIKE 'decision:%'") == [("Paul", "decision:admissible")]


async def test_on_postgresql_a_voter_crashes_mid_vote_and_casts_one_secret_ballot(
        vote: Vote, postgres_url: str) -> None:
    v = vote
    marie, twin = v.tg.add_user(first_name="Marie"), v.tg.add_user(first_name="Jumelle")
    await verify(v, marie, "06 12 34 56 11", "+33612345611")
    await expect(v.tg, marie, "Votre bulletin")
    await v.bot.kill()  # between the code and the confirmation
    await v.bot.start()
    await fill(v, marie, 1, 2, 3)
    await verify(v, twin, "06 12 34 56 11", "+33612345611")  # same phone, other account
    await fill(v, twin, 2, 3, 4)
    for user in (marie, twin):  # both confirm at once
        message = latest_with(v, user, "Confirmer mon vote")
        v.tg.inject_callback(user, message, message.callback_data("Confirmer mon vote"))
    answers = [await v.tg.wait_for_message(user, lambda m: m.event == "sent" and (
        "A voté" in m.content or "déjà voté" in m.content)) for user in (marie, twin)]
    assert sorted("A voté" in m.content for m in answers) == [False, True]
    await v.bot.stop()
    ballot = [("online", "[1, 2, 3]" if "A voté" in answers[0].content else "[2, 3, 4]")]
    assert rows(postgres_url, "SELECT channel, choices FROM ballots") == ballot
    assert rows(postgres_url, "SELECT COUNT(*) FROM voters") == [(1,)]
    # The receipt went out, so the bot rewrote the ballot box: no ballot row was written
    # by its voter's transaction any more.
    assert rows(postgres_url, "SELECT COUNT(*) FROM voters v JOIN ballots b "
                "ON v.xmin = b.xmin") == [(0,)]
