"""The campaigns one bot serves, found by id, by staff group, by département or by what is
open now. Generic over what is kept per campaign (the dialogues keep their `Deps`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from flows.domain.campaign import Campaign, PhaseKind

# Phases in which a campaign is "open": citizens can take part, not only read.
OPEN_PHASES = (PhaseKind.PROPOSALS, PhaseKind.REVIEW, PhaseKind.VOTE)
# Phases whose start is told to the people who asked to hear about new campaigns.
OPENING_PHASES = (PhaseKind.PROPOSALS, PhaseKind.VOTE)


class HasCampaign(Protocol):
    @property
    def campaign(self) -> Campaign: ...


T = TypeVar("T", bound=HasCampaign)


@dataclass(frozen=True)
class Campaigns(Generic[T]):
    """At least one campaign, in the order the operator gave them; ids are distinct."""

    members: tuple[T, ...]

    def __post_init__(self) -> None:
        if not self.members:
            raise ValueError("a bot serves at least one campaign")
        ids = [m.campaign.id for m in self.members]
        if len(ids) != len(set(ids)):
            raise ValueError(f"two campaigns share an id: {ids}")

    @classmethod
    def of(cls, members: Sequence[T]) -> Campaigns[T]:
        return cls(tuple(members))

    def __iter__(self) -> Iterator[T]:
        return iter(self.members)

    def __len__(self) -> int:
        return len(self.members)

    @property
    def first(self) -> T:
        return self.members[0]

    def by_id(self, campaign_id: str | None) -> T | None:
        return next((m for m in self.members if m.campaign.id == campaign_id), None)

    def by_staff_chat(self, chat_id: int) -> T | None:
        return next((m for m in self.members if m.campaign.staff.chat_id == chat_id), None)

    def in_department(self, department: str) -> list[T]:
        return [m for m in self.members if m.campaign.department == department]

    def latest(self) -> T:
        """The campaign whose calendar ends last: the one to show when none is open."""
        return max(self.members, key=lambda m: m.campaign.phases[-1].end)

    def replaced(self, member: T) -> Campaigns[T]:
        """The same campaigns, `member` standing for the one with its id."""
        return Campaigns(tuple(member if m.campaign.id == member.campaign.id else m
                               for m in self.members))


def is_open(phase: PhaseKind) -> bool:
    return phase in OPEN_PHASES


def opening_key(campaign: Campaign) -> str:
    """The global setting that marks a campaign's opening as told: once, whatever restarts."""
    return f"campaign_opened:{campaign.id}"


def calendar_open(campaign: Campaign, at: datetime) -> bool:
    return is_open(campaign.phase_at(at))


def legacy_owner(campaigns: Campaigns[T], references: Sequence[str]) -> T | None:
    """Which campaign rows from the single-campaign version belong to: the only one, or the
    one whose prefix and year the oldest legacy reference carries (BP-2026-0001); None when
    no campaign matches. Without legacy proposals, the first campaign named."""
    if len(campaigns) == 1 or not references:
        return campaigns.first
    oldest = references[0]
    return next((m for m in campaigns
                 if oldest.startswith(f"{m.campaign.reference_prefix}-"
                                      f"{m.campaign.reference_year()}-")), None)
