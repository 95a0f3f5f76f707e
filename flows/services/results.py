"""Reading the vote from storage and counting it with the campaign's allocation rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from flows.domain.allocation import Allocation, Candidate, allocate, load_territories
from flows.domain.campaign import Campaign
from flows.domain.communes import CommuneDirectory
from flows.domain.model import Proposal, ProposalStatus

ONLINE = "online"


class _PaperTotal(Protocol):
    @property
    def proposal_id(self) -> int: ...

    @property
    def votes(self) -> int: ...


class _ProposalReader(Protocol):
    async def all(self) -> list[Proposal]: ...


class _BallotReader(Protocol):
    async def ballots(self) -> list[tuple[str, list[int]]]: ...
    async def paper_totals(self) -> Sequence[_PaperTotal]: ...


class ResultsSource(Protocol):
    """The part of a unit of work the results need (storage's unit of work fits)."""

    @property
    def proposals(self) -> _ProposalReader: ...

    @property
    def voting(self) -> _BallotReader: ...


@dataclass(frozen=True)
class VoteData:
    """The projects on the ballot and every vote cast for them, online or on paper."""

    proposals: dict[int, Proposal]
    candidates: list[Candidate]
    ballots: list[tuple[str, frozenset[int]]]
    paper_totals: dict[int, int]

    def online_votes(self) -> Counter[int]:
        return Counter(pid for channel, ids in self.ballots if channel == ONLINE for pid in ids)

    def paper_votes(self) -> Counter[int]:
        """Paper ballots entered one by one plus ballot-box totals."""
        counts = Counter(pid for channel, ids in self.ballots if channel != ONLINE for pid in ids)
        counts.update(self.paper_totals)
        return counts


def territories_for(campaign: Campaign, communes: CommuneDirectory, base_dir: Path,
                    insee_codes: Iterable[str]) -> dict[str, tuple[str, str]]:
    """INSEE code → (territory code, name): from the campaign's CSV if any, else the canton."""
    if campaign.results.territories_csv:
        mapping = load_territories(base_dir / campaign.results.territories_csv)
        return {insee: (mapping[insee], mapping[insee]) for insee in insee_codes
                if insee in mapping}
    out: dict[str, tuple[str, str]] = {}
    for insee in insee_codes:
        canton = communes.canton_of(insee)
        if canton is not None:
            out[insee] = canton
    return out


def candidate_of(proposal: Proposal, territories: Mapping[str, tuple[str, str]]) -> Candidate:
    fields = proposal.fields
    territory = territories.get(fields.commune or "")
    return Candidate(
        id=proposal.id, reference=proposal.reference, title=fields.title or proposal.reference,
        cost=fields.cost or Decimal(0), theme=fields.theme or "",
        territory=territory[0] if territory else None,
        territory_name=territory[1] if territory else None,
    )


async def read_votes(uow: ResultsSource, campaign: Campaign, communes: CommuneDirectory,
                     base_dir: Path) -> VoteData:
    """Admissible proposals (the ballot) and the votes naming them; other ids are ignored."""
    proposals = {p.id: p for p in await uow.proposals.all()
                 if p.status is ProposalStatus.ADMISSIBLE}
    territories = territories_for(campaign, communes, base_dir,
                                  {p.fields.commune for p in proposals.values()
                                   if p.fields.commune})
    ballots = [(channel, frozenset(i for i in ids if i in proposals))
               for channel, ids in await uow.voting.ballots()]
    paper: Counter[int] = Counter()
    for total in await uow.voting.paper_totals():
        if total.proposal_id in proposals:
            paper[total.proposal_id] += total.votes
    return VoteData(proposals=proposals,
                    candidates=[candidate_of(p, territories) for p in proposals.values()],
                    ballots=[b for b in ballots if b[1]], paper_totals=dict(paper))


def allocate_votes(campaign: Campaign, data: VoteData) -> Allocation:
    """Count ``data`` with the campaign's ``[results]`` rules."""
    envelopes = {e.id: e.amount for e in campaign.budget.envelopes}
    return allocate(campaign.results, campaign.budget.total, envelopes, data.candidates,
                    [ids for _, ids in data.ballots], data.paper_totals)


async def compute_allocation(uow: ResultsSource, campaign: Campaign,
                             communes: CommuneDirectory, base_dir: Path) -> Allocation:
    """The draft results: read the vote inside ``uow`` and apply the campaign's rules."""
    return allocate_votes(campaign, await read_votes(uow, campaign, communes, base_dir))
