"""Commands in the staff group: figures, phase changes, paper ballots, help."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal

from flows.dialogues import (
    paper_ballots,
    progress_staff,
    publishing,
    staff_corrections,
    staff_review_queue,
    vote_opening,
)
from flows.dialogues.context import Context
from flows.dialogues.notices import BROADCAST_PRIORITY as BROADCAST_PRIORITY
from flows.dialogues.review import actor, staff_language
from flows.domain.campaign import PhaseKind
from flows.domain.phase_names import parse_phase
from flows.domain.turnout import read_turnout, turnout_text
from flows.events import Button, Command
from flows.i18n import Safe
from flows.services.phases import BallotNotReady, PhaseRequest, Unchanged, change_phase


async def on_command(ctx: Context, command: Command) -> None:
    ctx = ctx.speaking(staff_language(ctx))
    name = command.name.lower()
    if name in ("aide", "help", "start"):
        ctx.say(ctx.t("staff_help"))
        return
    handler = STAFF_COMMANDS.get(name)
    if handler is None:
        return  # commands meant for other bots in the group
    if not ctx.sender.is_staff:
        ctx.say(ctx.t("staff_only"))
        return
    await handler(ctx, command.args)


async def stats(ctx: Context, args: str) -> None:
    counts = await ctx.uow.proposals.counts_by_status()
    lines = [ctx.t("stats_line", label=Safe(ctx.t(f"status_{k}")), count=v)
             for k, v in sorted(counts.items())]
    sms = await ctx.uow.sms.status_counts()
    lines.append(turnout_text(ctx.t, ctx.lang, await read_turnout(ctx.uow)))
    lines.append(ctx.t("stats_sms", sent=sms.get("sent", 0), failed=sms.get("failed", 0),
                       capped=sms.get("capped", 0)))
    for column in ("canton", "commune"):
        turnout = await ctx.uow.voting.turnout(column)
        if turnout:
            lines.append(ctx.t(f"stats_turnout_{column}"))
            lines += [ctx.t("stats_line", label=place_name(ctx, column, key), count=n)
                      for key, n in sorted(turnout.items(), key=lambda kv: -kv[1])[:20]]
    lines.append(await staff_review_queue.waiting_line(ctx))
    ctx.say(ctx.t("stats_header", phase=Safe(ctx.t(f"phase_{ctx.phase.value}")),
                  total=sum(counts.values())) + "\n" + "\n".join(lines))


def place_name(ctx: Context, column: str, key: str) -> str:
    if column == "commune":
        commune = ctx.deps.communes.get(key)
        return commune.name if commune else key
    return dict(ctx.deps.communes.cantons(ctx.campaign.department)).get(key, key)


async def phase(ctx: Context, args: str) -> None:
    wanted = parse_phase(args)
    if wanted is None:
        ctx.say(ctx.t("phase_usage", phase=Safe(ctx.t(f"phase_{ctx.phase.value}"))))
        return
    if wanted == PhaseKind.VOTE and ctx.phase != PhaseKind.VOTE:
        await vote_opening.ask(ctx)  # checks the ballot, then asks for a second tap
        return
    await set_phase(ctx, wanted)


async def set_phase(ctx: Context, wanted: PhaseKind | Literal["auto"]) -> None:
    outcome = await change_phase(ctx.uow, ctx.deps.scope, actor(ctx),
                                 PhaseRequest(wanted, ctx.now))
    if isinstance(outcome, BallotNotReady):  # decisions changed since the question was asked
        ctx.say(ctx.t("vote_not_ready", why=vote_opening.why(ctx, outcome.problem)))
        return
    ctx.phase = outcome.phase
    if isinstance(outcome, Unchanged):
        ctx.say(ctx.t("vote_already_open"))
        return
    ctx.say(ctx.t("phase_set", phase=Safe(ctx.t(f"phase_{ctx.phase.value}")),
                  who=ctx.sender.first_name))


async def on_phase_button(ctx: Context, action: Button) -> None:
    """The second tap that opens the vote, or its cancel; a double tap changes nothing."""
    ctx.clear_buttons()
    if action.data != f"{vote_opening.PREFIX}|vote":
        ctx.answer()
        ctx.say(ctx.t("phase_kept", phase=Safe(ctx.t(f"phase_{ctx.phase.value}"))))
        return
    if ctx.phase == PhaseKind.VOTE:
        ctx.answer(ctx.t("vote_already_open"))
        return
    ctx.answer()
    await set_phase(ctx, PhaseKind.VOTE)


STAFF_COMMANDS: dict[str, Callable[[Context, str], Awaitable[None]]] = {
    "stats": stats, "phase": phase, "papier": paper_ballots.paper,
    "paper": paper_ballots.paper, "urne": paper_ballots.box, "box": paper_ballots.box,
    "retirer": paper_ballots.withdraw, "withdraw": paper_ballots.withdraw,
    "resultats": publishing.staff_results, "results": publishing.staff_results,
    "examen": staff_review_queue.queue_command, "review": staff_review_queue.queue_command,
    "projet": staff_review_queue.project_command, "project": staff_review_queue.project_command,
    "modifier": staff_corrections.edit_command, "edit": staff_corrections.edit_command,
    "suivi": progress_staff.command, "progress": progress_staff.command,
}
