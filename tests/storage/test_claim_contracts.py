"""The inbox shared by several workers (flows.ports.UpdateClaims), on both backends: each
update claimed once, one chat at a time in update_id order, leases that run out."""

from __future__ import annotations

import asyncio

from storage.backend import AnyDatabase

LEASE = 5.0


async def claim(db: AnyDatabase, worker: str, limit: int = 10,
                lease: float = LEASE) -> list[int]:
    async with db.transaction() as uow:
        return [u for u, _, _ in await uow.inbox.claim(worker, lease, limit)]


async def handled(db: AnyDatabase, update_id: int) -> None:
    async with db.transaction() as uow:
        await uow.inbox.remove(update_id)


async def keep(db: AnyDatabase, *updates: tuple[int, int]) -> None:
    async with db.transaction() as uow:
        await uow.inbox.add([(u, chat, f'{{"update_id": {u}}}') for u, chat in updates])


async def test_one_chat_is_claimed_one_update_at_a_time_and_chats_side_by_side(
        db: AnyDatabase) -> None:
    await keep(db, (1, 100), (2, 200), (3, 100), (4, 100), (5, 300))
    assert await claim(db, "a", limit=1) == [1]
    assert await claim(db, "b") == [2, 5]  # chat 100 is held by "a"
    assert await claim(db, "c") == []
    await handled(db, 1)
    assert await claim(db, "c") == [3]
    await handled(db, 3)
    await handled(db, 2)
    assert await claim(db, "a") == [4]


async def test_an_earlier_update_arriving_late_waits_for_the_one_held(db: AnyDatabase) -> None:
    await keep(db, (11, 100))
    assert await claim(db, "a") == [11]
    await keep(db, (10, 100))  # delivered late by another worker
    assert await claim(db, "b") == []
    await handled(db, 11)
    assert await claim(db, "b") == [10]


async def test_a_lease_that_runs_out_is_claimed_by_another_worker(db: AnyDatabase) -> None:
    await keep(db, (1, 100), (2, 200))
    assert await claim(db, "dead", lease=0.3) == [1, 2]
    async with db.transaction() as uow:
        assert await uow.inbox.renew("dead", [2], LEASE) == 1
        assert await uow.inbox.renew("other", [1], LEASE) == 0  # not its lease
    assert await claim(db, "alive") == []
    await asyncio.sleep(0.5)
    assert await claim(db, "alive") == [1]  # 2 was renewed


async def test_a_released_update_is_claimed_at_once(db: AnyDatabase) -> None:
    await keep(db, (1, 100), (2, 100))
    assert await claim(db, "stopping") == [1]
    async with db.transaction() as uow:
        await uow.inbox.release("stopping")
    assert await claim(db, "other") == [1]


async def test_workers_claiming_at_once_take_each_update_once_and_each_chat_once(
        db: AnyDatabase) -> None:
    await keep(db, *[(u, u % 7) for u in range(1, 71)])
    taken: list[int] = []

    async def worker(name: str) -> None:
        while len(taken) < 70:
            got = await claim(db, name, limit=3)
            held_chats = [u % 7 for u in got]
            assert len(set(held_chats)) == len(held_chats)
            for update_id in got:
                # The oldest of its chat still waiting: nothing before it is left.
                assert all(t in taken for t in range(update_id % 7 or 7, update_id, 7))
                taken.append(update_id)
                await handled(db, update_id)
            await asyncio.sleep(0)

    await asyncio.wait_for(asyncio.gather(*(worker(f"w{i}") for i in range(6))), 60)
    assert sorted(taken) == list(range(1, 71))
