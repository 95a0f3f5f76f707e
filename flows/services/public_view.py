"""What the public may see of a campaign: admissible projects, and results once published."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from flows.domain.allocation import Allocation
from flows.domain.campaign import Campaign
from flows.domain.communes import CommuneDirectory
from flows.domain.model import Proposal, ProposalStatus
from flows.domain.records import PaperTotal
from flows.domain.turnout import Turnout, read_turnout
from flows.services.publication import PUBLISHED_KEY
from flows.services.results import allocate_votes, read_votes


class _SettingsReader(Protocol):
    async def get(self, key: str) -> str | None: ...


class _VotingReader(Protocol):
    async def ballots(self) -> list[tuple[str, list[int]]]: ...
    async def paper_totals(self) -> Sequence[PaperTotal]: ...
    async def counts(self) -> dict[str, int]: ...


class _ProposalReader(Protocol):
    async def all(self) -> list[Proposal]: ...


class PublicSource(Protocol):
    """The reads the public view needs (storage's unit of work fits)."""

    @property
    def proposals(self) -> _ProposalReader: ...

    @property
    def voting(self) -> _VotingReader: ...

    @property
    def settings(self) -> _SettingsReader: ...


@dataclass(frozen=True)
class PublishedResults:
    """The results as staff published them, with the turnout behind them."""

    at: datetime
    allocation: Allocation
    turnout: Turnout

    def winners(self) -> frozenset[int]:
        """The ids of the projects chosen."""
        return frozenset(r.candidate.id for r in self.allocation.winners())


@dataclass(frozen=True)
class PublicView:
    """The admissible projects; the results only once staff have published them."""

    projects: list[Proposal]
    results: PublishedResults | None


async def read_public_view(uow: PublicSource, campaign: Campaign, communes: CommuneDirectory,
                           base_dir: Path) -> PublicView:
    """Read inside ``uow``; a draft (results not yet published) is never counted here."""
    projects = sorted((p for p in await uow.proposals.all()
                       if p.status is ProposalStatus.ADMISSIBLE), key=lambda p: p.id)
    published = await uow.settings.get(PUBLISHED_KEY)
    if published is None:
        return PublicView(projects, None)
    allocation = allocate_votes(campaign, await read_votes(uow, campaign, communes, base_dir))
    turnout = await read_turnout(uow)
    return PublicView(projects, PublishedResults(datetime.fromisoformat(published),
                                                 allocation, turnout))
