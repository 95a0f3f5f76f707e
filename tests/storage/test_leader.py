"""One polling leader among the workers of one PostgreSQL database (a session advisory lock)."""

from __future__ import annotations

import asyncio

import psycopg

from storage.postgres.db import PostgresDatabase
from storage.postgres.leader import POLLING_LEADER, AdvisoryLeader


async def leads_soon(leader: AdvisoryLeader) -> bool:
    """The server ends a closed session a moment later; followers retry (every 2 s)."""
    for _ in range(20):
        if await leader.try_lead():
            return True
        await asyncio.sleep(0.1)
    return False


async def test_one_worker_leads_and_another_takes_over_when_it_is_gone(
        postgres_url: str) -> None:
    first = await PostgresDatabase.open(postgres_url)
    second = await PostgresDatabase.open(postgres_url)
    try:
        leader, follower = first.leader(POLLING_LEADER), second.leader(POLLING_LEADER)
        assert await leader.try_lead()
        assert not await follower.try_lead()
        assert await leader.still_leading()
        await leader.close()  # what a worker's death does to its session
        assert await leads_soon(follower)
        assert not await leader.try_lead()
        await follower.close()
    finally:
        await first.close()
        await second.close()


async def test_a_leader_whose_session_is_ended_knows_it_no_longer_leads(
        postgres_url: str) -> None:
    db = await PostgresDatabase.open(postgres_url)
    try:
        leader = db.leader(POLLING_LEADER)
        assert await leader.try_lead()
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_locks "
                         "WHERE locktype = 'advisory' AND granted AND database = "
                         "(SELECT oid FROM pg_database WHERE datname = current_database())")
        assert not await leader.still_leading()
        assert await leads_soon(leader)  # a new session takes it again
        await leader.close()
    finally:
        await db.close()
