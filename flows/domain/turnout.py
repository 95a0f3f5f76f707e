"""Turnout: how many took part, by channel, without saying who voted for what."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from flows.i18n import Safe, plural_key

Translate = Callable[..., str]

PAPER = "paper"
BLANK = "paper_blank"
VOID = "paper_void"


class _BoxTotal(Protocol):
    @property
    def box(self) -> str: ...

    @property
    def votes(self) -> int: ...


class _VotingCounts(Protocol):
    async def counts(self) -> dict[str, int]: ...
    async def paper_totals(self) -> Sequence[_BoxTotal]: ...


class TurnoutSource(Protocol):
    @property
    def voting(self) -> _VotingCounts: ...


@dataclass(frozen=True)
class Turnout:
    """Verified online voters, paper ballots (blank and void apart) and ballot-box totals."""

    voters: int
    online: int
    paper: int
    blank: int
    void: int
    boxes: int
    box_votes: int
    sms: int = 0  # of the voters, those who voted by plain SMS


async def read_turnout(uow: TurnoutSource) -> Turnout:
    counts = await uow.voting.counts()
    totals = await uow.voting.paper_totals()
    return Turnout(
        voters=counts.get("voters", 0) + counts.get("kept_voters", 0),
        online=counts.get("ballots_online", 0), paper=counts.get(f"ballots_{PAPER}", 0),
        blank=counts.get(f"ballots_{BLANK}", 0), void=counts.get(f"ballots_{VOID}", 0),
        boxes=len({t.box for t in totals}), box_votes=sum(t.votes for t in totals),
        sms=counts.get("ballots_sms", 0))


def whole(lang: str, count: int) -> str:
    """A count as people write it: "1 234" in French (narrow no-break space), "1,234" in English."""
    return f"{count:,}".replace(",", "\u202f" if lang == "fr" else ",")


def counted(t: Translate, lang: str, key: str, count: int, **values: object) -> str:
    """The catalog text of ``key`` agreeing with ``count``, the count written as people do."""
    return t(plural_key(lang, key, count), count=whole(lang, count), **values)


def turnout_text(t: Translate, lang: str, turnout: Turnout) -> str:
    """One paragraph: voters online, paper ballots (blank and void apart), box totals."""
    paper = counted(t, lang, "turnout_paper", turnout.paper + turnout.blank + turnout.void)
    blank = Safe(counted(t, lang, "turnout_blank", turnout.blank))
    void = Safe(counted(t, lang, "turnout_void", turnout.void))
    if turnout.blank and turnout.void:
        paper += t("turnout_blank_void", blank=blank, void=void)
    elif turnout.blank or turnout.void:
        paper += t("turnout_among", part=blank if turnout.blank else void)
    boxes = counted(t, lang, "turnout_boxes", turnout.boxes,
                    votes=Safe(counted(t, lang, "turnout_votes", turnout.box_votes))) \
        if turnout.boxes else t("turnout_no_boxes")
    voters = counted(t, lang, "turnout_voters", turnout.voters)
    if turnout.sms:
        voters += t("turnout_among", part=Safe(counted(t, lang, "turnout_sms", turnout.sms)))
    return t("turnout_line", voters=Safe(voters), paper=Safe(paper), boxes=Safe(boxes))

