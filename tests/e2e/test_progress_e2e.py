"""Following the winners through the unmodified bot over HTTP: staff publish the results and
record a winner's progress in their group; the follower and the proposer are told, a voter
who chose the project but follows nothing hears nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from flows.domain import verification
from flows.domain.model import ProposalFields, ProposalStatus
from flows.i18n import t
from storage.db import Database
from tests.botapi import BotApiServer
from tests.botapi.models import BotMessage, TgChat, TgUser
from tests.e2e.botproc import GERS_ID, PHONE_KEY, TOKEN, BotProcess, campaign_file, expect

NOTE = "Le chantier a démarré, fin prévue en juin."


@dataclass
class Town:
    tg: BotApiServer
    bot: BotProcess
    marie: TgUser  # proposed BP-2026-0001
    luc: TgUser  # follows it
    jean: TgUser  # voted for it, follows nothing
    paul: TgUser
    intruder: TgUser
    staff: TgChat


async def seed(db_path: Path, marie: TgUser, jean: TgUser) -> None:
    """Two admissible projects (Marie's first) and Jean's ballot for both, from the vote."""
    db = await Database.open(db_path)
    now = datetime.now(UTC)
    key = PHONE_KEY.encode()
    async with db.transaction() as unscoped:
        uow = unscoped.in_campaign(GERS_ID)
        for title in ("Abri vélo au collège", "Aire de jeux"):
            fields = ProposalFields(title=title, description="Une description du projet.",
                                    theme="ecologie", commune="32013", cost=Decimal(15000))
            p = await uow.proposals.create(marie.id, marie.id, "fr", fields, "BP", 2026, now)
            await uow.proposals.set_status(p.id, ProposalStatus.ADMISSIBLE, None, None, "Paul",
                                           now)
        receipt = await uow.voting.cast(verification.phone_hash(key, "+33612345678"),
                                        verification.account_hash(key, jean.id),
                                        now.date().isoformat(), "32013", None, [1, 2])
        assert receipt is not None
    await db.close()


@pytest.fixture
async def town(tmp_path: Path) -> AsyncIterator[Town]:
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    marie = tg.add_user(first_name="Marie", language_code="fr")
    luc = tg.add_user(first_name="Luc", language_code="fr")
    jean = tg.add_user(first_name="Jean", language_code="fr")
    paul = tg.add_user(first_name="Paul", language_code="fr")
    intruder = tg.add_user(first_name="Intrus", language_code="fr")
    staff = tg.add_group(title="Équipe BP", admins=[paul], members=[intruder])
    db = tmp_path / "progress.sqlite3"
    await seed(db, marie, jean)
    bot = BotProcess(tg, campaign_file(tmp_path, staff.id, phase="results"), db)
    await bot.start()
    yield Town(tg, bot, marie, luc, jean, paul, intruder, staff)
    await bot.stop()
    await tg.stop()


def last_with(w: Town, chat: object, label: str) -> BotMessage:
    return next(m for m in reversed(w.tg.sent_messages(chat)) if label in m.button_texts)


async def tap(w: Town, user: TgUser, chat: object, label: str, needle: str) -> BotMessage:
    message = last_with(w, chat, label)
    w.tg.inject_callback(user, message, message.callback_data(label),
                         chat=None if chat is user else chat)
    return await w.tg.wait_for_message(chat, lambda m: needle in m.content)


async def staff_say(w: Town, text: str, needle: str) -> BotMessage:
    w.tg.inject_text(w.paul, text, chat=w.staff)
    return await expect(w.tg, w.staff, needle)


async def test_progress_recorded_in_the_group_reaches_follower_and_proposer_only(
        town: Town) -> None:
    w = town
    await staff_say(w, "/resultats", "Ceci est le projet de résultats")
    await tap(w, w.paul, w.staff, t("fr", "btn_publish"), "Publier les résultats ?")
    await tap(w, w.paul, w.staff, t("fr", "btn_publish_confirm"), "Résultats publiés par Paul")

    w.tg.inject_text(w.luc, "/realisations")
    await expect(w.tg, w.luc, "Les réalisations")
    listing = last_with(w, w.luc, f"{t('fr', 'btn_follow')} BP-2026-0001")
    w.tg.inject_callback(w.luc, listing, listing.callback_data(
        f"{t('fr', 'btn_follow')} BP-2026-0001"))
    await w.tg.wait_for_message(w.luc, lambda m: m.event == "edited" and (
        f"{t('fr', 'btn_unfollow')} BP-2026-0001" in m.button_texts))

    w.tg.inject_text(w.intruder, "/suivi BP-2026-0001", chat=w.staff)
    await expect(w.tg, w.staff, "seule l'équipe")

    await staff_say(w, "/suivi BP-2026-0001", "À quelle étape")
    await tap(w, w.paul, w.staff, t("fr", "progress_stage_works"), "en pourcentage")
    await staff_say(w, "beaucoup", "Je n'ai pas compris « beaucoup »")
    await staff_say(w, "60 %", "Une courte nouvelle")
    await staff_say(w, NOTE, "Une photo du projet")
    w.tg.inject_photo(w.paul, chat=w.staff)
    await expect(w.tg, w.staff, "Vérifiez avant d'enregistrer")
    await tap(w, w.paul, w.staff, t("fr", "btn_progress_save"), "Personnes prévenues : 2")

    told = [await expect(w.tg, who, "Du nouveau pour le projet BP-2026-0001")
            for who in (w.luc, w.marie)]
    for message in told:
        assert message.method.lower() == "sendphoto"
        assert f"{t('fr', 'progress_stage_works')} — 60 %" in message.content
        assert NOTE in message.content
    assert "vous suivez ce projet" in told[0].content.lower()
    assert "vous avez proposé ce projet" in told[1].content
    assert w.tg.sent_messages(w.jean) == []  # the ballot box is never used to reach anyone

    w.tg.inject_text(w.jean, "/realisations")
    listing = await expect(w.tg, w.jean, "Les réalisations")
    assert "60 %" in listing.content and NOTE in listing.content

    await w.bot.stop()
    with sqlite3.connect(w.bot.db) as db:
        rows = db.execute("SELECT actor_name, action FROM audit_log WHERE subject = "
                          "'BP-2026-0001' AND action LIKE 'progress%'").fetchall()
        progress = db.execute("SELECT stage, percent, note FROM progress").fetchall()
    assert rows == [("Paul", "progress")]
    assert progress == [("works", 60, NOTE)]
