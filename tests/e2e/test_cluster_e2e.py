"""Several unmodified `budgetbot run` on one PostgreSQL database form one bot: any worker
takes Telegram's updates, each is handled once and a chat's in order, a worker killed -9
hands its updates and the polling over to the others."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from flows.domain.model import ProposalFields, ProposalStatus
from storage.postgres.db import PostgresDatabase
from tests.botapi import BotApiServer
from tests.botapi.models import TgChat, TgUser
from tests.e2e.botproc import GERS_ID, TOKEN, campaign_file, expect
from tests.e2e.cluster import Cluster, eventually, kill_at_random, rows
from tests.e2e.test_proposal_e2e import World, walk_to_summary
from tests.e2e.test_proposal_e2e import tap as tap_and_wait
from tests.e2e.test_vote_e2e import Vote, fill, verify
from tests.e2e.test_vote_e2e import tap as tap_vote
from tests.sms.kannel import KannelHarness

COMMANDS = ["/start", "/aide", "/mesprojets", "/projets", "/mesdonnees"]


@pytest.fixture
async def tg() -> AsyncIterator[BotApiServer]:
    server = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await server.start()
    yield server
    await server.stop()


async def seed_costed_projects(url: str) -> None:
    db = await PostgresDatabase.open(url)
    now = datetime.now(UTC)
    async with db.transaction() as shared:
        uow = shared.in_campaign(GERS_ID)
        for i in range(4):
            fields = ProposalFields(title=f"Projet {i + 2}", description="Description.",
                                    theme="ecologie", commune="32013", cost=Decimal(9000 + i))
            p = await uow.proposals.create(1, 1, "fr", fields, "BP", 2026, now)
            await uow.proposals.set_status(p.id, ProposalStatus.ADMISSIBLE, None, None, "Paul",
                                           now)
    await db.close()


def staff_of(tg: BotApiServer) -> tuple[TgUser, TgChat]:
    paul = tg.add_user(first_name="Paul", language_code="fr")
    return paul, tg.add_group(title="Équipe BP", admins=[paul])


def replies(tg: BotApiServer, user: TgUser | TgChat) -> list[str]:
    """What the user's chat shows, a message sent again in a row counted once: after a
    kill -9, a message on the wire may go twice (Telegram cannot tell us it got it); and
    until the outbox is claimed cluster-wide (issue 12, the sending side), two workers may
    both send a row they both read. Doubled handling shows in the database instead."""
    shown: list[str] = []
    for message in tg.sent_messages(user):
        content = message.content.replace(str(user.id), "<id>")  # /mesdonnees shows it
        if not shown or shown[-1] != content:
            shown.append(content)
    return shown


async def test_three_workers_behind_a_proxy_take_a_proposal_and_a_vote(
        tg: BotApiServer, tmp_path: Path, postgres_url: str, kannel: KannelHarness) -> None:
    paul, staff = staff_of(tg)
    marie = tg.add_user(first_name="Marie", language_code="fr")
    sms = (f'\n[sms]\nkind = "kannel"\nkannel_url = "{kannel.base_url}"\n'
           f'kannel_username = "{kannel.username}"\n')
    env = {"KANNEL_PASSWORD": kannel.password}
    proposing = Cluster(tg, campaign_file(tmp_path, staff.id, extra=sms), postgres_url,
                        tmp_path, 3, env=env)
    await proposing.start()
    try:
        assert len(tg.calls("setWebhook")) == 1  # by the first worker; the others found it set
        w = World(tg, proposing.workers[0], marie, paul, paul, staff)
        await walk_to_summary(w)
        await tap_and_wait(w, marie, "Envoyer ma proposition", "BP-2026-0001")
        alert = await expect(tg, staff, "Nouvelle proposition BP-2026-0001")
        query = tg.inject_callback(paul, alert, alert.callback_data("Recevable"), chat=staff)
        await tg.wait_for_callback_answer(query)
        await expect(tg, marie, "Bonne nouvelle")
        assert proposing.proxy is not None
        assert all(n > 0 for n in proposing.proxy.forwarded.values())  # every worker took some
    finally:
        await proposing.stop()
    await seed_costed_projects(postgres_url)  # a ballot has a few; Marie's has no cost yet
    voting = Cluster(tg, campaign_file(tmp_path, staff.id, phase="vote", extra=sms),
                     postgres_url, tmp_path, 3, env=env)
    await voting.start()
    try:
        assert len(tg.calls("setWebhook")) == 2  # a new proxy, a new URL: set once again
        v = Vote(tg, voting.workers[0], kannel, staff, paul)
        await verify(v, marie, "06 12 34 56 21", "+33612345621")
        await fill(v, marie, 2, 3, 4)
        await tap_vote(v, marie, "Confirmer mon vote")
        await expect(tg, marie, "A voté")
        assert voting.proxy is not None
        assert all(n > 0 for n in voting.proxy.forwarded.values())
    finally:
        await voting.stop()
    assert rows(postgres_url, "SELECT reference, status FROM proposals WHERE id = 1") == [
        ("BP-2026-0001", "admissible")]
    assert rows(postgres_url, "SELECT channel, choices FROM ballots") == [
        ("online", "[2, 3, 4]")]
    assert rows(postgres_url, "SELECT COUNT(*) FROM voters") == [(1,)]


async def test_a_burst_from_many_chats_with_workers_killed_at_random_loses_nothing(
        tg: BotApiServer, tmp_path: Path, postgres_url: str) -> None:
    _, staff = staff_of(tg)
    cluster = Cluster(tg, campaign_file(tmp_path, staff.id), postgres_url, tmp_path, 3)
    await cluster.start()
    try:
        # What each command shows, asked one at a time by a citizen with the same name.
        reference = tg.add_user(first_name="Lou", language_code="fr")
        for command in COMMANDS:
            before = len(tg.sent_messages(reference))
            tg.inject_text(reference, command)
            await eventually(lambda b=before: len(tg.sent_messages(reference)) > b, 15)
            await asyncio.sleep(1.0)
        expected = replies(tg, reference)
        users = [tg.add_user(first_name="Lou", language_code="fr") for _ in range(20)]
        for command in COMMANDS:  # chats interleaved, each chat's updates in order
            for user in users:
                tg.inject_text(user, command)

        def all_answered() -> bool:
            return all(len(replies(tg, u)) >= len(expected) for u in users)

        kills = await kill_at_random(cluster, times=3, seed=12, until=all_answered)
        await eventually(all_answered, 60)
        await asyncio.sleep(1.0)  # anything doubled would show by now
        assert kills >= 1
        for user in users:
            assert replies(tg, user) == expected
        updates = len(COMMANDS) * (len(users) + 1)
        assert rows(postgres_url, "SELECT COUNT(*) FROM processed_updates") == [(updates,)]
        assert rows(postgres_url, "SELECT COUNT(*) FROM inbox") == [(0,)]
    finally:
        await cluster.stop()


async def test_two_workers_polling_one_polls_and_the_other_takes_over_when_it_is_killed(
        tg: BotApiServer, tmp_path: Path, postgres_url: str) -> None:
    _, staff = staff_of(tg)
    marie = tg.add_user(first_name="Marie", language_code="fr")
    cluster = Cluster(tg, campaign_file(tmp_path, staff.id), postgres_url, tmp_path, 2,
                      webhook=False)
    await cluster.start()
    try:
        leader, follower = cluster.workers
        before = len(tg.calls("getUpdates"))
        await asyncio.sleep(4.0)  # the follower tried to lead twice meanwhile
        assert len(tg.calls("getUpdates")) - before <= 6  # one poller, 1 s long polls
        assert "now polls Telegram" in leader.stderr()
        assert "now polls Telegram" not in follower.stderr()
        assert "Conflict" not in cluster.stderr()
        tg.inject_text(marie, "/start")
        await expect(tg, marie, "Bienvenue")
        await asyncio.sleep(1.0)  # its sending recorded: what follows is about updates only
        await leader.kill()
        killed = asyncio.get_running_loop().time()
        tg.inject_text(marie, "/aide")
        await expect(tg, marie, "Je vous aide", timeout=10)
        assert asyncio.get_running_loop().time() - killed < 10
        assert "now polls Telegram" in follower.stderr()
        await asyncio.sleep(1.5)
        shown = replies(tg, marie)  # /start answered once, /aide once
        assert len(shown) == 2 and "Bienvenue" in shown[0] and "Je vous aide" in shown[1]
    finally:
        await cluster.stop()


async def test_the_same_update_delivered_to_two_workers_at_once_has_one_effect(
        tg: BotApiServer, tmp_path: Path, postgres_url: str) -> None:
    paul, staff = staff_of(tg)
    marie = tg.add_user(first_name="Marie", language_code="fr")
    cluster = Cluster(tg, campaign_file(tmp_path, staff.id), postgres_url, tmp_path, 2)
    await cluster.start()
    try:
        await walk_to_summary(World(tg, cluster.workers[0], marie, paul, paul, staff))
        assert cluster.proxy is not None
        cluster.proxy.fan_out = True  # the confirming tap reaches both workers at once
        await tap_and_wait(World(tg, cluster.workers[0], marie, paul, paul, staff), marie,
                           "Envoyer ma proposition", "BP-2026-0001")
        await asyncio.sleep(1.5)
        assert rows(postgres_url, "SELECT reference FROM proposals") == [("BP-2026-0001",)]
        assert sum("BP-2026-0001" in text for text in replies(tg, marie)) == 1
        alerts = [m for m in replies(tg, staff) if "Nouvelle proposition" in m]
        assert len(alerts) == 1
    finally:
        await cluster.stop()
