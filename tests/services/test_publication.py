"""Publishing the results: once, after the vote, audited, everyone who asked told once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flows.domain.campaign import PhaseKind
from flows.domain.notices import RESULTS_PUBLISHED
from flows.services.actor import Actor
from flows.services.publication import (
    AlreadyPublished,
    Published,
    TooEarly,
    publish,
    published_at,
)
from flows.services.scope import Scope
from tests.services.conftest import IN_VOTE
from tests.services.fake_uow import FakeUnitOfWork

PAUL = Actor(901, "Paul")
IN_RESULTS = datetime(2027, 5, 2, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


async def test_results_are_not_published_while_people_vote(fake_uow: FakeUnitOfWork,
                                                           scope: Scope) -> None:
    assert await publish(fake_uow, scope, PAUL, IN_VOTE) == TooEarly(PhaseKind.VOTE)
    assert await published_at(fake_uow) is None
    assert fake_uow.notices.rows == [] and fake_uow.audit.entries == []


async def test_publishing_tells_each_subscriber_once_whatever_they_subscribed_to(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    await fake_uow.subscribers.add(501, 501, "fr", "results")
    await fake_uow.subscribers.add(501, 501, "fr", "vote")
    await fake_uow.subscribers.add(502, 502, "en", "vote")
    assert await publish(fake_uow, scope, PAUL, IN_RESULTS) == Published(audience=2)
    assert await published_at(fake_uow) == IN_RESULTS.isoformat()
    assert [n.kind for n in fake_uow.notices.rows] == [RESULTS_PUBLISHED]
    assert [e["action"] for e in fake_uow.audit.entries] == ["results_published"]


async def test_a_second_publication_publishes_nothing_more(fake_uow: FakeUnitOfWork,
                                                           scope: Scope) -> None:
    await publish(fake_uow, scope, PAUL, IN_RESULTS)
    later = IN_RESULTS.replace(hour=11)
    assert await publish(fake_uow, scope, PAUL, later) == \
        AlreadyPublished(IN_RESULTS.isoformat())
    assert len(fake_uow.notices.rows) == len(fake_uow.audit.entries) == 1
