"""Two days before the vote closes, one reminder: to those who asked to be told about the
vote, and to those who began voting without casting. Sent once, paced like every broadcast."""

from __future__ import annotations

from datetime import timedelta

from flows.dialogues.context import Context
from flows.dialogues.review import staff_language
from flows.dialogues.staff import BROADCAST_PRIORITY
from flows.domain import dates, verification
from flows.domain.campaign import PhaseKind
from flows.i18n import t
from flows.replies import Message

REMIND_BEFORE = timedelta(days=2)
SENT_KEY = "vote_reminder"


async def remind(ctx: Context) -> None:
    """Called every minute; acts once per vote phase, in its last two days."""
    vote = next((p for p in ctx.campaign.phases if p.kind == PhaseKind.VOTE
                 and p.start <= ctx.now <= p.end), None)
    if ctx.phase != PhaseKind.VOTE or vote is None or ctx.now < vote.end - REMIND_BEFORE:
        return
    flag = f"{SENT_KEY}:{vote.end.isoformat()}"
    if await ctx.uow.settings.get(flag) is not None:
        return
    await ctx.uow.settings.put(flag, "1")
    closes = dates.last_day(vote)
    people = await recipients(ctx)
    for chat_id, key, lang in people:
        ctx.send(Message(chat_id, t(lang, key, campaign=ctx.campaign.name.get(lang),
                                    date=dates.day_text(closes, lang)),
                         priority=BROADCAST_PRIORITY))
    if people:
        ctx.send(Message(ctx.campaign.staff.chat_id, ctx.speaking(staff_language(ctx)).t(
            "reminder_queued", count=len(people))))


async def recipients(ctx: Context) -> list[tuple[int, str, str]]:
    """(chat id, catalog key, language) of everyone to remind who has not voted.

    Who began comes from the dialogues left in the vote; who voted from the voter list
    (keyed hashes): the ballot box is never looked at."""
    people: dict[int, tuple[int, str, str]] = {}
    for user_id, chat_id, lang in await ctx.uow.subscribers.members("vote"):
        people[user_id] = (chat_id, "vote_reminder", lang)
    for chat_id, user_id, session in await ctx.uow.sessions.in_flow("vote"):
        lang = str(session.data.get("lang") or people.get(user_id, (0, "", "fr"))[2])
        people[user_id] = (chat_id, "vote_reminder_unfinished", lang)
    found = []
    for user_id, person in people.items():
        account = verification.account_hash(ctx.deps.phone_key, user_id)
        if not await ctx.uow.voting.has_voted(account_hash=account):
            found.append(person)
    return found
