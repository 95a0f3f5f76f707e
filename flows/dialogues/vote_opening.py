"""Before the vote opens, by command or by the calendar: can a ballot be cast at all, and
are proposals still waiting for a decision?"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flows.dialogues import render, voting
from flows.dialogues.context import Context
from flows.dialogues.staff_review_queue import waiting_count
from flows.domain.admissibility import Violation
from flows.domain.ballot import fill_problem
from flows.i18n import plural
from flows.replies import Choice, Message

PREFIX = "ph"
BLOCKED_KEY = "vote_blocked_alert"


@dataclass(frozen=True)
class Readiness:
    problem: Violation | None
    admissible: int
    waiting: int


async def readiness(ctx: Context) -> Readiness:
    candidates = (await voting.ballot_of(ctx)).candidates
    return Readiness(fill_problem(ctx.campaign.vote.sections, candidates), len(candidates),
                     await waiting_count(ctx))


def why(ctx: Context, problem: Violation) -> str:
    """Why no ballot can be cast, as the end of a sentence."""
    values = problem.values
    if problem.key == "too_few":
        needed, count = int(str(values["needed"])), int(str(values["count"]))
        return ctx.t("vote_needs", needs=plural(ctx.lang, "ballot_needs", needed),
                     have=plural(ctx.lang, "admissible_count", count))
    return plural(ctx.lang, "cheapest_over", int(str(values["count"])),
                  amount=render.money(ctx, Decimal(str(values["amount"]))),
                  limit=render.money(ctx, Decimal(str(values["limit"]))))


def waiting_warning(ctx: Context, ready: Readiness) -> str:
    return plural(ctx.lang, "vote_waiting", ready.waiting) if ready.waiting else ""


async def ask(ctx: Context) -> None:
    """/phase vote: refuse with the reason, or ask for a second tap (warning of the waiting)."""
    ready = await readiness(ctx)
    if ready.problem is not None:
        ctx.say(ctx.t("vote_not_ready", why=why(ctx, ready.problem)))
        return
    projects = plural(ctx.lang, "ballot_projects", ready.admissible)
    text = ctx.t("vote_open_confirm", projects=projects)
    if ready.waiting:
        text += "\n\n" + waiting_warning(ctx, ready)
    ctx.say(text, ((Choice(ctx.t("btn_open_vote"), f"{PREFIX}|vote"),
                    Choice(ctx.t("btn_cancel"), f"{PREFIX}|keep")),))


async def may_announce(ctx: Context, staff: Context, warn: bool) -> bool:
    """Whether subscribers may be told the vote is open; if not, staff are told why (again
    only when the reason changes, since the calendar asks every minute)."""
    ready = await readiness(staff)
    if ready.problem is not None:
        text = staff.t("vote_blocked_by_calendar", why=why(staff, ready.problem))
        if await ctx.uow.settings.get(BLOCKED_KEY) != text:
            await ctx.uow.settings.put(BLOCKED_KEY, text)
            ctx.send(Message(ctx.campaign.staff.chat_id, text))
        return False
    if warn and ready.waiting:
        ctx.send(Message(ctx.campaign.staff.chat_id, waiting_warning(staff, ready)))
    return True
