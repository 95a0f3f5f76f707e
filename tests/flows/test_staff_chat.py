"""The staff group becoming a supergroup: followed once, remembered, unrelated groups ignored."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.dialogues import staffchat
from flows.events import Migrated, Sender
from tests.flows.harness import Harness

NEW_ID = -100_555


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "s.sqlite3")
    yield harness
    await harness.db.close()


async def test_the_upgraded_staff_group_is_told_and_remembered(h: Harness) -> None:
    old = h.campaign.staff.chat_id
    paul = Sender(901, old, "fr", "Paul", private=False)
    replies = await h.act(paul, Migrated(old, NEW_ID))
    assert [r.chat_id for r in replies] == [NEW_ID]
    assert f"chat_id = {NEW_ID}" in replies[0].text
    async with h.transaction() as uow:
        assert (await staffchat.current(h.deps, uow)).campaign.staff.chat_id == NEW_ID


async def test_the_second_service_message_and_a_repeat_change_nothing(h: Harness) -> None:
    old = h.campaign.staff.chat_id
    paul = Sender(901, old, "fr", "Paul", private=False)
    await h.act(paul, Migrated(old, NEW_ID), update_id=7)
    assert await h.act(paul, Migrated(old, NEW_ID), update_id=7) == []
    async with h.transaction() as uow:
        h.deps = await staffchat.current(h.deps, uow)
    in_new = Sender(901, NEW_ID, "fr", "Paul", private=False)
    assert await h.act(in_new, Migrated(old, NEW_ID)) == []


async def test_another_group_upgraded_is_ignored(h: Harness) -> None:
    stranger = Sender(902, -777, "fr", "Zoé", private=False)
    assert await h.act(stranger, Migrated(-777, -100_777)) == []
    async with h.transaction() as uow:
        assert (await staffchat.current(h.deps, uow)).campaign.staff.chat_id == \
            h.campaign.staff.chat_id


async def test_a_campaign_file_naming_another_group_since_wins(h: Harness) -> None:
    old = h.campaign.staff.chat_id
    await h.act(Sender(901, old, "fr", "Paul", private=False), Migrated(old, NEW_ID))
    edited = staffchat.moved_to(h.deps, -999)  # the operator put a new group in the file
    async with h.transaction() as uow:
        assert (await staffchat.current(edited, uow)).campaign.staff.chat_id == -999
