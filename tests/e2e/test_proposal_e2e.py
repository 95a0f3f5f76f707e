"""The unmodified bot (`budgetbot run --base-url`) over HTTP against the Bot API test server."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.botapi import BotApiServer
from tests.botapi.models import TgChat, TgUser
from tests.e2e.botproc import TOKEN, BotProcess, campaign_file, expect


@dataclass
class World:
    tg: BotApiServer
    bot: BotProcess
    marie: TgUser
    paul: TgUser
    intruder: TgUser
    staff: TgChat


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    marie = tg.add_user(first_name="Marie", language_code="fr")
    paul = tg.add_user(first_name="Paul", language_code="fr")
    intruder = tg.add_user(first_name="Intrus", language_code="fr")
    staff = tg.add_group(title="Équipe BP", admins=[paul], members=[intruder])
    bot = BotProcess(tg, campaign_file(tmp_path, staff.id), tmp_path / "bot.sqlite3")
    await bot.start()
    yield World(tg, bot, marie, paul, intruder, staff)
    await bot.stop()
    await tg.stop()


async def tap(w: World, user: TgUser, label: str, needle: str, chat: object = None) -> None:
    """Tap `label` on the latest message with buttons in the chat, wait for `needle`."""
    where = chat if chat is not None else user
    message = next(m for m in reversed(w.tg.sent_messages(where))
                   if any(label in t for t in m.button_texts))
    w.tg.inject_callback(user, message, message.callback_data(label), chat=chat)
    await expect(w.tg, where, needle)


async def write(w: World, text: str, needle: str) -> None:
    w.tg.inject_text(w.marie, text)
    await expect(w.tg, w.marie, needle)


async def walk_to_summary(
        w: World,
        description: str = "Un abri couvert pour dix vélos devant le collège de Lectoure.") -> None:
    await write(w, "/start", "Bienvenue")
    await tap(w, w.marie, "Proposer", "titre")
    await write(w, "Abri <vélo> & parking", "Décrivez")
    await write(w, description, "thème")
    await tap(w, w.marie, "Écologie", "commune")
    await write(w, "lectoure", "coût")
    await write(w, "15k", "Question 1/3")
    await tap(w, w.marie, "Oui", "Question 2/3")
    await tap(w, w.marie, "Oui", "Question 3/3")
    await tap(w, w.marie, "Non", "photo")
    w.tg.inject_photo(w.marie)
    await expect(w.tg, w.marie, "en tant que")
    await tap(w, w.marie, "Particulier", "nom")
    await write(w, "Marie Dupont", "âge")
    await write(w, "67", "habitez")
    await write(w, "St Clar", "Votre proposition")


async def test_citizen_proposes_and_staff_decide_in_their_group(world: World) -> None:
    w = world
    await walk_to_summary(w)
    await tap(w, w.marie, "Envoyer ma proposition", "BP-2026-0001")
    alert = await expect(w.tg, w.staff, "Nouvelle proposition BP-2026-0001")
    assert "Abri <vélo> & parking" in alert.text  # escaped, so shown as typed
    assert w.tg.sent_messages(w.staff)[0].method.lower() == "sendphoto"

    query = w.tg.inject_callback(w.intruder, alert, alert.callback_data("Recevable"),
                                 chat=w.staff)
    refusal = await w.tg.wait_for_callback_answer(query)
    assert "seule l'équipe" in (refusal.text or "")

    query = w.tg.inject_callback(w.paul, alert, alert.callback_data("Recevable"), chat=w.staff)
    await w.tg.wait_for_callback_answer(query)
    edited = await w.tg.wait_for_message(w.staff, lambda m: m.event == "edited"
                                         and "décidé par Paul" in m.content)
    assert edited.button_texts == ["🔄 Rouvrir", "✏️ Modifier"]  # no more decision buttons
    told = await expect(w.tg, w.marie, "Bonne nouvelle")
    assert "BP-2026-0001" in told.text

    query = w.tg.inject_callback(w.paul, alert, alert.callback_data("Non recevable"),
                                 chat=w.staff)
    again = await w.tg.wait_for_callback_answer(query)
    assert "Déjà décidé par Paul" in (again.text or "")
    await w.bot.stop()
    with sqlite3.connect(w.bot.db) as db:
        rows = db.execute("SELECT actor_name, action, subject FROM audit_log "
                          "WHERE action LIKE 'decision:%'").fetchall()
    assert rows == [("Paul", "decision:admissible", "BP-2026-0001")]


async def test_a_long_proposal_with_a_photo_reaches_staff_once_when_telegram_says_wait(
        world: World) -> None:
    """The alert follows its photo as its own message; a 429 on it resends neither."""
    w = world
    await walk_to_summary(w, description="Un abri couvert pour dix vélos, près du collège. " * 25)
    w.tg.fail_next("sendMessage", retry_after=1, chat=w.staff)
    await tap(w, w.marie, "Envoyer ma proposition", "BP-2026-0001")
    alert = await expect(w.tg, w.staff, "Nouvelle proposition BP-2026-0001", timeout=15)
    staff_photos = [c for c in w.tg.calls("sendPhoto")
                    if str(c.params["chat_id"]) == str(w.staff.id)]
    assert len(staff_photos) == 1
    assert [m.method.lower() for m in w.tg.sent_messages(w.staff)] == ["sendphoto",
                                                                        "sendmessage"]
    query = w.tg.inject_callback(w.paul, alert, alert.callback_data("Recevable"), chat=w.staff)
    await w.tg.wait_for_callback_answer(query)
    await w.tg.wait_for_message(w.staff, lambda m: m.event == "edited"
                                and "décidé par Paul" in m.content)


async def test_a_staff_group_upgraded_to_a_supergroup_is_followed_across_a_restart(
        tmp_path: Path) -> None:
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    marie = tg.add_user(first_name="Marie", language_code="fr")
    paul = tg.add_user(first_name="Paul", language_code="fr")
    group = tg.add_group(title="Équipe BP", admins=[paul], chat_type="group")
    bot = BotProcess(tg, campaign_file(tmp_path, group.id), tmp_path / "bot.sqlite3")
    await bot.start()
    w = World(tg, bot, marie, paul, marie, group)
    try:
        supergroup = tg.migrate_to_supergroup(group, by=paul)
        notice = await expect(tg, supergroup, "supergroupe")
        assert f"chat_id = {supergroup.id}" in notice.text
        await bot.stop()
        await bot.start()
        w.staff = supergroup
        await walk_to_summary(w)
        await tap(w, marie, "Envoyer ma proposition", "BP-2026-0001")
        alert = await expect(tg, supergroup, "Nouvelle proposition BP-2026-0001")
        query = tg.inject_callback(paul, alert, alert.callback_data("Recevable"), chat=supergroup)
        await tg.wait_for_callback_answer(query)
        await expect(tg, marie, "Bonne nouvelle")
    finally:
        await bot.stop()
        await tg.stop()


async def test_staff_request_changes_and_the_proposer_resubmits(world: World) -> None:
    w = world
    await walk_to_summary(w)
    await tap(w, w.marie, "Envoyer ma proposition", "BP-2026-0001")
    await expect(w.tg, w.staff, "Nouvelle proposition")
    await tap(w, w.paul, "Demander des modifications", "modifications demandées", chat=w.staff)
    w.tg.inject_text(w.paul, "Précisez le nombre de vélos.", chat=w.staff)
    await expect(w.tg, w.marie, "Précisez le nombre de vélos.")
    await tap(w, w.marie, "Modifier mon projet", "Votre proposition")
    await tap(w, w.marie, "Description", "Décrivez")
    await write(w, "Un abri couvert pour douze vélos devant le collège.", "Votre proposition")
    await tap(w, w.marie, "Envoyer ma proposition", "BP-2026-0001")
    alert = await expect(w.tg, w.staff, "Proposition modifiée BP-2026-0001")
    assert "douze vélos" in alert.text


async def test_bot_killed_mid_dialogue_resumes_where_the_person_was(world: World) -> None:
    w = world
    await write(w, "/proposer", "titre")
    await write(w, "Jardin partagé", "Décrivez")
    await w.bot.kill()
    await w.bot.start()
    await write(w, "Des bacs de jardinage pour les habitants du quartier.", "thème")


async def test_the_same_update_delivered_twice_is_handled_once(world: World) -> None:
    w = world
    await write(w, "/proposer", "titre")
    update = w.tg.inject_text(w.marie, "Jardin partagé")
    await expect(w.tg, w.marie, "Décrivez")
    w.tg.inject_raw(update)
    await w.tg.wait_idle()
    await asyncio.sleep(0.5)
    assert sum("Décrivez" in m.content for m in w.tg.sent_messages(w.marie)) == 1
    await write(w, "Des bacs de jardinage pour les habitants du quartier.", "thème")


async def test_sticker_and_unknown_command_get_a_kind_answer(world: World) -> None:
    w = world
    await write(w, "/proposer", "titre")
    w.tg.inject_sticker(w.marie)
    await expect(w.tg, w.marie, "autocollant")
    await write(w, "/nimportequoi", "Je ne connais pas la commande")


async def test_when_telegram_says_to_wait_the_reply_still_arrives(world: World) -> None:
    w = world
    before = len(w.tg.calls("sendMessage"))
    w.tg.fail_next("sendMessage", retry_after=1)
    w.tg.inject_text(w.marie, "/start")
    welcome = await expect(w.tg, w.marie, "Bienvenue", timeout=15)
    assert welcome.text
    assert len(w.tg.calls("sendMessage")) - before >= 2  # refused once, then sent
