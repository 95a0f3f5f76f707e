"""Before the vote opens, by command or by the calendar: can a ballot be cast at all, and
are proposals still waiting for a decision? (The checks are flows/services/phases.py's.)"""

from __future__ import annotations

from decimal import Decimal

from flows.dialogues import render
from flows.dialogues.context import Context
from flows.domain.admissibility import Violation
from flows.i18n import plural
from flows.replies import Choice
from flows.services.phases import Readiness, vote_readiness

PREFIX = "ph"


async def readiness(ctx: Context) -> Readiness:
    return await vote_readiness(ctx.uow, ctx.deps.scope)


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


def waiting_warning(ctx: Context, waiting: int) -> str:
    return plural(ctx.lang, "vote_waiting", waiting) if waiting else ""


async def ask(ctx: Context) -> None:
    """/phase vote: refuse with the reason, or ask for a second tap (warning of the waiting)."""
    ready = await readiness(ctx)
    if ready.problem is not None:
        ctx.say(ctx.t("vote_not_ready", why=why(ctx, ready.problem)))
        return
    projects = plural(ctx.lang, "ballot_projects", ready.admissible)
    text = ctx.t("vote_open_confirm", projects=projects)
    if ready.waiting:
        text += "\n\n" + waiting_warning(ctx, ready.waiting)
    ctx.say(text, ((Choice(ctx.t("btn_open_vote"), f"{PREFIX}|vote"),
                    Choice(ctx.t("btn_cancel"), f"{PREFIX}|keep")),))
