"""The results read the same ballot as the vote: one rule for costs and titles, and SMS
ballots counted as cast by the voters themselves."""

from __future__ import annotations

from flows.services.results import read_votes
from flows.services.scope import Scope
from tests.services.conftest import add_project, add_projects
from tests.services.fake_uow import FakeUnitOfWork


async def test_results_count_only_the_projects_the_voters_saw(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    ids = await add_projects(fake_uow, 3)
    uncosted = await add_project(fake_uow, "Sans coût", cost=None)
    await fake_uow.voting.add_ballot("2027-03-24", "paper", [ids[0], uncosted.id])
    data = await read_votes(fake_uow, scope.campaign, scope.communes, scope.campaign_dir)
    assert [c.id for c in data.candidates] == ids
    assert data.paper_votes() == {ids[0]: 1}


async def test_an_untitled_project_is_counted_under_its_reference(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    untitled = await add_project(fake_uow, None)
    data = await read_votes(fake_uow, scope.campaign, scope.communes, scope.campaign_dir)
    assert [c.title for c in data.candidates] == [untitled.reference]


async def test_sms_ballots_count_with_the_online_ones_not_with_paper(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    ids = await add_projects(fake_uow, 3)
    await fake_uow.voting.cast("phone1", "account1", "2027-03-24", None, None, ids, "sms")
    await fake_uow.voting.cast("phone2", "account2", "2027-03-24", None, None, ids[:1])
    await fake_uow.voting.add_ballot("2027-03-24", "paper", ids[1:2])
    data = await read_votes(fake_uow, scope.campaign, scope.communes, scope.campaign_dir)
    assert data.online_votes() == {ids[0]: 2, ids[1]: 1, ids[2]: 1}
    assert data.paper_votes() == {ids[1]: 1}
