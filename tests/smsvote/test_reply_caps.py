"""Every SMS the bot sends counts against the campaign's caps; a vote never goes unanswered."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from bot.resident import resident_communes
from flows.dialogues.context import Deps
from flows.dialogues.sms.dialogue import RepliesCapped
from flows.domain.campaign import load_campaign
from flows.domain.model import ProposalFields, ProposalStatus
from flows.services.voters import Voter
from storage.db import Database
from tests.e2e.botproc import GERS_ID, campaign_file
from tests.smsvote.test_dialogue_territory import PHONE, Phone

TWO_SMS_A_DAY = "\n[vote.sms]\ndaily_cap = 2\n"


@pytest.fixture
async def phone(tmp_path: Path) -> AsyncIterator[Phone]:
    campaign = load_campaign(campaign_file(tmp_path, -100, phase="vote", extra=TWO_SMS_A_DAY))
    db = await Database.open(tmp_path / "c.db")
    now = datetime.now(UTC)
    async with db.transaction() as unscoped:
        uow = unscoped.in_campaign(GERS_ID)
        for n in range(3):
            fields = ProposalFields(title=f"Projet {n}", description="Un projet.",
                                    theme="ecologie", commune="32013", cost=Decimal(5000))
            p = await uow.proposals.create(1, 1, "fr", fields, "BP", 2026, now)
            await uow.proposals.set_status(p.id, ProposalStatus.ADMISSIBLE, None, None, "P", now)
    yield Phone(db, Deps(campaign, resident_communes(), b"k" * 32, tmp_path))
    await db.close()


async def test_replies_stop_at_the_campaign_cap_and_are_logged(phone: Phone) -> None:
    assert len(await phone.text("AIDE")) == 1
    assert len(await phone.text("AIDE")) == 1
    assert await phone.text("AIDE") == []  # the day's SMS budget is spent
    async with phone.db.reading() as unscoped:
        uow = unscoped.in_campaign(GERS_ID)
        assert await uow.sms.status_counts() == {"sent": 2}


async def test_a_vote_whose_code_cannot_be_sent_leaves_nothing_behind(phone: Phone) -> None:
    await phone.text("AIDE")
    await phone.text("AIDE")

    with pytest.raises(RepliesCapped):
        await phone.text("VOTE 1 2 3")

    async with phone.db.reading() as unscoped:
        uow = unscoped.in_campaign(GERS_ID)
        assert await uow.sms.get(Voter("sms", PHONE).account_hash(b"k" * 32)) is None
        session = await uow.sms_sessions.load(Voter("sms", PHONE).account_hash(b"k" * 32))
        assert session is not None and session.choices == []

