"""One voter's own project order, end to end: the real bot over HTTP, Kannel for the code."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from flows.domain.model import ProposalFields, ProposalStatus
from flows.i18n import plural, t
from storage.db import Database
from tests.botapi import BotApiServer
from tests.botapi.models import BotMessage, TgUser
from tests.e2e.botproc import GERS_ID, TOKEN, BotProcess, campaign_file, expect
from tests.e2e.test_vote_e2e import Vote, tap, verify
from tests.sms.kannel import KannelHarness

THEMES = ["ecologie", "solidarite", "numerique"]
COMMUNES = ["32013", "32208", "32107", "32147"]  # Auch, Lectoure, Condom, Gimont
REVIEW = t("fr", "btn_review")


async def seed_projects(db_path: Path, count: int) -> None:
    db = await Database.open(db_path)
    now = datetime.now(UTC)
    async with db.transaction() as unscoped:
        uow = unscoped.in_campaign(GERS_ID)
        for i in range(count):
            fields = ProposalFields(title=f"Projet {i + 1}", description="Description du projet.",
                                    theme=THEMES[i % 3], commune=COMMUNES[i % 4],
                                    cost=Decimal(9000 + i))
            p = await uow.proposals.create(1, 1, "fr", fields, "BP", 2026, now)
            await uow.proposals.set_status(p.id, ProposalStatus.ADMISSIBLE, None, None, "Paul",
                                           now)
    await db.close()


@pytest.fixture
async def vote(tmp_path: Path, kannel: KannelHarness) -> AsyncIterator[Vote]:
    tg = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await tg.start()
    paul = tg.add_user(first_name="Paul")
    staff = tg.add_group(title="Équipe", admins=[paul])
    sms = (f'\n[sms]\nkind = "kannel"\nkannel_url = "{kannel.base_url}"\n'
           f'kannel_username = "{kannel.username}"\n')
    db = tmp_path / "order.sqlite3"
    await seed_projects(db, 12)
    bot = BotProcess(tg, campaign_file(tmp_path, staff.id, phase="vote", extra=sms), db,
                     env={"KANNEL_PASSWORD": kannel.password})
    await bot.start()
    yield Vote(tg, bot, kannel, staff, paul)
    await bot.stop()
    await tg.stop()


def screen(v: Vote, user: TgUser) -> BotMessage:
    """The latest ballot screen, as it stands now (edits included)."""
    return next(m for m in reversed(v.tg.sent_messages(user)) if REVIEW in m.button_texts)


def numbers(v: Vote, user: TgUser) -> list[int]:
    """The project numbers on the ballot screen, top to bottom."""
    return [int(n) for n in re.findall(r"n°(\d+) ", " ".join(screen(v, user).button_texts))]


def page_of(v: Vote, user: TgUser) -> tuple[int, int]:
    found = next(b for b in screen(v, user).button_texts if re.fullmatch(r"\d+/\d+", b))
    page, pages = found.split("/")
    return int(page), int(pages)


async def turn(v: Vote, user: TgUser, arrow: str) -> None:
    """Tap ◀️ or ▶️ and wait for the screen to be edited to the next page."""
    page, _ = page_of(v, user)
    await tap(v, user, arrow)
    wanted = page + (1 if arrow == "▶️" else -1)
    await v.tg.wait_until(lambda: page_of(v, user)[0] == wanted)


async def whole_order(v: Vote, user: TgUser) -> list[int]:
    while page_of(v, user)[0] > 1:
        await turn(v, user, "◀️")
    seen = numbers(v, user)
    while page_of(v, user)[0] < page_of(v, user)[1]:
        await turn(v, user, "▶️")
        seen += numbers(v, user)
    return seen


async def test_one_voters_order_survives_pages_filter_review_change_and_restart(
        vote: Vote) -> None:
    v = vote
    marie = v.tg.add_user(first_name="Marie")
    await verify(v, marie, "06 12 34 56 11", "+33612345611")
    first = await expect(v.tg, marie, "Votre bulletin")
    assert "12 projets sur 3 pages" in first.content
    mine = await whole_order(v, marie)
    assert sorted(mine) == list(range(1, 13))
    assert await whole_order(v, marie) == mine

    await tap(v, marie, t("fr", "btn_filter_theme"))
    await expect(v.tg, marie, t("fr", "ballot_pick_theme"))
    await tap(v, marie, "Solidarité")
    await expect(v.tg, marie, "Filtre : Solidarité")
    assert numbers(v, marie) == [n for n in mine if THEMES[(n - 1) % 3] == "solidarite"]
    await tap(v, marie, t("fr", "btn_filter_theme"))
    await expect(v.tg, marie, t("fr", "ballot_pick_theme"))
    await tap(v, marie, t("fr", "btn_all"))
    await expect(v.tg, marie, "Votre bulletin")

    picked = numbers(v, marie)[:3]
    for ticked, n in enumerate(reversed(picked), start=1):
        await tap(v, marie, f"n°{n} ")
        chosen = plural("fr", "chosen", ticked)
        await v.tg.wait_until(lambda c=chosen: c in screen(v, marie).content)
    await tap(v, marie, REVIEW)
    review = await expect(v.tg, marie, "définitif")
    assert [int(n) for n in re.findall(r"n°(\d+) ", review.content)] == picked

    await tap(v, marie, t("fr", "btn_change_vote"))
    await expect(v.tg, marie, "Votre bulletin")
    assert await whole_order(v, marie) == mine

    await v.bot.kill()
    await v.bot.start()
    v.tg.inject_text(marie, "/start")
    # A bot just restarted on a loaded machine (tests run side by side) may take more than
    # the usual 10 s to answer its first update.
    await expect(v.tg, marie, t("fr", "resume_offer"), timeout=30)
    await tap(v, marie, t("fr", "btn_resume"))
    await expect(v.tg, marie, "Votre bulletin")
    assert await whole_order(v, marie) == mine
    assert plural("fr", "chosen", 3) in screen(v, marie).content
