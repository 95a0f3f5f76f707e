"""The vote side's check-then-act ports hold across racing connections with no process lock:
a flag set once, a try at a code counted and read, one ballot per phone number."""

from __future__ import annotations

import asyncio
from pathlib import Path

from flows.domain.records import Challenge
from storage.settings import SqliteSettings
from storage.sms_challenges import SqliteSmsChallenges
from storage.voting import SqliteVoting
from tests.storage.racers import RACERS, connections

NOW = 1_800_000_000.0



async def test_a_flag_is_set_once_for_exactly_one_of_many_racers(tmp_path: Path) -> None:
    async with connections(tmp_path) as conns:
        settings = [SqliteSettings(c) for c in conns]
        won = await asyncio.gather(*(settings[n % RACERS].set_once("alert:2027-03-24", str(n))
                                     for n in range(20)))
        assert sum(won) == 1
        assert await settings[0].get("alert:2027-03-24") == str(won.index(True))


async def test_racing_tries_at_a_code_each_count_once(tmp_path: Path) -> None:
    async with connections(tmp_path) as conns:
        codes = [SqliteSmsChallenges(c) for c in conns]
        await codes[0].put(Challenge("account", "phone", "hash", NOW + 600, 0, NOW))
        seen = await asyncio.gather(*(codes[n % RACERS].spend_attempt("account", NOW)
                                      for n in range(12)))
        assert sorted(c.attempts for c in seen if c is not None) == list(range(1, 13))


async def test_a_try_at_an_expired_or_missing_code_finds_none(tmp_path: Path) -> None:
    async with connections(tmp_path) as conns:
        codes = SqliteSmsChallenges(conns[0])
        await codes.put(Challenge("account", "phone", "hash", NOW - 1, 0, NOW - 601))
        assert await codes.spend_attempt("account", NOW) is None
        assert await codes.spend_attempt("nobody", NOW) is None
        stored = await codes.get("account")
        assert stored is not None and stored.attempts == 0


async def test_racing_casts_with_one_phone_number_leave_one_ballot(tmp_path: Path) -> None:
    async with connections(tmp_path) as conns:
        boxes = [SqliteVoting(c) for c in conns]
        channels = ("online", "sms")
        receipts = await asyncio.gather(*(
            boxes[n % RACERS].cast("phone", f"account{n}", "2027-03-24", None, None, [1, 2, 3],
                                   channels[n % 2]) for n in range(8)))
        assert sum(r is not None for r in receipts) == 1
        assert len(await boxes[0].ballots()) == 1


async def test_a_code_is_taken_by_exactly_one_of_many_racers(tmp_path: Path) -> None:
    async with connections(tmp_path) as conns:
        codes = [SqliteSmsChallenges(c) for c in conns]
        await codes[0].put(Challenge("account", "phone", "hash", NOW + 600, 0, NOW))
        took = await asyncio.gather(*(codes[n % RACERS].take("account", NOW)
                                      for n in range(12)))
        assert sum(took) == 1
        assert await codes[0].get("account") is None


async def test_a_replaced_code_is_not_taken_in_its_successors_place(tmp_path: Path) -> None:
    async with connections(tmp_path) as conns:
        codes = SqliteSmsChallenges(conns[0])
        await codes.put(Challenge("account", "phone", "hash", NOW + 600, 0, NOW + 60))
        assert not await codes.take("account", NOW)
        assert await codes.get("account") is not None
