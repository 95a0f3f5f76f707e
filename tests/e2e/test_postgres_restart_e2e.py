"""PostgreSQL restarted while voters vote: the unmodified bot waits for it, then answers
every step it was given meanwhile; no ballot is lost or doubled, nobody is told of an error."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from flows.domain.model import ProposalFields, ProposalStatus
from flows.i18n import t
from storage.postgres.db import PostgresDatabase
from tests.botapi import BotApiServer
from tests.botapi.models import TgUser
from tests.e2e.botproc import GERS_ID, TOKEN, BotProcess, campaign_file, expect, free_port
from tests.e2e.test_vote_e2e import Vote, latest_with, tap, verify
from tests.pgcluster import Cluster
from tests.postgres import own_cluster
from tests.sms.kannel import KannelHarness

VOTERS = 4
OUTAGE_SECONDS = 4.0
__all__ = ["own_cluster"]  # the fixture, imported for this module's tests


async def seed_projects(url: str, count: int) -> None:
    db = await PostgresDatabase.open(url)
    now = datetime.now(UTC)
    async with db.transaction() as shared:
        uow = shared.in_campaign(GERS_ID)
        for i in range(count):
            fields = ProposalFields(title=f"Projet {i + 1}", description="Description.",
                                    theme="ecologie", commune="32013", cost=Decimal(9000 + i))
            p = await uow.proposals.create(1, 1, "fr", fields, "BP", 2026, now)
            await uow.proposals.set_status(p.id, ProposalStatus.ADMISSIBLE, None, None, "Paul",
                                           now)
    await db.close()


@pytest.fixture(params=["polling", "webhook"])
async def vote(request: pytest.FixtureRequest, tmp_path: Path, own_cluster: Cluster,
               kannel: KannelHarness) -> AsyncIterator[Vote]:
    await seed_projects(own_cluster.url, 4)
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    paul = tg.add_user(first_name="Paul")
    staff = tg.add_group(title="Équipe", admins=[paul])
    sms = (f'\n[sms]\nkind = "kannel"\nkannel_url = "{kannel.base_url}"\n'
           f'kannel_username = "{kannel.username}"\n')
    bot = BotProcess(tg, campaign_file(tmp_path, staff.id, phase="vote", extra=sms),
                     tmp_path / "vote.sqlite3", env={"KANNEL_PASSWORD": kannel.password},
                     db_url=own_cluster.url,
                     webhook_port=free_port() if request.param == "webhook" else None)
    await bot.start()
    yield Vote(tg, bot, kannel, staff, paul)
    await bot.stop()
    await tg.stop()


def tick(v: Vote, user: TgUser, number: int) -> str:
    """Tap project `number` on the ballot without waiting; the callback query's id."""
    ballot = latest_with(v, user, f"n°{number} ")
    return v.tg.inject_callback(user, ballot, ballot.callback_data(f"n°{number} "))


async def test_postgresql_restarted_mid_vote_every_step_is_answered_once_it_is_back(
        vote: Vote, own_cluster: Cluster) -> None:
    v, cluster = vote, own_cluster
    voters = [v.tg.add_user(first_name=f"Électeur {i}") for i in range(VOTERS)]
    for i, voter in enumerate(voters):
        await verify(v, voter, f"06 12 34 57 {i:02d}", f"+336123457{i:02d}")
        await expect(v.tg, voter, "Votre bulletin")
    # The first ticks race the shutdown (read, in the inbox, or being handled when it
    # comes); the second ones arrive while the server is down.
    first = [tick(v, voter, 1) for voter in voters]
    await asyncio.to_thread(cluster.shut_down)
    second = [tick(v, voter, 2) for voter in voters]
    await asyncio.sleep(OUTAGE_SECONDS)
    await asyncio.to_thread(cluster.start)

    for query in first + second:
        await v.tg.wait_for_callback_answer(query, timeout=40)
    for voter in voters:
        await v.tg.wait_until(lambda voter=voter: any(  # type: ignore[misc]
            m.content.count("☑️") == 2 for m in v.tg.sent_messages(voter)), timeout=20)
        await tap(v, voter, "n°3 ")
        await v.tg.wait_until(lambda voter=voter: any(  # type: ignore[misc]
            m.content.count("☑️") == 3 for m in v.tg.sent_messages(voter)), timeout=20)
        await tap(v, voter, "Valider mon choix")
        await expect(v.tg, voter, "définitif")
        await tap(v, voter, "Confirmer mon vote")
        await expect(v.tg, voter, "A voté")
    assert v.bot.proc is not None and v.bot.proc.returncode is None  # never restarted
    await v.bot.stop()

    sorry = t("fr", "internal_error")
    for voter in voters:
        contents = [m.content for m in v.tg.sent_messages(voter)]
        assert sorry not in contents
        assert sum("A voté" in c for c in contents) == 1
    with psycopg.connect(cluster.url) as conn:
        ballots = conn.execute(b"SELECT choices FROM ballots").fetchall()
        voted = conn.execute(b"SELECT COUNT(*) FROM voters").fetchone()
        waiting = conn.execute(b"SELECT COUNT(*) FROM inbox").fetchone()
    assert [b[0] for b in ballots] == ["[1, 2, 3]"] * VOTERS
    assert voted == (VOTERS,)
    assert waiting == (0,)
    # The outage was felt: an update not stored (the poll or the webhook's answer failed),
    # a step or a claim kept for later, or the pool reconnecting.
    log = v.bot.stderr()
    assert any(sign in log for sign in ("not stored", "unreachable", "error connecting"))
