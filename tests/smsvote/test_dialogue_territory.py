"""A ballot with a section for the voter's own territory: the SMS dialogue asks the commune."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from bot.resident import resident_communes
from flows.dialogues.context import Deps
from flows.dialogues.sms.dialogue import on_sms
from flows.domain.campaign import load_campaign
from flows.domain.model import ProposalFields, ProposalStatus
from flows.i18n import t
from flows.services.voters import Voter
from storage.backup import backup
from storage.db import Database
from tests.e2e.botproc import GERS_ID, campaign_file

PHONE = "+33612345670"
TWO_SECTIONS = """
[vote]
sections = [
  { scope = "territory", min_choices = 1, max_choices = 1 },
  { scope = "department", min_choices = 1, max_choices = 2 },
]
"""
# Auch (32013, canton Auch-1), Condom (32107), Lectoure (32208): three cantons.
PROJECTS = [("Aire de jeux", "32013"), ("Halle", "32107"), ("Verger", "32208")]


@dataclass
class Phone:
    db: Database
    deps: Deps

    async def text(self, message: str) -> list[str]:
        """Send one SMS; the replies as queued for the phone."""
        async with self.db.transaction() as unscoped:
            uow = unscoped.in_campaign(GERS_ID)
            await on_sms(self.deps, uow, PHONE, message, datetime.now(UTC))
        replies = []
        async with self.db.transaction() as unscoped:
            uow = unscoped.in_campaign(GERS_ID)
            while (queued := await uow.sms_replies.claim(1e12)) is not None:
                replies.append(queued.text)
                await uow.sms_replies.sent(queued.id)
        return replies


@pytest.fixture
async def phone(tmp_path: Path) -> AsyncIterator[Phone]:
    campaign = load_campaign(campaign_file(tmp_path, -100, phase="vote", extra=TWO_SECTIONS))
    db = await Database.open(tmp_path / "t.db")
    now = datetime.now(UTC)
    async with db.transaction() as unscoped:
        uow = unscoped.in_campaign(GERS_ID)
        for title, commune in PROJECTS:
            fields = ProposalFields(title=title, description="Un projet.", theme="ecologie",
                                    commune=commune, cost=Decimal(5000))
            p = await uow.proposals.create(1, 1, "fr", fields, "BP", 2026, now)
            await uow.proposals.set_status(p.id, ProposalStatus.ADMISSIBLE, None, None, "P", now)
    yield Phone(db, Deps(campaign, resident_communes(), b"k" * 32, tmp_path))
    await db.close()


async def test_the_commune_is_asked_then_the_vote_goes_on(phone: Phone) -> None:
    asked = await phone.text("VOTE 1 2")
    assert asked == [t("fr", "smsv_ask_commune", example="Auch")]

    replies = "\n".join(await phone.text("condom"))

    assert replies.startswith(t("fr", "smsv_commune_set", commune="Condom"))
    assert "Vous votez pour : 1 Aire de jeux; 2 Halle." in replies
    code = re.findall(r"OUI (\d{4})", replies)[0]
    assert "Reçu" in "\n".join(await phone.text(f"OUI {code}"))
    async with phone.db.reading() as unscoped:
        uow = unscoped.in_campaign(GERS_ID)
        assert await uow.voting.turnout("commune") == {"32107": 1}
        # Nothing of the dialogue stays tied to the number once the ballot is in the box.
        account = Voter("sms", PHONE).account_hash(phone.deps.phone_key)
        assert await uow.sms_sessions.load(account) is None
        assert await uow.sms_inbox.waiting() == []


async def test_a_ballot_without_a_project_of_ones_own_territory_is_refused(
        phone: Phone) -> None:
    await phone.text("COMMUNE Lectoure")

    refused = await phone.text("VOTE 1 2")

    assert refused == [t("fr", "smsv_ballot_invalid", problem="pour votre territoire, " + t(
        "fr", "smsv_too_few", min="1 projet", count=0), example="1 2").replace("&#x27;", "'")]


async def test_an_unknown_commune_is_asked_again_then_a_long_name_is_found(
        phone: Phone) -> None:
    await phone.text("VOTE 1 2")

    assert await phone.text("Paris") == [t(
        "fr", "smsv_commune_unknown", name="Paris", in_department="dans le Gers",
        example="Auch")]
    assert (await phone.text("L'Isle Jourdain"))[0].startswith(t(
        "fr", "smsv_commune_set", commune="L'Isle-Jourdain").replace("&#x27;", "'"))


async def test_english_command_words_get_english_answers_until_french_ones_come(
        phone: Phone) -> None:
    assert (await phone.text("HELP"))[0].startswith("Gers participatory budget. LIST:")
    assert (await phone.text("VOTE 1 2"))[0].startswith("Which commune do you live in?")
    assert (await phone.text("AIDE"))[0].startswith("Budget participatif gersois. LISTE :")


async def test_a_backup_keeps_no_sms_reply_and_no_number_waiting_with_its_choices(
        phone: Phone, tmp_path: Path) -> None:
    async with phone.db.transaction() as unscoped:
        uow = unscoped.in_campaign(GERS_ID)
        await on_sms(phone.deps, uow, PHONE, "COMMUNE Auch", datetime.now(UTC))
        await on_sms(phone.deps, uow, PHONE, "VOTE 1 2", datetime.now(UTC))

    report = backup(tmp_path / "t.db", tmp_path / "copy.db")

    assert report.unsent_receipts_dropped >= 1 and report.sessions_unticked == 1
    with sqlite3.connect(tmp_path / "copy.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM sms_outbox").fetchone() == (0,)
        assert conn.execute("SELECT json_extract(state, '$.choices') FROM sms_sessions"
                            ).fetchall() == [("[]",)]
