"""Two days before the vote closes: one reminder to subscribers and to those who began
voting without casting; never to those who voted; paced through the outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from flows.dialogues.engine import on_tick
from flows.dialogues.staff import BROADCAST_PRIORITY
from flows.i18n import t
from tests.flows.harness import PARIS, Harness
from tests.flows.test_voting import IN_VOTE, add_projects, tick, to_phone_step, verify

TWO_DAYS_BEFORE_THE_END = datetime(2027, 4, 29, 9, 0, tzinfo=PARIS)
CAMPAIGN = "Budget participatif gersois"


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "remind.sqlite3", now=IN_VOTE)
    await add_projects(harness, 5)
    yield harness
    await harness.db.close()


async def run_tick(h: Harness) -> None:
    async with h.transaction() as uow:
        await on_tick(h.deps, uow, h.now)
    await h.outbox.drain()


async def test_subscribers_and_unfinished_voters_are_reminded_once(h: Harness) -> None:
    fan, starter, voter = h.citizen(601), h.citizen(602), h.citizen(603, name="Vo")
    john = h.citizen(604, language="en", name="John")
    async with h.transaction() as uow:
        for who in (fan, voter):
            await uow.subscribers.add(who.user_id, who.chat_id, "fr", "vote")
    await to_phone_step(h, starter)
    await to_phone_step(h, john)
    await verify(h, voter, "06 98 76 54 32", "+33698765432")
    await tick(h, voter, 1, 2, 3)
    await h.tap(voter, "Valider mon choix")
    await h.tap(voter, "Confirmer mon vote")
    await run_tick(h)  # weeks before the end: nothing yet
    before = len(h.recorder.log)
    h.now = TWO_DAYS_BEFORE_THE_END
    await run_tick(h)
    await run_tick(h)  # once only
    sent = {m.chat_id: m.text for _, m in h.recorder.log[before:]}
    date = "30 avril 2027"
    assert sent[fan.chat_id] == t("fr", "vote_reminder", campaign=CAMPAIGN, date=date)
    assert sent[starter.chat_id] == t("fr", "vote_reminder_unfinished", campaign=CAMPAIGN,
                                      date=date)
    assert sent[john.chat_id] == t("en", "vote_reminder_unfinished",
                                   campaign="Gers participatory budget", date="30 April 2027")
    assert voter.chat_id not in sent
    assert sent[h.campaign.staff.chat_id] == t("fr", "reminder_queued", count=3)
    assert len(h.recorder.log) - before == 4


async def test_reminders_go_through_the_outbox_at_broadcast_priority(h: Harness) -> None:
    fan = h.citizen(601)
    async with h.transaction() as uow:
        await uow.subscribers.add(fan.user_id, fan.chat_id, "fr", "vote")
    h.now = TWO_DAYS_BEFORE_THE_END
    async with h.transaction() as uow:
        await on_tick(h.deps, uow, h.now)
        pending = await uow.outbox.pending(h.now.timestamp())
    reminder = next(m for _, m, _ in pending if m.chat_id == fan.chat_id)
    assert reminder.priority == BROADCAST_PRIORITY
    assert all(m.chat_id != fan.chat_id for _, m in h.recorder.log)  # queued, not yet sent


async def test_no_reminder_during_the_review_phase(tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "review.sqlite3",
                           now=datetime(2027, 3, 21, 9, 0, tzinfo=PARIS))
    async with h.transaction() as uow:
        await uow.subscribers.add(601, 601, "fr", "vote")
    await run_tick(h)
    assert all(m.chat_id != 601 for _, m in h.recorder.log)
    await h.db.close()
