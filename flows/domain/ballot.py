"""What a valid ballot holds, under the campaign's sections (count and amount limits)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from flows.domain.admissibility import Violation
from flows.domain.campaign import BallotSection


@dataclass(frozen=True)
class Candidate:
    """An admissible project as the voter sees it."""

    id: int
    reference: str
    title: str
    description: str
    cost: Decimal
    theme: str
    commune: str
    territory: str | None
    photo: str | None
    territory_name: str | None = None


def in_section(section: BallotSection, candidate: Candidate, voter_territory: str | None) -> bool:
    """A territory section holds the voter's own territory; a département section the others.

    With a single section, every project belongs to it."""
    own = voter_territory is not None and candidate.territory == voter_territory
    return own if section.scope == "territory" else not own


def sections_of(
    sections: Sequence[BallotSection], candidates: Sequence[Candidate], choices: Sequence[int],
    voter_territory: str | None,
) -> list[tuple[BallotSection, list[Candidate]]]:
    """Each section with the chosen candidates that fall in it."""
    chosen = [c for c in candidates if c.id in set(choices)]
    if len(sections) == 1:
        return [(sections[0], chosen)]
    return [(s, [c for c in chosen if in_section(s, c, voter_territory)]) for s in sections]


def check_ballot(
    sections: Sequence[BallotSection], candidates: Sequence[Candidate], choices: Sequence[int],
    voter_territory: str | None,
) -> list[Violation]:
    """Every rule the choices break; empty when the ballot can be cast."""
    known = {c.id for c in candidates}
    found = [Violation("ballot_unknown", {"number": n}) for n in choices if n not in known]
    if len(set(choices)) != len(choices):
        found.append(Violation("ballot_repeated"))
    for index, (section, chosen) in enumerate(
            sections_of(sections, candidates, choices, voter_territory)):
        values: dict[str, object] = {"section": index, "count": len(chosen),
                                     "min": section.min_choices, "max": section.max_choices}
        if len(chosen) < section.min_choices:
            found.append(Violation("ballot_too_few", values))
        if len(chosen) > section.max_choices:
            found.append(Violation("ballot_too_many", values))
        amount = sum((c.cost for c in chosen), Decimal(0))
        if section.max_amount is not None and amount > section.max_amount:
            found.append(Violation("ballot_over_amount",
                                   {**values, "amount": amount, "limit": section.max_amount}))
    return found


def can_add(
    sections: Sequence[BallotSection], candidates: Sequence[Candidate], choices: Sequence[int],
    new: int, voter_territory: str | None,
) -> Violation | None:
    """Why ticking one more project would break a maximum, if it would."""
    after = [*choices, new]
    for violation in check_ballot(sections, candidates, after, voter_territory):
        if violation.key in ("ballot_too_many", "ballot_over_amount"):
            return violation
    return None


def fill_problem(sections: Sequence[BallotSection],
                 candidates: Sequence[Candidate]) -> Violation | None:
    """Why no ballot at all can be cast with these candidates, if so: fewer projects than the
    sections' minimums, or the cheapest ones already over a section's amount."""
    needed = sum(s.min_choices for s in sections)
    if len(candidates) < needed:
        return Violation("too_few", {"count": len(candidates), "needed": needed})
    for section in sections:
        if section.max_amount is not None and section.min_choices:
            cheapest = sum(sorted(c.cost for c in candidates)[:section.min_choices], Decimal(0))
            if cheapest > section.max_amount:
                return Violation("cheapest_over", {"count": section.min_choices,
                                                   "amount": cheapest,
                                                   "limit": section.max_amount})
    return None
