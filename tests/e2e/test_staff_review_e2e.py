"""Staff work through the queue and correct a decision, through the unmodified bot over HTTP."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.i18n import t
from tests.botapi import BotApiServer
from tests.e2e.botproc import TOKEN, BotProcess, campaign_file, expect
from tests.e2e.test_proposal_e2e import World, walk_to_summary


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    marie = tg.add_user(first_name="Marie", last_name="Dupont", username="marie_d",
                        language_code="fr")
    paul = tg.add_user(first_name="Paul", language_code="fr")
    intruder = tg.add_user(first_name="Intrus", language_code="fr")
    staff = tg.add_group(title="Équipe BP", admins=[paul], members=[intruder])
    bot = BotProcess(tg, campaign_file(tmp_path, staff.id), tmp_path / "bot.sqlite3")
    await bot.start()
    yield World(tg, bot, marie, paul, intruder, staff)
    await bot.stop()
    await tg.stop()


async def test_staff_decide_from_the_queue_then_reopen_and_refuse_with_a_second_tap(
        world: World) -> None:
    w = world
    await walk_to_summary(w)
    w.tg.inject_callback(w.marie, w.tg.sent_messages(w.marie)[-1],
                         w.tg.sent_messages(w.marie)[-1].callback_data("Envoyer ma proposition"))
    first = await expect(w.tg, w.staff, "Nouvelle proposition BP-2026-0001")
    assert "de Marie Dupont @marie_d (utilisateur" in first.text

    w.tg.inject_text(w.paul, "/examen", chat=w.staff)
    queue = await expect(w.tg, w.staff, t("fr", "queue_header_one", count=1, page=1,
                                          pages=1).replace("<b>", "").replace("</b>", ""))
    w.tg.inject_callback(w.paul, queue, queue.callback_data("BP-2026-0001"), chat=w.staff)
    alert = await expect(w.tg, w.staff, "Proposition BP-2026-0001 de Marie Dupont")
    query = w.tg.inject_callback(w.paul, alert, alert.callback_data(
        t("fr", "btn_admissible")), chat=w.staff)
    await w.tg.wait_for_callback_answer(query)
    await expect(w.tg, w.marie, "Bonne nouvelle")

    decided = await w.tg.wait_for_message(w.staff, lambda m: m.event == "edited"
                                          and "décidé par Paul" in m.content)
    assert decided.button_texts == [t("fr", "btn_reopen"), t("fr", "btn_edit_proposal")]
    w.tg.inject_callback(w.paul, decided, decided.callback_data(t("fr", "btn_reopen")),
                         chat=w.staff)
    await expect(w.tg, w.marie, "réexamine votre projet")
    reopened = await w.tg.wait_for_message(w.staff, lambda m: m.event == "edited"
                                           and "Rouvert par Paul" in m.content)
    w.tg.inject_callback(w.paul, reopened, reopened.callback_data(t("fr", "btn_inadmissible")),
                         chat=w.staff)
    reasons = await w.tg.wait_for_message(w.staff, lambda m: m.event == "edited"
                                          and "Choisissez le motif" in m.content)
    w.tg.inject_callback(w.paul, reasons, reasons.callback_data("Hors des compétences"),
                         chat=w.staff)
    asking = await w.tg.wait_for_message(w.staff, lambda m: m.event == "edited"
                                         and "Refuser BP-2026-0001" in m.content)
    w.tg.inject_callback(w.paul, asking, asking.callback_data(t("fr", "btn_confirm_refusal")),
                         chat=w.staff)
    await expect(w.tg, w.marie, "n'a pas pu être retenu")

    await w.bot.stop()
    with sqlite3.connect(w.bot.db) as db:
        rows = db.execute("SELECT actor_name, action FROM audit_log WHERE subject = "
                          "'BP-2026-0001' AND actor_name != 'citizen' ORDER BY id").fetchall()
    assert rows == [("Paul", "decision:admissible"), ("Paul", "reopened"),
                    ("Paul", "decision:inadmissible")]
