"""The reminder two days before the vote closes: once, to those who have not voted."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flows.domain import verification
from flows.domain.notices import VOTE_CLOSING
from flows.services.reminders import SUBSCRIBED, UNFINISHED, Reminded, remind
from flows.services.scope import Scope
from flows.session import Session
from tests.services.conftest import IN_VOTE
from tests.services.fake_uow import FakeUnitOfWork

NEAR_THE_END = datetime(2027, 4, 29, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))


async def test_no_reminder_before_the_last_two_days(fake_uow: FakeUnitOfWork,
                                                    scope: Scope) -> None:
    await fake_uow.subscribers.add(501, 501, "fr", "vote")
    assert await remind(fake_uow, scope, IN_VOTE) is None
    assert fake_uow.notices.rows == []


async def test_subscribers_and_unfinished_voters_who_have_not_voted_are_reminded_once(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    await fake_uow.subscribers.add(501, 501, "fr", "vote")
    await fake_uow.subscribers.add(502, 502, "fr", "vote")
    await fake_uow.sessions.save(503, 503, Session(flow="vote", data={"lang": "en"}), IN_VOTE)
    voted = verification.account_hash(scope.phone_key, 502)
    await fake_uow.voting.cast("phone-502", voted, "2027-04-01", None, None, [1, 2, 3])
    assert await remind(fake_uow, scope, NEAR_THE_END) == Reminded(2)
    [notice] = fake_uow.notices.rows
    assert notice.kind == VOTE_CLOSING
    assert notice.data == {"closes": "2027-04-30",
                           "people": [[501, SUBSCRIBED, "fr"], [503, UNFINISHED, "en"]]}
    assert await remind(fake_uow, scope, NEAR_THE_END.replace(hour=13)) is None
    assert len(fake_uow.notices.rows) == 1
