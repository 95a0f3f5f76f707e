"""The one ballot builder: the online vote, SMS, paper ballots, results and export use it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from flows.domain.admissibility import Violation
from flows.domain.allocation import load_territories
from flows.domain.ballot import Candidate, can_add, check_ballot, fill_problem, sections_of
from flows.domain.campaign import BallotSection, Campaign
from flows.domain.communes import CommuneDirectory
from flows.domain.model import Proposal, ProposalStatus
from flows.services.scope import Scope


class _ProposalReader(Protocol):
    async def all(self) -> list[Proposal]: ...


class ProposalSource(Protocol):
    """The part of a unit of work the ballot needs (every unit of work fits)."""

    @property
    def proposals(self) -> _ProposalReader: ...


TerritoryLookup = Callable[[str], "tuple[str, str] | None"]


@dataclass(frozen=True)
class Ballot:
    """The projects on the ballot, in reference order, and how communes map to territories."""

    candidates: list[Candidate]
    lookup: TerritoryLookup = field(repr=False, compare=False)
    sections: tuple[BallotSection, ...] = ()

    def territory_of(self, insee: str) -> tuple[str, str] | None:
        """(code, name) of a commune's territory: the campaign's own CSV, else its canton."""
        return self.lookup(insee) if insee else None

    def candidate(self, number: int) -> Candidate | None:
        return next((c for c in self.candidates if c.id == number), None)

    def voter_territory(self, residence: str | None) -> str | None:
        """The territory code a voter living in `residence` (an INSEE code) belongs to."""
        territory = self.territory_of(residence or "")
        return territory[0] if territory else None

    def problems(self, choices: Sequence[int], residence: str | None) -> list[Violation]:
        """Every rule these choices break for this voter; empty when they can be cast."""
        return check_ballot(self.sections, self.candidates, choices,
                            self.voter_territory(residence))

    def why_not_add(self, choices: Sequence[int], number: int,
                    residence: str | None) -> Violation | None:
        """Why one more project would break a maximum (or is not on the ballot), if so."""
        if self.candidate(number) is None:
            return Violation("ballot_unknown", {"number": number})
        return can_add(self.sections, self.candidates, choices, number,
                       self.voter_territory(residence))

    def chosen_by_section(self, choices: Sequence[int], residence: str | None,
                          ) -> list[tuple[BallotSection, list[Candidate]]]:
        return sections_of(self.sections, self.candidates, choices,
                           self.voter_territory(residence))

    def cannot_be_filled(self) -> Violation | None:
        """Why no valid ballot can be cast at all (too few projects...), if so."""
        return fill_problem(self.sections, self.candidates)


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


def on_ballot(proposal: Proposal) -> bool:
    """Admissible and costed: a project without a cost cannot be weighed against a budget,
    so it is neither offered nor counted until staff give it one."""
    return proposal.status is ProposalStatus.ADMISSIBLE and proposal.fields.cost is not None


def candidate_of(proposal: Proposal, territory: tuple[str, str] | None) -> Candidate:
    """A project as the ballot shows it; a missing title falls back to its reference."""
    fields = proposal.fields
    assert fields.cost is not None
    return Candidate(proposal.id, proposal.reference, fields.title or proposal.reference,
                     fields.description or "", fields.cost, fields.theme or "",
                     fields.commune or "", territory[0] if territory else None, fields.photo,
                     territory[1] if territory else None)


def lookup_for(scope: Scope) -> TerritoryLookup:
    def lookup(insee: str) -> tuple[str, str] | None:
        return territories_for(scope.campaign, scope.communes, scope.campaign_dir,
                               [insee]).get(insee)
    return lookup


def ballot_of(scope: Scope, proposals: Iterable[Proposal]) -> Ballot:
    chosen = sorted((p for p in proposals if on_ballot(p)), key=lambda p: p.id)
    territories = territories_for(scope.campaign, scope.communes, scope.campaign_dir,
                                  {p.fields.commune or "" for p in chosen})
    return Ballot([candidate_of(p, territories.get(p.fields.commune or "")) for p in chosen],
                  lookup_for(scope), tuple(scope.campaign.vote.sections))


async def build_ballot(uow: ProposalSource, scope: Scope) -> Ballot:
    """The admissible, costed projects of the campaign, in reference order."""
    return ballot_of(scope, await uow.proposals.all())
