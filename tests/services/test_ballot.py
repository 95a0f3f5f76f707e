"""The one ballot builder: what is on it, under which title, in which territory."""

from __future__ import annotations

from flows.domain.model import ProposalStatus
from flows.services.ballot import build_ballot
from flows.services.scope import Scope
from tests.services.conftest import AUCH, MARCIAC, add_project
from tests.services.fake_uow import FakeUnitOfWork


async def test_only_admissible_projects_are_on_the_ballot(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    kept = await add_project(fake_uow, "Admis")
    await add_project(fake_uow, "Refusé", status=ProposalStatus.INADMISSIBLE)
    await add_project(fake_uow, "En attente", status=ProposalStatus.SUBMITTED)
    ballot = await build_ballot(fake_uow, scope)
    assert [c.id for c in ballot.candidates] == [kept.id]


async def test_a_project_without_a_cost_is_not_on_the_ballot(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    costed = await add_project(fake_uow, "Chiffré")
    await add_project(fake_uow, "Sans coût", cost=None)
    ballot = await build_ballot(fake_uow, scope)
    assert [c.title for c in ballot.candidates] == ["Chiffré"]
    assert ballot.candidate(costed.id) is not None


async def test_a_project_without_a_title_shows_its_reference(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    untitled = await add_project(fake_uow, None)
    ballot = await build_ballot(fake_uow, scope)
    candidate = ballot.candidate(untitled.id)
    assert candidate is not None and candidate.title == untitled.reference


async def test_candidates_carry_their_canton(fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    in_marciac = await add_project(fake_uow, "Marciac", commune=MARCIAC)
    ballot = await build_ballot(fake_uow, scope)
    candidate = ballot.candidate(in_marciac.id)
    expected = scope.communes.canton_of(MARCIAC)
    assert expected is not None and candidate is not None
    assert (candidate.territory, candidate.territory_name) == expected


async def test_territory_of_any_commune_even_without_projects(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    ballot = await build_ballot(fake_uow, scope)
    assert ballot.territory_of(AUCH) == scope.communes.canton_of(AUCH)
    assert ballot.territory_of("") is None


async def test_an_unknown_number_is_no_candidate(fake_uow: FakeUnitOfWork,
                                                 scope: Scope) -> None:
    await add_project(fake_uow)
    ballot = await build_ballot(fake_uow, scope)
    assert ballot.candidate(999) is None
