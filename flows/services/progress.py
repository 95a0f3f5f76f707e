"""Following the winners: staff record progress, anyone follows a project and is told of it.

Who hears of a project's progress: those who follow it, and its proposer unless they said
stop. Nothing here reads the ballot box: nobody is ever reached because of how they voted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from flows.domain.model import Proposal, ProposalStatus
from flows.domain.progress import (
    DONE,
    STAGES,
    NewProgress,
    ProgressEntry,
    clean_note,
)
from flows.ports import UnitOfWork
from flows.services.publication import PUBLISHED_KEY
from flows.services.results import compute_allocation
from flows.services.scope import Scope

# The winners of the published results, kept once computed (published results are final).
WINNERS_KEY = "results_winners"


def follow_topic(proposal_id: int) -> str:
    return f"follow:{proposal_id}"


def quiet_topic(proposal_id: int) -> str:
    """The proposer said stop: they are told by default otherwise."""
    return f"quiet:{proposal_id}"


@dataclass(frozen=True)
class Actor:
    user_id: int
    name: str
    is_staff: bool


@dataclass(frozen=True)
class Follower:
    """Whoever follows a project, and where and how they are told."""

    user_id: int
    chat_id: int
    language: str


@dataclass(frozen=True)
class ProgressRequest:
    """News on a winner; `corrects` is the id of the latest entry it replaces, if any."""

    reference: str
    stage: str
    percent: int
    note: str
    photo: str | None = None
    corrects: int | None = None


@dataclass(frozen=True)
class Recipient:
    chat_id: int
    language: str
    proposer: bool


# --- outcomes ------------------------------------------------------------------------


@dataclass(frozen=True)
class NotStaff:
    pass


@dataclass(frozen=True)
class UnknownProject:
    reference: str


@dataclass(frozen=True)
class NotPublished:
    pass


@dataclass(frozen=True)
class NotAWinner:
    proposal: Proposal


@dataclass(frozen=True)
class Target:
    """A winner staff may record progress on, with its latest entry."""

    proposal: Proposal
    last: ProgressEntry | None


@dataclass(frozen=True)
class BadStage:
    stage: str


@dataclass(frozen=True)
class BadPercent:
    percent: int


@dataclass(frozen=True)
class BadNote:
    pass


@dataclass(frozen=True)
class CorrectionOutdated:
    """The entry to correct is no longer the latest (a colleague recorded news meanwhile)."""

    last: ProgressEntry | None


@dataclass(frozen=True)
class Recorded:
    proposal: Proposal
    entry: ProgressEntry
    replaced: ProgressEntry | None
    recipients: list[Recipient]


@dataclass(frozen=True)
class Achievement:
    """A winner as citizens see it: its latest news, and whether this person follows it."""

    proposal: Proposal
    last: ProgressEntry | None
    following: bool


@dataclass(frozen=True)
class Followed:
    proposal: Proposal
    already: bool


@dataclass(frozen=True)
class Unfollowed:
    proposal: Proposal
    was: bool


Refusal = NotStaff | UnknownProject | NotPublished | NotAWinner
RecordOutcome = Recorded | Refusal | BadStage | BadPercent | BadNote | CorrectionOutdated


# --- reading -------------------------------------------------------------------------


async def latest_progress(uow: UnitOfWork) -> dict[int, ProgressEntry]:
    """Each winner's latest news by proposal id (corrections applied), e.g. for the website."""
    return await uow.progress.latest()


async def winner_ids(uow: UnitOfWork, scope: Scope) -> list[int] | None:
    """The winners of the published results, or None while they are not published."""
    if await uow.settings.get(PUBLISHED_KEY) is None:
        return None
    if (kept := await uow.settings.get(WINNERS_KEY)) is not None:
        return [int(i) for i in json.loads(kept)]
    allocation = await compute_allocation(uow, scope.campaign, scope.communes, scope.campaign_dir)
    ids = sorted(row.candidate.id for row in allocation.winners())
    await uow.settings.put(WINNERS_KEY, json.dumps(ids))
    return ids


async def achievements(uow: UnitOfWork, scope: Scope,
                       user_id: int) -> list[Achievement] | NotPublished:
    """Every winner, by reference, with its latest news, for /realisations."""
    ids = await winner_ids(uow, scope)
    if ids is None:
        return NotPublished()
    latest = await uow.progress.latest()
    found = []
    for proposal_id in ids:
        proposal = await uow.proposals.get(proposal_id)
        if proposal is not None:
            found.append(Achievement(proposal, latest.get(proposal_id),
                                     await is_following(uow, user_id, proposal)))
    return sorted(found, key=lambda a: a.proposal.reference)


async def is_following(uow: UnitOfWork, user_id: int, proposal: Proposal) -> bool:
    if proposal.user_id == user_id and user_id:
        return not await uow.subscribers.is_subscribed(user_id, quiet_topic(proposal.id))
    return await uow.subscribers.is_subscribed(user_id, follow_topic(proposal.id))


async def followed(uow: UnitOfWork, user_id: int) -> list[Proposal]:
    """The projects this person asked to follow (their own ones are followed by default)."""
    prefix = follow_topic(0)[:-1]
    ids = [int(topic[len(prefix):]) for topic in await uow.subscribers.topics_of(user_id)
           if topic.startswith(prefix) and topic[len(prefix):].isdecimal()]
    found = [await uow.proposals.get(i) for i in ids]
    return sorted((p for p in found if p is not None), key=lambda p: p.reference)


async def recipients(uow: UnitOfWork, proposal: Proposal) -> list[Recipient]:
    """Who hears of this project's progress: its followers, and its proposer by default."""
    told: dict[int, Recipient] = {}
    if proposal.chat_id and proposal.user_id and not await uow.subscribers.is_subscribed(
            proposal.user_id, quiet_topic(proposal.id)):
        told[proposal.chat_id] = Recipient(proposal.chat_id, proposal.language, proposer=True)
    for _, chat_id, language in await uow.subscribers.members(follow_topic(proposal.id)):
        told.setdefault(chat_id, Recipient(chat_id, language, proposer=False))
    return list(told.values())


# --- staff ---------------------------------------------------------------------------


async def find_target(uow: UnitOfWork, scope: Scope, actor: Actor,
                      reference: str) -> Target | Refusal:
    """The winner named by `reference`, if staff may record its progress now."""
    if not actor.is_staff:
        return NotStaff()
    proposal = await uow.proposals.by_reference(reference)
    if proposal is None:
        return UnknownProject(reference)
    ids = await winner_ids(uow, scope)
    if ids is None:
        return NotPublished()
    if proposal.id not in ids:
        return NotAWinner(proposal)
    return Target(proposal, await uow.progress.last(proposal.id))


def check(request: ProgressRequest) -> BadStage | BadPercent | BadNote | None:
    """What is wrong with the request's values, if anything (every channel checks the same)."""
    if request.stage not in STAGES:
        return BadStage(request.stage)
    if not 0 <= request.percent <= 100 or (request.stage == DONE and request.percent != 100):
        return BadPercent(request.percent)
    if clean_note(request.note) is None:
        return BadNote()
    return None


async def record(uow: UnitOfWork, scope: Scope, actor: Actor, request: ProgressRequest,
                 at: datetime) -> RecordOutcome:
    """Store news on a winner (or a correction of its latest), audit it, say whom to tell."""
    target = await find_target(uow, scope, actor, request.reference)
    if not isinstance(target, Target):
        return target
    if (problem := check(request)) is not None:
        return problem
    proposal = target.proposal
    new = NewProgress(proposal.id, request.stage, request.percent,
                      clean_note(request.note) or "", request.photo, actor.name)
    replaced = None
    if request.corrects is None:
        entry = await uow.progress.add(new, at)
    else:
        replaced = target.last
        corrected = await uow.progress.correct(request.corrects, new, at)
        if corrected is None or replaced is None:
            return CorrectionOutdated(target.last)
        entry = corrected
    await uow.audit.record(at, actor.user_id, actor.name,
                           "progress_corrected" if replaced else "progress", proposal.reference,
                           {"stage": entry.stage, "percent": entry.percent, "note": entry.note,
                            "photo": entry.photo is not None, "entry": entry.id,
                            "replaces": entry.replaces})
    return Recorded(proposal, entry, replaced, await recipients(uow, proposal))


# --- citizens ------------------------------------------------------------------------


async def followable(uow: UnitOfWork, proposal_id: int) -> Proposal | None:
    """Only projects that reached the ballot can be followed (a forged id shows nothing)."""
    proposal = await uow.proposals.get(proposal_id)
    return proposal if proposal and proposal.status is ProposalStatus.ADMISSIBLE else None


async def follow(uow: UnitOfWork, who: Follower,
                 proposal_id: int) -> Followed | UnknownProject:
    """Be told of the project's progress (a proposer is by default: only 'stop' is undone)."""
    proposal = await followable(uow, proposal_id)
    if proposal is None:
        return UnknownProject(str(proposal_id))
    already = await is_following(uow, who.user_id, proposal)
    await uow.subscribers.remove(who.user_id, quiet_topic(proposal_id))
    if proposal.user_id != who.user_id:
        await uow.subscribers.add(who.user_id, who.chat_id, who.language,
                                  follow_topic(proposal_id))
    return Followed(proposal, already)


async def unfollow(uow: UnitOfWork, who: Follower,
                   proposal_id: int) -> Unfollowed | UnknownProject:
    """No more news of the project; for its proposer, a 'stop' kept so the default is off."""
    proposal = await followable(uow, proposal_id)
    if proposal is None:
        return UnknownProject(str(proposal_id))
    was = await is_following(uow, who.user_id, proposal)
    await uow.subscribers.remove(who.user_id, follow_topic(proposal_id))
    if proposal.user_id == who.user_id:
        await uow.subscribers.add(who.user_id, who.chat_id, who.language,
                                  quiet_topic(proposal_id))
    return Unfollowed(proposal, was)
