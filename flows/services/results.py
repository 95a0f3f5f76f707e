"""Reading the vote from storage and counting it with the campaign's allocation rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from flows.domain.allocation import Allocation, Candidate, allocate
from flows.domain.ballot import Candidate as OnBallot
from flows.domain.campaign import Campaign
from flows.domain.communes import CommuneDirectory
from flows.domain.model import Proposal
from flows.services.ballot import ballot_of
from flows.services.scope import Scope

ONLINE = "online"


def is_paper(channel: str) -> bool:
    """Paper ballots entered by staff are stored as "paper" or "paper:<box>"."""
    return channel.startswith("paper")


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
        """Ballots cast by the voters themselves, on Telegram or by SMS."""
        return Counter(pid for channel, ids in self.ballots if not is_paper(channel)
                       for pid in ids)

    def paper_votes(self) -> Counter[int]:
        """Paper ballots entered one by one plus ballot-box totals."""
        counts = Counter(pid for channel, ids in self.ballots if is_paper(channel)
                         for pid in ids)
        counts.update(self.paper_totals)
        return counts


def candidate_of(candidate: OnBallot) -> Candidate:
    """The ballot's project as the allocation rules count it."""
    return Candidate(id=candidate.id, reference=candidate.reference, title=candidate.title,
                     cost=candidate.cost, theme=candidate.theme, territory=candidate.territory,
                     territory_name=candidate.territory_name)


async def read_votes(uow: ResultsSource, campaign: Campaign, communes: CommuneDirectory,
                     base_dir: Path) -> VoteData:
    """Admissible proposals (the ballot) and the votes naming them; other ids are ignored."""
    everything = await uow.proposals.all()
    scope = Scope(campaign, communes, base_dir, b"")
    on_ballot = ballot_of(scope, everything).candidates
    ids = {c.id for c in on_ballot}
    proposals = {p.id: p for p in everything if p.id in ids}
    ballots = [(channel, frozenset(i for i in ids if i in proposals))
               for channel, ids in await uow.voting.ballots()]
    paper: Counter[int] = Counter()
    for total in await uow.voting.paper_totals():
        if total.proposal_id in proposals:
            paper[total.proposal_id] += total.votes
    return VoteData(proposals=proposals,
                    candidates=[candidate_of(c) for c in on_ballot],
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
