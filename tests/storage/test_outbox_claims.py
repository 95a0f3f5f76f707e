"""Contract of the ports several workers share: outbox rows claimed with a lease at the
cluster's pace, scheduled jobs claimed once a period, SMS left at 'sending' told apart from
SMS on their way. Run on SQLite and PostgreSQL (the fake has none of these ports)."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from flows.domain.records import TYPED, SmsQuota, SmsRequest
from flows.replies import Message
from storage.backend import AnyDatabase
from storage.outbox import Claimed, Limits

LEASE = 10.0
T0 = 1_000_000.0


async def put(db: AnyDatabase, *messages: Message) -> None:
    async with db.transaction() as uow:
        for message in messages:
            await uow.outbox.put(message)


async def claim(db: AnyDatabase, worker: str, at: float, limits: Limits | None = None,
                room: int = 10) -> tuple[list[Claimed], float | None]:
    async with db.by_itself() as uow:
        return await uow.outbox.claim(worker, room, limits, LEASE, now=at)


async def sent(db: AnyDatabase, row: Claimed, at: float) -> None:
    async with db.by_itself() as uow:
        await uow.outbox.mark_sent(row.id, None, row.chat_id, 1, at=at)


def texts(rows: list[Claimed]) -> list[str]:
    return [r.message.text for r in rows]


async def test_a_claimed_row_goes_to_no_other_worker_until_its_lease_is_over(
        db: AnyDatabase) -> None:
    await put(db, Message(7, "bonjour"))
    first, _ = await claim(db, "a", T0)
    assert texts(first) == ["bonjour"]
    assert (await claim(db, "b", T0 + LEASE - 1))[0] == []
    again, _ = await claim(db, "b", T0 + LEASE + 0.1)  # worker a died mid-send
    assert [r.id for r in again] == [first[0].id]


async def test_a_worker_that_renews_its_leases_keeps_its_rows(db: AnyDatabase) -> None:
    await put(db, Message(7, "bonjour"))
    await claim(db, "a", T0)
    async with db.by_itself() as uow:
        assert await uow.outbox.renew("a", LEASE, now=T0 + 8) == 1
        assert await uow.outbox.renew("b", LEASE, now=T0 + 8) == 0
    assert (await claim(db, "b", T0 + LEASE + 1))[0] == []
    assert len((await claim(db, "b", T0 + 8 + LEASE + 0.1))[0]) == 1


async def test_replies_go_before_broadcasts_and_each_chat_one_message_at_a_time(
        db: AnyDatabase) -> None:
    await put(db, Message(1, "résultats", priority=10), Message(2, "réponse"),
              Message(2, "suite de la réponse"))
    rows, _ = await claim(db, "a", T0)
    assert texts(rows) == ["réponse", "résultats"]
    assert (await claim(db, "b", T0 + 0.1))[0] == []  # chat 2's next waits for its first
    await sent(db, rows[0], T0 + 0.15)
    assert texts((await claim(db, "b", T0 + 0.2))[0]) == ["suite de la réponse"]


async def test_the_overall_pace_counts_every_workers_sends(db: AnyDatabase) -> None:
    await put(db, *(Message(100 + i, f"avis {i}", priority=10) for i in range(5)))
    pace = Limits(3)
    rows_a, _ = await claim(db, "a", T0, pace)
    assert len(rows_a) == 3
    rows_b, _ = await claim(db, "b", T0 + 0.5, pace)
    assert rows_b == []  # a's three sends are still on the wire
    for row in rows_a:
        await sent(db, row, T0 + 0.6)
    rows_b, wait = await claim(db, "b", T0 + 0.7, pace)
    assert rows_b == [] and wait is not None and abs(wait - 0.9) < 1e-6
    rows_b, _ = await claim(db, "b", T0 + 1.61, pace)
    assert len(rows_b) == 2
    assert {r.id for r in rows_a}.isdisjoint(r.id for r in rows_b)


async def test_a_send_killed_on_the_wire_paces_the_others_until_its_lease_is_over(
        db: AnyDatabase) -> None:
    await put(db, Message(1, "un"), Message(2, "deux"))
    assert len((await claim(db, "a", T0, Limits(1), room=1))[0]) == 1  # then a is killed
    assert (await claim(db, "b", T0 + LEASE, Limits(1)))[0] == []
    rows, _ = await claim(db, "b", T0 + LEASE + 1.01, Limits(1), room=2)
    assert texts(rows) == ["un"]  # a's row, first in the queue, is taken again


async def test_a_chat_gets_no_more_new_messages_than_its_window_but_edits_still_go(
        db: AnyDatabase) -> None:
    pace = Limits(30, private=(2, 4.0), group=(20, 60.0))
    await put(db, *(Message(7, f"message {i}") for i in range(3)))
    for i in range(2):
        rows, _ = await claim(db, "a" if i else "b", T0 + i * 0.1, pace)
        assert texts(rows) == [f"message {i}"]
        await sent(db, rows[0], T0 + i * 0.1 + 0.05)  # Telegram answered 50 ms later
    rows, wait = await claim(db, "a", T0 + 1, pace)
    assert rows == [] and wait is not None and abs(wait - 3.05) < 1e-6
    await put(db, Message(8, "autre", edit_message_id=5), Message(7, "boutons", priority=-1,
                                                                 edit_message_id=3))
    rows, _ = await claim(db, "a", T0 + 1.1, pace)
    assert sorted(texts(rows)) == ["autre", "boutons"]  # an edit is not a new message
    for row in rows:
        await sent(db, row, T0 + 1.2)
    assert (await claim(db, "b", T0 + 4.04, pace))[0] == []
    assert texts((await claim(db, "b", T0 + 4.06, pace))[0]) == ["message 2"]


async def test_a_chat_told_to_wait_holds_only_itself_on_every_worker(db: AnyDatabase) -> None:
    await put(db, Message(-5, "pour l'équipe"), Message(-5, "encore"), Message(7, "Marie"))
    rows, _ = await claim(db, "a", T0)
    assert sorted(texts(rows)) == ["Marie", "pour l'équipe"]
    group, marie = sorted(rows, key=lambda r: r.chat_id)
    await sent(db, marie, T0 + 0.1)
    async with db.transaction() as uow:  # Telegram said: retry after 30 s
        await uow.outbox.postpone(group.id, T0 + 30, at=T0 + 0.1)
    assert (await claim(db, "b", T0 + 1))[0] == []
    assert texts((await claim(db, "b", T0 + 30.1))[0]) == ["pour l'équipe"]


async def test_workers_claiming_at_once_share_the_rows_and_the_pace(db: AnyDatabase) -> None:
    await put(db, *(Message(200 + i, f"avis {i}", priority=10) for i in range(20)))
    pace = Limits(5)
    results = await asyncio.gather(*(claim(db, f"w{i}", T0, pace) for i in range(4)))
    ids = [r.id for rows, _ in results for r in rows]
    assert len(ids) == 5 and len(set(ids)) == 5


async def test_a_job_runs_once_a_period_whichever_worker_asks(db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        assert await uow.jobs.claim("tick", "a", 55, now=T0)
        assert not await uow.jobs.claim("tick", "b", 55, now=T0 + 10)
        assert await uow.jobs.claim("maintenance", "b", 3600, now=T0 + 10)
        assert await uow.jobs.claim("tick", "b", 55, now=T0 + 56)
        assert await uow.jobs.last_run("tick") == ("b", T0 + 56)
        assert await uow.jobs.claim("tick", "c", float("-inf"), now=T0 + 50)  # at once


async def test_workers_asking_for_a_job_at_once_run_it_once(db: AnyDatabase) -> None:
    async def ask(worker: str) -> bool:
        async with db.transaction() as uow:
            return await uow.jobs.claim("tick", worker, 55, now=T0)

    assert sorted(await asyncio.gather(*(ask(f"w{i}") for i in range(5)))) == [
        False, False, False, False, True]


async def test_a_worker_starting_leaves_alone_the_codes_others_are_sending(
        db: AnyDatabase) -> None:
    now = 1_800_000_000.0
    early = SmsQuota(now=now - 600, day_start=now - 3600, hour_ago=now - 4200,
                     day_ago=now - 87000, cooldown_seconds=60, per_number_hour=3,
                     per_number_day=5, per_account_hour=3, per_account_day=5, daily_cap=6,
                     typed_daily_cap=4, typed_hourly_cap=4)
    late = replace(early, now=now)
    async with db.transaction() as uow:
        cut_off = await uow.sms.reserve(SmsRequest("p1", "a1", TYPED, 1, "fr"), early)
        on_its_way = await uow.sms.reserve(SmsRequest("p2", "a2", TYPED, 2, "fr"), late)
        assert cut_off is not None and on_its_way is not None
        assert [c.log_id for c in await uow.sms.in_flight(before=now - 300)] == [cut_off]
        assert len(await uow.sms.in_flight()) == 2


async def test_only_sms_replies_long_at_sending_are_dropped_as_cut_off(db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        await uow.sms_replies.put("sealed-1", "Code reçu", [11])
        await uow.sms_replies.put("sealed-2", "Code reçu", [12])
        assert await uow.sms_replies.claim(T0) is not None
        assert await uow.sms_replies.claim(T0 + 400) is not None
        assert await uow.sms_replies.abandon_sending(before=T0 + 100) == [11]
        assert await uow.sms_replies.abandon_sending() == [12]
