"""Voting by plain SMS end to end: a real Kannel (fakesmsc sends the phone's messages and
receives the replies), the unmodified bot, and the Bot API test server for Telegram voters."""

from __future__ import annotations

import contextlib
import html
import re
import sqlite3
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.domain.gsm7 import encode
from flows.i18n import plural, t
from tests.botapi import BotApiServer
from tests.e2e.botproc import TOKEN, BotProcess, campaign_file, expect, free_port
from tests.e2e.test_vote_e2e import Vote, seed_projects, tap, verify
from tests.sms.kannel import KannelHarness, require_binaries

SMS_SECRET = "sms-secret-0123456789abcdef"
PROJECTS = 8


def sms(key: str, lang: str = "fr", **values: object) -> str:
    """A catalog text as the phone receives it: plain, accents GSM-7 lacks folded."""
    return encode(html.unescape(t(lang, key, **values))).text


@contextlib.asynccontextmanager
async def running(tmp_path: Path, webhook: bool = False, **env: str) -> AsyncIterator[Vote]:
    """The bot with SMS voting on, a Kannel whose sms-service calls it, a Telegram server."""
    binaries = require_binaries()
    port = free_port()
    url = (f"http://127.0.0.1:{port}/sms/kannel?secret={SMS_SECRET}&id=%I&from=%p&to=%P"
           "&time=%t&coding=%c&charset=%C&text=%b")
    kannel = KannelHarness(tmp_path / "kannel", binaries, get_url=url)
    kannel.start()
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    paul = tg.add_user(first_name="Paul")
    staff = tg.add_group(title="Équipe", admins=[paul])
    settings = (f'\n[sms]\nkind = "kannel"\nkannel_url = "{kannel.base_url}"\n'
                f'kannel_username = "{kannel.username}"\ninbound_port = {port}\n')
    db = tmp_path / "vote.sqlite3"
    await seed_projects(db, PROJECTS)
    bot = BotProcess(tg, campaign_file(tmp_path, staff.id, phase="vote", extra=settings), db,
                     env={"KANNEL_PASSWORD": kannel.password, "BUDGETBOT_SMS_SECRET": SMS_SECRET,
                          **env},
                     webhook_port=free_port() if webhook else None)
    try:
        await bot.start()
        yield Vote(tg, bot, kannel, staff, paul)
    finally:
        await bot.stop()
        await tg.stop()
        kannel.stop()


@pytest.fixture
async def sms_vote(tmp_path: Path) -> AsyncIterator[Vote]:
    async with running(tmp_path) as vote:
        yield vote


async def texts(v: Vote, number: str, count: int = 1, timeout: float = 15) -> list[str]:
    """The next `count` SMS the bot sends to `number`."""
    return [await v.kannel.wait_for_sms(number, timeout=timeout) for _ in range(count)]


async def ask(v: Vote, number: str, text: str, replies: int = 1) -> str:
    """Send an SMS from `number`; its replies, joined as the phone shows them one by one."""
    await v.kannel.send_mo(number, text)
    return "\n".join(await texts(v, number, replies))


def code_in(text: str) -> str:
    found = re.search(r"OUI (\d{4})", text)
    assert found, text
    return found[1]


def ballots(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return [(str(r[0]), str(r[1])) for r in
                conn.execute("SELECT channel, choices FROM ballots ORDER BY channel")]


async def test_whole_sms_vote_list_project_vote_confirm_receipt(sms_vote: Vote) -> None:
    v, phone = sms_vote, "+33612340001"
    listing = await ask(v, phone, "LISTE", replies=2)
    assert "1 Projet 1 (Auch, 9 000 €)" in listing
    assert sms("smsv_list_more", page="2") in listing
    assert "7 Projet 7" in await ask(v, phone, "liste 2")
    assert (await ask(v, phone, "projet 3")).startswith("3 Projet 3 - Auch, 9 002 €.")

    confirm = await ask(v, phone, "vote 2, 4 et 6", replies=2)
    assert confirm.startswith(sms("smsv_understood", lines="2 Projet 2; 4 Projet 4; 6 Projet 6"))
    assert "sur l'honneur habiter dans le Gers" in confirm
    receipt_text = await ask(v, phone, f"oui {code_in(confirm)}")
    receipt = re.findall(r"RECU ([0-9A-F]{8})", receipt_text)[0]
    assert receipt_text == sms("smsv_cast", receipt=receipt)
    assert await ask(v, phone, f"RECU {receipt}") == sms("smsv_receipt_found", receipt=receipt)
    assert ballots(v.bot.db) == [("sms", "[2, 4, 6]")]
    assert await ask(v, phone, "VOTE 1 2 3") == sms("smsv_already_voted")


async def test_a_ballot_breaking_the_rules_is_refused_with_the_rule(sms_vote: Vote) -> None:
    v, phone = sms_vote, "+33612340002"
    too_few = sms("smsv_too_few", min="3 projets", count=2)
    assert await ask(v, phone, "VOTE 1 2") == sms(
        "smsv_ballot_invalid", problem=too_few, example="1 2 3")
    assert await ask(v, phone, "VOTE 1 2 99") == sms(
        "smsv_ballot_invalid", problem=sms("smsv_unknown_number", number=99), example="1 2 3")
    too_many = sms("smsv_too_many", max="3 projets", count=4)
    assert await ask(v, phone, "VOTE 1 2 3 4") == sms(
        "smsv_ballot_invalid", problem=too_many, example="1 2 3")
    assert ballots(v.bot.db) == []


async def test_wrong_then_expired_confirmation_casts_nothing(sms_vote: Vote) -> None:
    v, phone = sms_vote, "+33612340003"
    code = code_in(await ask(v, phone, "VOTE 1 2 3", replies=2))
    wrong = f"{(int(code) + 1) % 10_000:04d}"
    assert await ask(v, phone, f"OUI {wrong}") == sms(
        "smsv_code_wrong", left=plural("fr", "tries", 4))
    with sqlite3.connect(v.bot.db) as conn:  # ten minutes pass
        conn.execute("UPDATE sms_challenges SET expires_at = expires_at - 3600")
    assert await ask(v, phone, f"OUI {code}") == sms("smsv_code_expired")
    assert await ask(v, phone, f"OUI {code}") == sms("smsv_no_pending")
    assert ballots(v.bot.db) == []


async def test_a_number_that_voted_by_sms_is_refused_on_telegram(sms_vote: Vote) -> None:
    v, phone = sms_vote, "+33612340004"
    code = code_in(await ask(v, phone, "VOTE 1 2 3", replies=2))
    assert "RECU" in await ask(v, phone, f"OUI {code}")
    marie = v.tg.add_user(first_name="Marie")
    await verify(v, marie, "06 12 34 00 04", phone)
    await expect(v.tg, marie, "Ce numéro a déjà voté")
    assert ballots(v.bot.db) == [("sms", "[1, 2, 3]")]


async def test_a_number_that_voted_on_telegram_is_refused_by_sms(sms_vote: Vote) -> None:
    v, phone = sms_vote, "+33612340005"
    marie = v.tg.add_user(first_name="Marie")
    await verify(v, marie, "06 12 34 00 05", phone)
    screen = await expect(v.tg, marie, "Votre bulletin")
    # The projects come in the voter's own random order: three of the first page.
    shown = [int(n) for label in screen.button_texts for n in re.findall(r"n°(\d+) ", label)]
    for n in shown[:3]:
        await tap(v, marie, f"n°{n} ")
        await v.tg.wait_for_message(marie, lambda m: m.event == "edited" and "☑️" in m.content)
    await tap(v, marie, "Valider mon choix")
    await expect(v.tg, marie, "définitif")
    await tap(v, marie, "Confirmer mon vote")
    await expect(v.tg, marie, "A voté")
    assert await ask(v, phone, "VOTE 4 5 6") == sms("smsv_already_voted")
    assert ballots(v.bot.db) == [("online", str(sorted(shown[:3])))]


async def test_a_forged_sender_never_gets_the_code_so_nothing_is_cast(sms_vote: Vote) -> None:
    v, victim = sms_vote, "+33612340006"
    # Someone forges the victim's number: the confirmation code goes to the victim's phone.
    confirm = await ask(v, victim, "VOTE 1 2 3", replies=2)
    assert code_in(confirm)
    # Guessing the code from another phone confirms nothing for the victim's number.
    assert await ask(v, "+33612340007", "OUI 1234") == sms("smsv_no_pending")
    assert ballots(v.bot.db) == []
    with sqlite3.connect(v.bot.db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM voters").fetchone() == (0,)


async def test_unknown_and_mistyped_commands(sms_vote: Vote) -> None:
    v, phone = sms_vote, "+33612340008"
    assert await ask(v, phone, "Bonjour") == sms("smsv_not_understood", example="1 2 3")
    assert "1 Projet 1" in await ask(v, phone, "LSITE", replies=2)
    assert (await ask(v, phone, "aidee")).startswith("Budget participatif gersois. LISTE")
    assert "Vous votez pour" in await ask(v, phone, "VOET 1, 2 et 3", replies=2)


async def test_a_message_longer_than_one_segment_is_read_whole(sms_vote: Vote) -> None:
    v, phone = sms_vote, "+33612340009"
    long = ("Je vote pour le projet 5, celui de la salle des fetes, le projet 6 pour le "
            "city stade et le projet 7 des jardins partages de notre village. Merci a "
            "toute l'equipe !")
    assert len(long) > 160
    confirm = await ask(v, phone, long, replies=2)
    assert confirm.startswith(sms("smsv_understood", lines="5 Projet 5; 6 Projet 6; 7 Projet 7"))


async def test_a_repeated_message_from_kannel_changes_nothing(sms_vote: Vote) -> None:
    v, phone = sms_vote, "+33612340010"
    port = int(re.findall(r"inbound_port = (\d+)", v.bot.campaign.read_text())[0])
    url = (f"http://127.0.0.1:{port}/sms/kannel?secret={SMS_SECRET}&id=same-id&from=%2B"
           f"{phone[1:]}&text=AIDE")
    for _ in range(2):  # as Kannel's http-request-retry would
        with urllib.request.urlopen(url, timeout=5) as answer:
            assert answer.status == 200
    assert (await texts(v, phone))[0].startswith("Budget participatif gersois.")
    forged = url.replace(SMS_SECRET, "wrong")
    with pytest.raises(urllib.error.HTTPError, match="403"):
        urllib.request.urlopen(forged, timeout=5)
    with pytest.raises(TimeoutError):
        await v.kannel.wait_for_sms(phone, timeout=3)


async def test_sms_voting_runs_in_webhook_mode_too(tmp_path: Path) -> None:
    async with running(tmp_path, webhook=True) as v:
        phone = "+33612340011"
        code = code_in(await ask(v, phone, "VOTE 1 2 3", replies=2))
        assert "RECU" in await ask(v, phone, f"OUI {code}")
        assert ballots(v.bot.db) == [("sms", "[1, 2, 3]")]
