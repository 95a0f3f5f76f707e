"""Fixtures for service tests: the fake ports and the example Gers campaign."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from flows.domain.campaign import load_campaign
from flows.domain.communes import load_communes
from flows.domain.model import Proposal, ProposalFields, ProposalStatus
from flows.services.scope import Scope
from tests.services.fake_uow import FakeUnitOfWork

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PHONE_KEY = b"service-tests-phone-key-0123456789abcdef"
IN_VOTE = datetime(2027, 3, 24, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
MARCIAC, LECTOURE, AUCH = "32233", "32208", "32013"


@pytest.fixture
def fake_uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture(scope="session")
def scope() -> Scope:
    """The example Gers campaign (one section of exactly 3 projects, territories = cantons)."""
    return Scope(load_campaign(EXAMPLES / "gers.toml"), load_communes(), EXAMPLES, PHONE_KEY)


async def add_project(uow: FakeUnitOfWork, title: str | None = "Abri vélo",
                      cost: str | None = "15000", commune: str = AUCH,
                      status: ProposalStatus = ProposalStatus.ADMISSIBLE) -> Proposal:
    """A proposal with the given status, as staff would have left it."""
    fields = ProposalFields(title=title, description="Une description du projet.",
                            theme="ecologie", commune=commune,
                            cost=Decimal(cost) if cost is not None else None)
    made = await uow.proposals.create(7000, 7000, "fr", fields, "BP", 2026, IN_VOTE)
    await uow.proposals.set_status(made.id, status, None, None, "Anne", IN_VOTE)
    return made


async def add_projects(uow: FakeUnitOfWork, count: int) -> list[int]:
    """`count` admissible projects in Auch; their ids."""
    return [(await add_project(uow, f"Projet {i}")).id for i in range(count)]
