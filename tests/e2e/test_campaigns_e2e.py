"""One bot, two campaigns open at once (the Gers and Aude examples), through the unmodified
bot over HTTP: citizens arrive by link or by commune, proposals land in their campaign, each
staff group sees its own, /campagne switches."""

from __future__ import annotations

import asyncio
import html
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from flows.i18n import t
from tests.botapi import BotApiServer
from tests.botapi.models import BotMessage, TgChat, TgUser
from tests.e2e.botproc import TOKEN, BotProcess, campaign_file, expect

GERS, AUDE = "Budget participatif gersois", "Budget participatif de l'Aude"


def shown(text: str) -> str:
    """A catalog text as a Telegram client shows it: no tags, entities decoded."""
    for tag in ("<b>", "</b>"):
        text = text.replace(tag, "")
    return html.unescape(text)


@dataclass
class Two:
    tg: BotApiServer
    bot: BotProcess
    gers_staff: TgChat
    aude_staff: TgChat
    paul: TgUser  # Gers staff
    anne: TgUser  # Aude staff


def campaigns_folder(tmp: Path, gers_staff: int, aude_staff: int,
                     phase: str = "proposals", aude_phase: str | None = None) -> Path:
    """Both examples in one folder, with their own staff groups and today in `phase`."""
    folder = tmp / "campaigns"
    folder.mkdir(exist_ok=True)
    campaign_file(folder, gers_staff, phase, "gers.toml", name="gers.toml")
    campaign_file(folder, aude_staff, aude_phase or phase, "aude.toml", name="aude.toml")
    return folder


@pytest.fixture
async def two(tmp_path: Path) -> AsyncIterator[Two]:
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    paul = tg.add_user(first_name="Paul", language_code="fr")
    anne = tg.add_user(first_name="Anne", language_code="fr")
    gers_staff = tg.add_group(title="Équipe Gers", admins=[paul])
    aude_staff = tg.add_group(title="Équipe Aude", admins=[anne])
    folder = campaigns_folder(tmp_path, gers_staff.id, aude_staff.id)
    bot = BotProcess(tg, folder, tmp_path / "bot.sqlite3")  # a folder of campaign files
    await bot.start()
    yield Two(tg, bot, gers_staff, aude_staff, paul, anne)
    await bot.stop()
    await tg.stop()


def latest_with(tg: BotApiServer, chat: object, label: str) -> BotMessage:
    return next(m for m in reversed(tg.sent_messages(chat))
                if any(label in text for text in m.button_texts))


async def tap(tg: BotApiServer, user: TgUser, label: str, needle: str) -> BotMessage:
    message = latest_with(tg, user, label)
    tg.inject_callback(user, message, message.callback_data(label))
    return await expect(tg, user, needle)


async def say(tg: BotApiServer, user: TgUser, text: str, needle: str) -> BotMessage:
    tg.inject_text(user, text)
    return await expect(tg, user, needle)


async def propose(tg: BotApiServer, user: TgUser, theme: str, commune: str,
                  questions: int, home: str) -> BotMessage:
    """From the menu of the user's campaign to the reference of a filed proposal."""
    await tap(tg, user, "Proposer", "titre")
    await say(tg, user, "Un abri pour vélos", "Décrivez")
    await say(tg, user, "Un abri couvert pour dix vélos devant le collège.", "thème")
    await tap(tg, user, theme, "commune")
    await say(tg, user, commune, "coût")
    await say(tg, user, "15k", f"Question 1/{questions}")
    for n in range(2, questions + 1):
        await tap(tg, user, "Oui", f"Question {n}/{questions}")
    await tap(tg, user, "Oui" if questions == 2 else "Non", "photo")
    await tap(tg, user, "Pas de photo", "en tant que")
    await tap(tg, user, "Particulier", "nom")
    await say(tg, user, "Camille Martin", "âge")
    await say(tg, user, "45", "habitez")
    await say(tg, user, home, "Votre proposition")
    return await tap(tg, user, "Envoyer ma proposition", "-2026-0001")


async def test_two_open_campaigns_citizens_arrive_by_link_and_by_commune_and_each_staff_group_gets_its_own(  # noqa: E501
        two: Two) -> None:
    tg = two.tg
    marie = tg.add_user(first_name="Marie", language_code="fr")
    welcome = await say(tg, marie, "/start gers-bpg4", "Bienvenue")  # t.me/budgetbot?start=...
    assert f"Bienvenue sur le {GERS}" in welcome.text
    filed = await propose(tg, marie, "Écologie", "lectoure", 3, "St Clar")
    assert "BP-2026-0001" in filed.text
    alert = await expect(tg, two.gers_staff, "Nouvelle proposition BP-2026-0001")

    jean = tg.add_user(first_name="Jean", language_code="fr")
    asked = await say(tg, jean, "/start", shown(t("fr", "campaign_ask", name="Jean"))[:40])
    assert asked.button_texts == [t("fr", "btn_campaign", campaign=AUDE),  # files' name order
                                  t("fr", "btn_campaign", campaign=GERS),
                                  t("fr", "btn_campaign_others")]
    offer = await say(tg, jean, "carcassonne", "participe au")
    assert offer.text == shown(t("fr", "campaign_of_commune", commune="Carcassonne",
                                 campaign=AUDE))
    welcome = await tap(tg, jean, t("fr", "btn_campaign", campaign=AUDE), "Bienvenue")
    assert f"Bienvenue sur le {AUDE}" in welcome.text
    filed = await propose(tg, jean, "Sport", "limoux", 2, "Carcassonne")
    assert "AUDE-2026-0001" in filed.text
    await expect(tg, two.aude_staff, "Nouvelle proposition AUDE-2026-0001")
    assert not any("AUDE-" in m.content for m in tg.sent_messages(two.gers_staff))
    assert not any("BP-" in m.content for m in tg.sent_messages(two.aude_staff))

    # Each group decides on its own campaign's proposals, with its own buttons.
    query = tg.inject_callback(two.paul, alert, alert.callback_data("Recevable"),
                               chat=two.gers_staff)
    await tg.wait_for_callback_answer(query)
    told = await expect(tg, marie, "Bonne nouvelle")
    assert "BP-2026-0001" in told.text


async def test_campagne_lists_every_campaign_and_switches_with_a_tap(two: Two) -> None:
    tg = two.tg
    marie = tg.add_user(first_name="Marie", language_code="fr")
    await say(tg, marie, "/start gers-bpg4", "Bienvenue")
    listed = await say(tg, marie, "/campagne", "Vous êtes sur le")
    assert listed.text == shown(t("fr", "campaign_list_current", campaign=GERS))
    assert listed.button_texts == [t("fr", "btn_campaign", campaign=AUDE),
                                   t("fr", "btn_campaign_current", campaign=GERS),
                                   t("fr", "btn_campaign_future")]
    welcome = await tap(tg, marie, t("fr", "btn_campaign", campaign=AUDE), "Bienvenue")
    assert f"Bienvenue sur le {AUDE}" in welcome.text
    menu = await say(tg, marie, "/start", "Bienvenue")  # the choice is kept
    assert AUDE in menu.text
    listed = await say(tg, marie, "/campaign", "Vous êtes sur le")
    assert AUDE in listed.text


async def test_a_link_to_an_unknown_campaign_lists_the_campaigns(two: Two) -> None:
    tg = two.tg
    marie = tg.add_user(first_name="Marie", language_code="fr")
    listed = await say(tg, marie, "/start lot-2030", "Ce lien")
    assert listed.text == shown(t("fr", "campaign_unknown_link"))
    assert listed.button_texts[:2] == [t("fr", "btn_campaign", campaign=AUDE),
                                       t("fr", "btn_campaign", campaign=GERS)]


async def test_a_staff_group_sees_only_its_own_campaigns_proposals(two: Two) -> None:
    tg = two.tg
    marie = tg.add_user(first_name="Marie", language_code="fr")
    await say(tg, marie, "/start gers-bpg4", "Bienvenue")
    await propose(tg, marie, "Écologie", "lectoure", 3, "St Clar")
    await expect(tg, two.gers_staff, "Nouvelle proposition BP-2026-0001")
    tg.inject_text(two.anne, "/projet BP-2026-0001", chat=two.aude_staff)
    reply = await tg.wait_for_message(two.aude_staff, lambda m: m.event == "sent")
    assert reply.text == shown(t("fr", "project_no_match", text="BP-2026-0001",
                                 example="AUDE-2026-0042"))


async def test_check_refuses_two_campaigns_sharing_a_staff_group_naming_both_files(
        tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.e2e.botproc import ROOT

    folder = campaigns_folder(tmp_path, -100123, -100123)
    done = subprocess.run([sys.executable, "-m", "bot", "check", str(folder / "gers.toml"),
                           str(folder / "aude.toml")], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert (f"staff.chat_id: {folder / 'gers.toml'} and {folder / 'aude.toml'}: both have "
            "staff.chat_id = -100123: a staff group serves one campaign only") in done.stderr


async def test_people_who_asked_hear_once_when_a_new_campaign_opens(tmp_path: Path) -> None:
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    gers_staff = tg.add_group(title="Équipe Gers", admins=[tg.add_user(first_name="Paul")])
    aude_staff = tg.add_group(title="Équipe Aude", admins=[tg.add_user(first_name="Anne")])
    folder = campaigns_folder(tmp_path, gers_staff.id, aude_staff.id, phase="results",
                              aude_phase="proposals")
    marie = tg.add_user(first_name="Marie", language_code="fr")
    bot = BotProcess(tg, folder / "gers.toml", tmp_path / "bot.sqlite3")  # the Gers alone
    await bot.start()
    try:
        await say(tg, marie, "/start", "Bienvenue")
        told = await tap(tg, marie, t("fr", "btn_campaign_future"), "noté")
        assert told.text == shown(t("fr", "campaign_future_added"))
        await say(tg, marie, "/campagne", "Vous êtes sur le")
        again = await tap(tg, marie, t("fr", "btn_campaign_future"), "noté")
        assert again.text == shown(t("fr", "campaign_future_already"))
        await bot.stop()

        bot.campaign = folder  # the operator adds the Aude, whose proposals are open
        opening = shown(t("fr", "campaign_opened_proposals", campaign=AUDE))
        await bot.start()
        await tg.wait_for_message(marie, lambda m: m.event == "sent" and m.content == opening,
                                  timeout=15)
        await bot.stop()
        await bot.start()  # told once, whatever the restarts
        await asyncio.sleep(2)
        notices = [m for m in tg.sent_messages(marie) if m.content == opening]
        assert len(notices) == 1
        welcome = await tap(tg, marie, t("fr", "btn_campaign", campaign=AUDE), "Bienvenue")
        assert f"Bienvenue sur le {AUDE}" in welcome.text
    finally:
        await bot.stop()
        await tg.stop()
