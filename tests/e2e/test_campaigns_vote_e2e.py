"""Voting in two campaigns served by one bot, codes through a real Kannel: one phone number
votes once per campaign."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from flows.domain.model import ProposalFields, ProposalStatus
from storage.db import Database
from tests.botapi import BotApiServer
from tests.botapi.models import TgUser
from tests.e2e.botproc import TOKEN, BotProcess, campaign_file, expect
from tests.e2e.test_campaigns_e2e import AUDE, tap
from tests.sms.kannel import KannelHarness

# (campaign id, reference prefix, theme, a commune of its département)
CAMPAIGNS = {"gers": ("gers-bpg4", "BP", "ecologie", "32013"),
             "aude": ("aude-bp4", "AUDE", "sport", "11069")}


@dataclass
class Votes:
    tg: BotApiServer
    bot: BotProcess
    kannel: KannelHarness


async def seed(db_path: Path) -> None:
    """Four admissible projects in each campaign."""
    db = await Database.open(db_path)
    now = datetime.now(UTC)
    async with db.transaction() as unscoped:
        for campaign_id, prefix, theme, commune in CAMPAIGNS.values():
            uow = unscoped.in_campaign(campaign_id)
            for i in range(4):
                fields = ProposalFields(title=f"Projet {prefix} {i + 1}", description="Un projet.",
                                        theme=theme, commune=commune, cost=Decimal(9000 + i))
                p = await uow.proposals.create(1, 1, "fr", fields, prefix, 2026, now)
                await uow.proposals.set_status(p.id, ProposalStatus.ADMISSIBLE, None, None,
                                               "Paul", now)
    await db.close()


@pytest.fixture
async def votes(tmp_path: Path, kannel: KannelHarness) -> AsyncIterator[Votes]:
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    paul, anne = tg.add_user(first_name="Paul"), tg.add_user(first_name="Anne")
    sms = (f'\n[sms]\nkind = "kannel"\nkannel_url = "{kannel.base_url}"\n'
           f'kannel_username = "{kannel.username}"\n')
    folder = tmp_path / "campaigns"
    folder.mkdir()
    campaign_file(folder, tg.add_group(title="Gers", admins=[paul]).id, "vote", "gers.toml",
                  sms, name="gers.toml")
    campaign_file(folder, tg.add_group(title="Aude", admins=[anne]).id, "vote", "aude.toml",
                  sms, name="aude.toml")
    db = tmp_path / "votes.sqlite3"
    await seed(db)
    bot = BotProcess(tg, folder, db, env={"KANNEL_PASSWORD": kannel.password})
    await bot.start()
    yield Votes(tg, bot, kannel)
    await bot.stop()
    await tg.stop()


async def vote(v: Votes, user: TgUser, commune: str, typed: str, e164: str) -> None:
    """/voter in the user's campaign up to the code, typed back."""
    v.tg.inject_text(user, "/voter")
    await expect(v.tg, user, "sur l'honneur")
    await tap(v.tg, user, "Je le déclare", "commune habitez")
    v.tg.inject_text(user, commune)
    await expect(v.tg, user, "numéro de portable")
    v.tg.inject_text(user, typed)
    await expect(v.tg, user, "code à 6 chiffres")
    text = await v.kannel.wait_for_sms(e164, timeout=15)
    v.tg.inject_text(user, re.findall(r"\b\d{6}\b", text)[0])


async def cast(v: Votes, user: TgUser) -> None:
    await expect(v.tg, user, "Votre bulletin")
    ballot = next(m for m in reversed(v.tg.sent_messages(user)) if "Valider mon choix"
                  in " ".join(m.button_texts))
    for label in [b for b in ballot.button_texts if "n°" in b][:3]:
        message = next(m for m in reversed(v.tg.sent_messages(user))
                       if label in m.button_texts)
        v.tg.inject_callback(user, message, message.callback_data(label))
        await v.tg.wait_for_message(user, lambda m: m.event == "edited" and "☑️" in m.content)
    await tap(v.tg, user, "Valider mon choix", "définitif")
    await tap(v.tg, user, "Confirmer mon vote", "A voté")


async def test_the_same_phone_twice_in_one_campaign_is_refused(votes: Votes) -> None:
    v = votes
    first, second = v.tg.add_user(first_name="Un"), v.tg.add_user(first_name="Deux")
    for user in (first, second):
        v.tg.inject_text(user, "/start gers-bpg4")
        await expect(v.tg, user, "Bienvenue")
    await vote(v, first, "Auch", "06 12 34 56 11", "+33612345611")
    await cast(v, first)
    await vote(v, second, "Auch", "06 12 34 56 11", "+33612345611")
    await expect(v.tg, second, "Ce numéro a déjà voté")


async def test_the_same_phone_votes_in_both_campaigns(votes: Votes) -> None:
    v = votes
    marie = v.tg.add_user(first_name="Marie")
    v.tg.inject_text(marie, "/start gers-bpg4")
    await expect(v.tg, marie, "Bienvenue")
    await vote(v, marie, "Auch", "06 12 34 56 12", "+33612345612")
    await cast(v, marie)
    v.tg.inject_text(marie, "/campagne")
    await expect(v.tg, marie, "Vous êtes sur le")
    await tap(v.tg, marie, AUDE, "Bienvenue")
    await vote(v, marie, "Carcassonne", "06 12 34 56 12", "+33612345612")
    await cast(v, marie)
