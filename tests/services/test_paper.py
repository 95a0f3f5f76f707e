"""Paper ballots and box totals: the same ballot rules as online, the voter's territory read
from the ballot or typed, the box open only from the vote until the results are out."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from flows.domain.campaign import BallotSection, PhaseKind
from flows.domain.turnout import BLANK, PAPER
from flows.services.actor import Actor
from flows.services.paper import (
    BoxClosed,
    BoxEntry,
    BoxSaved,
    BoxWithdrawn,
    NeedsCommune,
    NothingToWithdraw,
    NotOnBallot,
    PaperBallot,
    PaperInvalid,
    PaperSaved,
    PaperWithdrawn,
    UnknownCommune,
    WrongPhase,
    enter_box,
    enter_paper_ballot,
    withdraw_box,
    withdraw_paper_ballot,
)
from flows.services.publication import PUBLISHED_KEY
from flows.services.scope import Scope
from tests.services.conftest import AUCH, IN_VOTE, LECTOURE, MARCIAC, add_project, add_projects
from tests.services.fake_uow import FakeUnitOfWork

PAUL = Actor(901, "Paul")
IN_RESULTS = datetime(2027, 5, 2, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
# One or two projects of the voter's own canton, and one from elsewhere in the département.
TWO_SECTIONS = [BallotSection(scope="territory", min_choices=1, max_choices=2),
                BallotSection(scope="department", min_choices=1, max_choices=1)]


@pytest.fixture
def two_sections(scope: Scope) -> Scope:
    vote = scope.campaign.vote.model_copy(update={"sections": TWO_SECTIONS})
    return replace(scope, campaign=scope.campaign.model_copy(update={"vote": vote}))


@pytest.fixture
async def projects(fake_uow: FakeUnitOfWork) -> dict[str, int]:
    """Two projects in Auch, one in Lectoure, one in Marciac (each its own canton)."""
    return {name: (await add_project(fake_uow, name, commune=commune)).id
            for name, commune in (("A1", AUCH), ("A2", AUCH), ("L1", LECTOURE),
                                  ("M1", MARCIAC))}


def paper(*choices: int, commune: str | None = None, at: datetime = IN_VOTE) -> PaperBallot:
    return PaperBallot(PAPER, choices, at, commune)


async def test_a_valid_paper_ballot_goes_in_the_box_with_an_id_and_is_audited(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    ids = await add_projects(fake_uow, 4)
    outcome = await enter_paper_ballot(fake_uow, scope, PAUL, paper(ids[2], ids[0], ids[1]))
    assert isinstance(outcome, PaperSaved)
    assert outcome.ballot_id.startswith("P") and outcome.choices == tuple(ids[:3])
    assert await fake_uow.voting.ballots() == [(PAPER, ids[:3])]
    assert fake_uow.audit.entries[-1]["detail"] == {"id": outcome.ballot_id, "kind": PAPER,
                                                    "choices": ids[:3]}


async def test_a_paper_ballot_breaking_the_rules_is_refused(fake_uow: FakeUnitOfWork,
                                                            scope: Scope) -> None:
    ids = await add_projects(fake_uow, 4)
    outcome = await enter_paper_ballot(fake_uow, scope, PAUL, paper(*ids))
    assert isinstance(outcome, PaperInvalid)
    assert outcome.violations[0].key == "ballot_too_many"
    assert await fake_uow.voting.ballots() == []


async def test_a_blank_ballot_needs_no_project(fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    outcome = await enter_paper_ballot(fake_uow, scope, PAUL, PaperBallot(BLANK, (), IN_VOTE))
    assert isinstance(outcome, PaperSaved) and outcome.kind == BLANK
    assert await fake_uow.voting.ballots() == [(BLANK, [])]


async def test_no_paper_ballot_outside_the_vote(fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    ids = await add_projects(fake_uow, 3)
    outcome = await enter_paper_ballot(fake_uow, scope, PAUL, paper(*ids, at=IN_RESULTS))
    assert outcome == WrongPhase(PhaseKind.RESULTS)


async def test_on_a_two_section_ballot_the_territory_is_read_from_the_projects(
        fake_uow: FakeUnitOfWork, two_sections: Scope, projects: dict[str, int]) -> None:
    # Only Auch's canton leaves one project for the département section.
    chosen = (projects["A1"], projects["A2"], projects["L1"])
    outcome = await enter_paper_ballot(fake_uow, two_sections, PAUL, paper(*chosen))
    assert isinstance(outcome, PaperSaved) and outcome.choices == tuple(sorted(chosen))


async def test_on_a_two_section_ballot_an_ambiguous_territory_asks_for_the_commune(
        fake_uow: FakeUnitOfWork, two_sections: Scope, projects: dict[str, int]) -> None:
    outcome = await enter_paper_ballot(fake_uow, two_sections, PAUL,
                                       paper(projects["A1"], projects["L1"]))
    assert outcome == NeedsCommune(("Auch-1", "Lectoure-Lomagne"))
    assert await fake_uow.voting.ballots() == []


async def test_on_a_two_section_ballot_the_typed_commune_decides(
        fake_uow: FakeUnitOfWork, two_sections: Scope, projects: dict[str, int]) -> None:
    outcome = await enter_paper_ballot(fake_uow, two_sections, PAUL,
                                       paper(projects["A1"], projects["L1"], commune="lectoure"))
    assert isinstance(outcome, PaperSaved)


async def test_a_typed_commune_whose_projects_break_the_sections_is_refused(
        fake_uow: FakeUnitOfWork, two_sections: Scope, projects: dict[str, int]) -> None:
    outcome = await enter_paper_ballot(fake_uow, two_sections, PAUL,
                                       paper(projects["A1"], projects["L1"], commune="Marciac"))
    assert isinstance(outcome, PaperInvalid)
    assert outcome.violations[0].key == "ballot_too_few"


async def test_an_unknown_commune_is_refused(fake_uow: FakeUnitOfWork, two_sections: Scope,
                                             projects: dict[str, int]) -> None:
    outcome = await enter_paper_ballot(fake_uow, two_sections, PAUL,
                                       paper(projects["A1"], projects["L1"], commune="Xyzzy"))
    assert outcome == UnknownCommune("Xyzzy")


async def test_a_box_replaces_its_previous_count_and_says_what_it_was(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    ids = await add_projects(fake_uow, 3)
    first = await enter_box(fake_uow, scope, PAUL, BoxEntry("Mairie", {ids[0]: 40}, IN_VOTE))
    assert first == BoxSaved("Mairie", {ids[0]: 40}, {})
    again = await enter_box(fake_uow, scope, PAUL,
                            BoxEntry("MAIRIE", {ids[0]: 41, ids[1]: 3}, IN_VOTE))
    assert again == BoxSaved("Mairie", {ids[0]: 41, ids[1]: 3}, {ids[0]: 40})
    assert await fake_uow.voting.box_names() == ["Mairie"]


async def test_a_box_naming_a_project_not_on_the_ballot_is_refused_whole(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    ids = await add_projects(fake_uow, 3)
    outcome = await enter_box(fake_uow, scope, PAUL,
                              BoxEntry("Mairie", {ids[0]: 4, 998: 1, 999: 2}, IN_VOTE))
    assert outcome == NotOnBallot((998, 999))
    assert await fake_uow.voting.box_names() == []


async def test_boxes_close_once_the_results_are_published(fake_uow: FakeUnitOfWork,
                                                          scope: Scope) -> None:
    ids = await add_projects(fake_uow, 3)
    assert isinstance(await enter_box(fake_uow, scope, PAUL,
                                      BoxEntry("Mairie", {ids[0]: 4}, IN_RESULTS)), BoxSaved)
    await fake_uow.settings.put(PUBLISHED_KEY, IN_RESULTS.isoformat())
    assert await enter_box(fake_uow, scope, PAUL, BoxEntry("Mairie", {ids[0]: 5}, IN_RESULTS)) \
        == BoxClosed(PhaseKind.RESULTS)
    assert await withdraw_box(fake_uow, scope, PAUL, "Mairie", IN_RESULTS) == \
        BoxClosed(PhaseKind.RESULTS)


async def test_an_entry_made_by_mistake_is_withdrawn_once(fake_uow: FakeUnitOfWork,
                                                          scope: Scope) -> None:
    ids = await add_projects(fake_uow, 3)
    saved = await enter_paper_ballot(fake_uow, scope, PAUL, paper(*ids))
    assert isinstance(saved, PaperSaved)
    await enter_box(fake_uow, scope, PAUL, BoxEntry("Mairie", {ids[0]: 4}, IN_VOTE))
    typed = f" {saved.ballot_id.lower()} "
    assert await withdraw_paper_ballot(fake_uow, scope, PAUL, typed, IN_VOTE) == \
        PaperWithdrawn(saved.ballot_id, PAPER, tuple(ids))
    assert await withdraw_paper_ballot(fake_uow, scope, PAUL, typed, IN_VOTE) == \
        NothingToWithdraw(saved.ballot_id)
    assert await withdraw_box(fake_uow, scope, PAUL, "mairie", IN_VOTE) == \
        BoxWithdrawn("Mairie", {ids[0]: 4})
    assert await withdraw_box(fake_uow, scope, PAUL, "Mairie", IN_VOTE) == \
        NothingToWithdraw("Mairie")
    assert await fake_uow.voting.ballots() == [] and await fake_uow.voting.box_names() == []


async def test_on_a_two_section_ballot_a_ballot_valid_for_no_territory_says_what_is_wrong(
        fake_uow: FakeUnitOfWork, two_sections: Scope, projects: dict[str, int]) -> None:
    outcome = await enter_paper_ballot(fake_uow, two_sections, PAUL, paper(*projects.values()))
    assert isinstance(outcome, PaperInvalid)
    assert outcome.violations[0].key == "ballot_too_many"
