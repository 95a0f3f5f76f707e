"""Two days before the vote closes, one reminder: to those who asked to hear of the vote and
to those who began voting without casting, if they have not voted since."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flows.domain import dates, verification
from flows.domain.campaign import PhaseKind
from flows.domain.notices import VOTE_CLOSING, Notice
from flows.ports import UnitOfWork
from flows.services.phases import current_phase
from flows.services.scope import Scope

REMIND_BEFORE = timedelta(days=2)
SENT_KEY = "vote_reminder"
SUBSCRIBED = "subscribed"
UNFINISHED = "unfinished"


@dataclass(frozen=True)
class Reminded:
    count: int


async def remind(uow: UnitOfWork, scope: Scope, at: datetime) -> Reminded | None:
    """Called every minute; acts once per vote phase, in its last two days."""
    vote = next((p for p in scope.campaign.phases if p.kind == PhaseKind.VOTE
                 and p.start <= at <= p.end), None)
    if vote is None or at < vote.end - REMIND_BEFORE \
            or await current_phase(uow, scope.campaign, at) != PhaseKind.VOTE:
        return None
    if not await uow.settings.set_once(f"{SENT_KEY}:{vote.end.isoformat()}", "1"):
        return None
    people = await recipients(uow, scope)
    await uow.notices.record(Notice(VOTE_CLOSING, at, {
        "closes": dates.last_day(vote).isoformat(),
        "people": [list(person) for person in people]}))
    return Reminded(len(people))


async def recipients(uow: UnitOfWork, scope: Scope) -> list[tuple[int, str, str]]:
    """(chat id, why: SUBSCRIBED or UNFINISHED, language) of everyone to remind.

    Who began comes from the dialogues left in the vote; who voted from the voter list
    (keyed hashes): the ballot box is never looked at."""
    people: dict[int, tuple[int, str, str]] = {}
    for user_id, chat_id, lang in await uow.subscribers.members("vote"):
        people[user_id] = (chat_id, SUBSCRIBED, lang)
    for chat_id, user_id, session in await uow.sessions.in_flow("vote"):
        lang = str(session.data.get("lang") or people.get(user_id, (0, "", "fr"))[2])
        people[user_id] = (chat_id, UNFINISHED, lang)
    found = []
    for user_id, person in people.items():
        account = verification.account_hash(scope.phone_key, user_id)
        if not await uow.voting.has_voted(account_hash=account):
            found.append(person)
    return found
