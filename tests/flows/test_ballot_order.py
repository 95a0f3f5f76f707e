"""Each voter sees the projects in an order drawn for them: fair, and the same at every screen."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest

from flows.dialogues import voting
from flows.dialogues.context import Context, Turn
from flows.domain.campaign import BallotSection, Campaign, PhaseKind, load_campaign
from flows.domain.model import ProposalFields, ProposalStatus
from flows.domain.ordering import SEED_KEY
from flows.events import Incoming, Text
from flows.i18n import t
from flows.replies import Message
from flows.session import Session
from storage.db import Database
from tests.flows.chisquare import chi_square_p
from tests.flows.harness import EXAMPLES, Harness, Sender
from tests.flows.test_paper_ballots import paper_id
from tests.flows.test_voting import IN_VOTE, ballot_labels, tick

PAGE = 5
VOTERS = 3000
# Five places tested at p > 0.001 each: a fair ballot fails by chance about once in 200 runs.
SIGNIFICANCE = 0.001
THEMES = ["ecologie", "solidarite", "numerique"]
COMMUNES = ["32013", "32208", "32107", "32147"]  # Auch, Lectoure, Condom, Gimont


def campaign(order: str = "random", daily_cap: int = 2000, choices: int = 3) -> Campaign:
    """The Gers example with `[vote] order` set (and room for many SMS in one day)."""
    gers = load_campaign(EXAMPLES / "gers.toml")
    sms = gers.vote.sms.model_copy(update={"daily_cap": daily_cap})
    sections = [BallotSection(min_choices=choices, max_choices=choices)]
    return gers.model_copy(update={"vote": gers.vote.model_copy(
        update={"order": order, "sms": sms, "sections": sections})})


async def open_vote(path: Path, projects: int, order: str = "random",
                    daily_cap: int = 2000, choices: int = 3) -> Harness:
    """A vote with `projects` admissible projects, themes and communes taken in turn."""
    h = Harness(await Database.open(path), campaign(order, daily_cap, choices), IN_VOTE)
    h.db_path = path
    async with h.transaction() as uow:
        for i in range(projects):
            fields = ProposalFields(title=f"Projet {i + 1}", description="Une description.",
                                    theme=THEMES[i % 3], commune=COMMUNES[i % 4],
                                    cost=Decimal(10000 + i), photo=f"photo-{i + 1}")
            p = await uow.proposals.create(9000 + i, 9000 + i, "fr", fields, "BP", 2026, h.now)
            await uow.proposals.set_status(p.id, ProposalStatus.ADMISSIBLE, None, None, "Paul",
                                           h.now)
    return h


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await open_vote(tmp_path / "order.sqlite3", 12)
    yield harness
    await harness.db.close()


async def reach_ballot(h: Harness, voter: Sender, mobile: int) -> None:
    """The whole way in, as a voter: declaration, commune, phone number, SMS code."""
    await h.say(voter, "/voter")
    await h.tap(voter, t("fr", "btn_declare"))
    await h.say(voter, "Auch")
    await h.say(voter, f"06 {mobile:08d}")
    await h.say(voter, h.sms.last_code(f"+336{mobile:08d}"))


async def first_pages(h: Harness, voters: int) -> list[list[int]]:
    """Voters whose SMS code was just accepted each get their ballot's first screen.

    At the service level: the session the code step leaves, then the very function the
    engine calls to draw the ballot (`voting.show_ballot`), with the real random draw."""
    seen = []
    async with h.transaction() as uow:
        for i in range(voters):
            voter = h.citizen(user_id=100_000 + i)
            session = Session(flow=voting.FLOW, step="ballot", data={
                "residence": "32013", "choices": [], "page": 0, "phone_hash": f"h{i}"})
            ctx = Context(h.deps, uow, Incoming(i, voter, Text(""), h.now),
                          Turn(session, PhaseKind.VOTE))
            await voting.show_ballot(ctx)
            screen = ctx.replies[-1]
            assert isinstance(screen, Message)
            labels = " ".join(c.label for row in screen.keyboard for c in row)
            seen.append([int(n) for n in re.findall(r"n°(\d+) ", labels)])
    return seen


def shown(h: Harness, voter: Sender) -> list[int]:
    """The project numbers on the voter's current ballot or list screen, top to bottom."""
    return [int(n) for n in re.findall(r"n°(\d+) ", " ".join(ballot_labels(h, voter)))]


async def whole_order(h: Harness, voter: Sender) -> list[int]:
    """Every page of the ballot, first to last: the voter's order."""
    while "◀️" in ballot_labels(h, voter):
        await h.tap(voter, "◀️")
    seen = shown(h, voter)
    while "▶️" in ballot_labels(h, voter):
        await h.tap(voter, "▶️")
        seen += shown(h, voter)
    return seen


async def test_no_project_is_favoured_by_its_place_on_the_first_page(tmp_path: Path) -> None:
    projects = 8
    h = await open_vote(tmp_path / "fair.sqlite3", projects)
    counts = [[0] * projects for _ in range(PAGE)]  # counts[position][project - 1]
    for first_page in await first_pages(h, VOTERS):
        assert len(first_page) == PAGE
        for position, number in enumerate(first_page):
            counts[position][number - 1] += 1
    p_values = [chi_square_p(row) for row in counts]
    assert p_values[0] > SIGNIFICANCE, ("the project shown first", counts[0])
    for position, (p, row) in enumerate(zip(p_values, counts, strict=True)):
        assert p > SIGNIFICANCE, (position, row, p_values)
    # A first page in reference order for everyone would fail the very same test.
    assert chi_square_p([VOTERS] + [0] * (projects - 1)) < SIGNIFICANCE
    await h.db.close()


async def test_the_same_test_catches_a_ballot_in_reference_order(tmp_path: Path) -> None:
    h = await open_vote(tmp_path / "unfair.sqlite3", 8, order="reference")
    firsts = [0] * 8
    for i in range(40):
        voter = h.citizen(user_id=100_000 + i)
        await reach_ballot(h, voter, 20_000_000 + i)
        firsts[shown(h, voter)[0] - 1] += 1
    assert chi_square_p(firsts) < SIGNIFICANCE
    await h.db.close()


async def test_a_voter_keeps_their_order_through_pages_filters_review_and_restart(
        h: Harness) -> None:
    marie = h.citizen()
    await reach_ballot(h, marie, 12_345_678)
    mine = await whole_order(h, marie)
    assert sorted(mine) == list(range(1, 13))
    assert await whole_order(h, marie) == mine  # back and forth through the pages
    await h.tap(marie, t("fr", "btn_filter_theme"))
    await h.tap(marie, "Solidarité")
    solidarity = [n for n in mine if THEMES[(n - 1) % 3] == "solidarite"]
    assert shown(h, marie) == solidarity
    await h.tap(marie, t("fr", "btn_filter_theme"))
    await h.tap(marie, t("fr", "btn_all"))
    await tick(h, marie, *sorted(mine[-3:], reverse=True))
    await h.tap(marie, t("fr", "btn_review"))
    review = h.last_text(marie.chat_id)
    assert [int(n) for n in re.findall(r"n°(\d+) ", review)] == mine[-3:]
    await h.tap(marie, t("fr", "btn_change_vote"))
    assert await whole_order(h, marie) == mine
    h = await h.restarted()
    await h.say(marie, "/start")
    await h.tap(marie, t("fr", "btn_resume"))
    assert await whole_order(h, marie) == mine
    await h.db.close()


async def test_two_voters_get_their_own_orders(h: Harness) -> None:
    orders = []
    for i in range(4):
        voter = h.citizen(user_id=600 + i)
        await reach_ballot(h, voter, 12_345_600 + i)
        orders.append(await whole_order(h, voter))
    assert len({tuple(o) for o in orders}) > 1  # 4 equal draws of 12!: one chance in 10^26


async def test_a_campaign_in_reference_order_shows_reference_order(tmp_path: Path) -> None:
    h = await open_vote(tmp_path / "reference.sqlite3", 12, order="reference")
    marie = h.citizen()
    await reach_ballot(h, marie, 12_345_678)
    assert shown(h, marie) == [1, 2, 3, 4, 5]
    assert await whole_order(h, marie) == list(range(1, 13))
    assert t("fr", "order_reference") in "\n".join(h.texts(marie.chat_id))
    await h.db.close()


async def test_a_campaign_in_theme_order_groups_the_themes_in_the_file_order(
        tmp_path: Path) -> None:
    h = await open_vote(tmp_path / "theme.sqlite3", 12, order="theme")
    marie = h.citizen()
    await reach_ballot(h, marie, 12_345_678)
    themes = [THEMES[(n - 1) % 3] for n in await whole_order(h, marie)]
    file_order = [th.id for th in h.campaign.themes if th.id in THEMES]
    assert themes == [th for th in file_order for _ in range(4)]
    await h.db.close()


async def test_the_first_screen_says_how_many_projects_on_how_many_pages(h: Harness) -> None:
    marie = h.citizen()
    await reach_ballot(h, marie, 12_345_678)
    screen = h.last_with_buttons(marie.chat_id)[1].text
    assert t("fr", "ballot_size_pages", count=12, pages=3) in screen
    assert "12 projets sur 3 pages" in screen
    await h.tap(marie, t("fr", "btn_filter_territory"))
    await h.tap(marie, "Lectoure")  # projects 2, 6 and 10
    screen = h.last_with_buttons(marie.chat_id)[1].text
    assert t("fr", "ballot_size_one_page", count=3, pages=1) in screen
    assert "3 projets, tous sur cette page" in screen


async def test_a_single_project_is_counted_in_the_singular(tmp_path: Path) -> None:
    h = await open_vote(tmp_path / "one.sqlite3", 1, choices=1)
    marie = h.citizen()
    await reach_ballot(h, marie, 12_345_678)
    screen = h.last_with_buttons(marie.chat_id)[1].text
    assert "1 projet." in screen and "1 projets" not in screen
    await h.db.close()


async def test_the_order_is_kept_with_the_dialogue_and_never_beside_the_ballot(
        h: Harness) -> None:
    marie = h.citizen()
    await reach_ballot(h, marie, 12_345_678)
    async with h.transaction() as uow:
        seed = (await uow.sessions.load(marie.chat_id, marie.user_id)).data[SEED_KEY]
    await tick(h, marie, 1, 2, 3)
    await h.tap(marie, t("fr", "btn_review"))
    await h.tap(marie, t("fr", "btn_confirm_vote"))
    async with h.transaction() as uow:
        assert await uow.voting.ballots() == [("online", [1, 2, 3])]
        assert SEED_KEY not in (await uow.sessions.load(marie.chat_id, marie.user_id)).data
    await h.db.close()
    assert h.db_path is not None
    stored = b"".join(p.read_bytes() for p in h.db_path.parent.iterdir()
                      if p.name.startswith(h.db_path.name))
    assert seed.encode() not in stored


async def test_the_privacy_and_help_texts_say_how_the_order_is_chosen(h: Harness) -> None:
    marie = h.citizen()
    await h.say(marie, "/voter")
    assert t("fr", "order_random") in "\n".join(h.texts(marie.chat_id))
    await h.say(marie, "/annuler")
    help_text = (await h.say(marie, "/aide"))[0].text
    assert t("fr", "order_random") in help_text
    john = h.citizen(user_id=777, language="en", name="John")
    assert t("en", "order_random") in (await h.say(john, "/help"))[0].text


async def test_mydata_names_the_order_drawn_for_the_person(h: Harness) -> None:
    marie = h.citizen()
    assert t("fr", "data_order") not in (await h.say(marie, "/mesdonnees"))[0].text
    await h.say(marie, "/projets")
    assert t("fr", "data_order") in (await h.say(marie, "/mesdonnees"))[0].text


async def test_staff_paper_ballots_keep_reference_order(h: Harness) -> None:
    paul = h.staff()
    replies = await h.say(paul, "/papier 9 2 5")
    numbers = ", ".join(t("fr", "number", n=n) for n in (2, 5, 9))
    ballot = paper_id(replies[0].text)
    assert replies[0].text == t("fr", "paper_saved", numbers=numbers, who="Paul", id=ballot)
    async with h.transaction() as uow:
        assert SEED_KEY not in (await uow.sessions.load(paul.chat_id, paul.user_id)).data
