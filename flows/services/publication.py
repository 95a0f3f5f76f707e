"""Publishing the results: once, by staff, after the vote; subscribers are told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flows.domain.campaign import PhaseKind
from flows.domain.notices import RESULTS_PUBLISHED, Notice
from flows.ports import UnitOfWork
from flows.services.actor import Actor
from flows.services.phases import current_phase
from flows.services.scope import Scope

PUBLISHED_KEY = "results_published"
# Who asked to hear of the results, and who asked to hear of the vote: both are told.
TOPICS = ("results", "vote")


@dataclass(frozen=True)
class Published:
    audience: int  # people told, each once


@dataclass(frozen=True)
class AlreadyPublished:
    when: str  # ISO time of the first publication


@dataclass(frozen=True)
class TooEarly:
    """Results shown while people still vote would sway the vote."""

    phase: PhaseKind


PublishOutcome = Published | AlreadyPublished | TooEarly


async def published_at(uow: UnitOfWork) -> str | None:
    return await uow.settings.get(PUBLISHED_KEY)


async def why_not_publish(uow: UnitOfWork,
                          phase: PhaseKind) -> AlreadyPublished | TooEarly | None:
    """Why the results cannot be published now, if they cannot."""
    if (when := await published_at(uow)) is not None:
        return AlreadyPublished(when)
    if phase not in (PhaseKind.RESULTS, PhaseKind.CLOSED):
        return TooEarly(phase)
    return None


async def publish(uow: UnitOfWork, scope: Scope, actor: Actor, at: datetime) -> PublishOutcome:
    """Publish once (a double tap publishes nothing more), audited, subscribers told."""
    refusal = await why_not_publish(uow, await current_phase(uow, scope.campaign, at))
    if refusal is not None:
        return refusal
    if not await uow.settings.set_once(PUBLISHED_KEY, at.isoformat()):
        return AlreadyPublished(await published_at(uow) or "")
    await uow.audit.record(at, actor.id, actor.name, "results_published", "campaign", {})
    await uow.notices.record(Notice(RESULTS_PUBLISHED, at))
    return Published(len(await audience(uow)))


async def audience(uow: UnitOfWork) -> dict[int, str]:
    """Chat → language of everyone to tell of the results, each once."""
    told: dict[int, str] = {}
    for topic in TOPICS:
        for chat_id, lang in await uow.subscribers.of_topic(topic):
            told.setdefault(chat_id, lang)
    return told
