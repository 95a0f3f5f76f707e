"""Commands in the staff group: figures, phase changes, paper ballots, help."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from flows import publishing, staff_corrections, staff_review_queue, vote_opening, voting
from flows.ballot import check_ballot
from flows.campaign import PhaseKind
from flows.context import PHASE_KEY, Context, current_phase
from flows.events import Button, Command
from flows.i18n import Safe, t
from flows.phase_names import AUTO, parse_phase
from flows.replies import Message
from flows.review import staff_language

ANNOUNCED_KEY = "announced_phase"
BROADCAST_PRIORITY = 10


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
    vote = await ctx.uow.voting.counts()
    sms = await ctx.uow.sms.status_counts()
    lines.append(ctx.t("stats_vote", voters=vote.get("voters", 0) + vote.get("kept_voters", 0),
                       online=vote.get("ballots_online", 0), paper=vote.get("ballots_paper", 0),
                       boxes=sum(p.votes for p in await ctx.uow.voting.paper_totals()),
                       sent=sms.get("sent", 0), failed=sms.get("failed", 0),
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


async def set_phase(ctx: Context, wanted: str) -> None:
    await ctx.uow.settings.put(PHASE_KEY, None if wanted == AUTO else wanted)
    await ctx.uow.audit.record(ctx.now, ctx.sender.user_id, ctx.sender.first_name,
                               "phase", "campaign", {"phase": wanted})
    ctx.phase = await current_phase(ctx.deps, ctx.uow, ctx.now)
    ctx.say(ctx.t("phase_set", phase=Safe(ctx.t(f"phase_{ctx.phase.value}")),
                  who=ctx.sender.first_name))
    await announce(ctx, warn=False)


async def on_phase_button(ctx: Context, action: Button) -> None:
    """The second tap that opens the vote, or its cancel; a double tap changes nothing."""
    ctx = ctx.speaking(staff_language(ctx))
    if not ctx.sender.is_staff:
        ctx.answer(ctx.t("staff_only"), alert=True)
        return
    ctx.clear_buttons()
    if action.data != f"{vote_opening.PREFIX}|vote":
        ctx.answer()
        ctx.say(ctx.t("phase_kept", phase=Safe(ctx.t(f"phase_{ctx.phase.value}"))))
        return
    if ctx.phase == PhaseKind.VOTE:
        ctx.answer(ctx.t("vote_already_open"))
        return
    ready = await vote_opening.readiness(ctx)
    ctx.answer()
    if ready.problem is not None:  # decisions changed since the question was asked
        ctx.say(ctx.t("vote_not_ready", why=vote_opening.why(ctx, ready.problem)))
        return
    await set_phase(ctx, PhaseKind.VOTE.value)


async def announce(ctx: Context, warn: bool = True) -> None:
    """Tell subscribers once when voting opens, however the phase changed (date or command),
    but never of a ballot that cannot be cast: staff are alerted instead."""
    if await ctx.uow.settings.get(ANNOUNCED_KEY) == ctx.phase.value:
        return
    if ctx.phase == PhaseKind.VOTE and \
            not await vote_opening.may_announce(ctx, ctx.speaking(staff_language(ctx)), warn):
        return
    await ctx.uow.settings.put(ANNOUNCED_KEY, ctx.phase.value)
    if ctx.phase != PhaseKind.VOTE:
        return
    subscribers = await ctx.uow.subscribers.of_topic("vote")
    for chat_id, lang in subscribers:
        ctx.send(Message(chat_id, t(lang, "vote_open_notice",
                                    campaign=ctx.campaign.name.get(lang)),
                         priority=BROADCAST_PRIORITY))
    if subscribers:
        ctx.send(Message(ctx.campaign.staff.chat_id, ctx.speaking(staff_language(ctx)).t(
            "notice_queued", count=len(subscribers))))


async def paper(ctx: Context, args: str) -> None:
    """/papier 12 15 23: one paper ballot, under the same rules as online ones."""
    if ctx.phase != PhaseKind.VOTE:  # the box is closed before and after the vote
        ctx.say(ctx.t("wrong_phase", wanted=Safe(ctx.t("phase_vote")),
                      phase=Safe(ctx.t(f"phase_{ctx.phase.value}"))))
        return
    numbers = [int(n) for n in re.findall(r"\d+", args)]
    if not numbers:
        ctx.say(ctx.t("paper_usage"))
        return
    candidates = await voting.candidates(ctx)
    problems = check_ballot(ctx.campaign.vote.sections[:1] if len(ctx.campaign.vote.sections) == 1
                            else ctx.campaign.vote.sections, candidates, numbers, None)
    if problems:
        ctx.say(ctx.t("paper_invalid", problem=voting.ballot_problem(ctx, problems[0])))
        return
    await ctx.uow.voting.add_ballot(ctx.now.date().isoformat(), "paper", numbers)
    await ctx.uow.audit.record(ctx.now, ctx.sender.user_id, ctx.sender.first_name,
                               "paper_ballot", "ballot_box", {"choices": sorted(numbers)})
    ctx.say(ctx.t("paper_saved", numbers=", ".join(ctx.t("number", n=n) for n in sorted(numbers)),
                  who=ctx.sender.first_name))


async def box(ctx: Context, args: str) -> None:
    """/urne NOM 12=40 15=33: per-project totals of a paper ballot box counted by hand."""
    # Boxes are counted during the vote or once it closes, never after results are out.
    if ctx.phase not in (PhaseKind.VOTE, PhaseKind.RESULTS) or \
            await ctx.uow.settings.get(publishing.PUBLISHED_KEY) is not None:
        ctx.say(ctx.t("box_closed", phase=Safe(ctx.t(f"phase_{ctx.phase.value}"))))
        return
    name, _, rest = args.strip().partition(" ")
    pairs = re.findall(r"(\d+)\s*[=:]\s*(\d+)", rest)
    known = {c.id for c in await voting.candidates(ctx)}
    # A name with '=' is a total typed without a name; totals stay within SQLite's integers.
    if not name or re.search(r"[=:]", name) or not pairs or \
            any(int(n) not in known or len(v) > 9 for n, v in pairs):
        ctx.say(ctx.t("box_usage"))
        return
    for number, votes in pairs:
        await ctx.uow.voting.set_paper_total(name, int(number), int(votes),
                                             ctx.sender.first_name, ctx.now.date().isoformat())
    await ctx.uow.audit.record(ctx.now, ctx.sender.user_id, ctx.sender.first_name,
                               "paper_box", name, {"totals": {n: int(v) for n, v in pairs}})
    ctx.say(ctx.t("box_saved", box=name, count=len(pairs),
                  votes=sum(int(v) for _, v in pairs)))


STAFF_COMMANDS: dict[str, Callable[[Context, str], Awaitable[None]]] = {
    "stats": stats, "phase": phase, "papier": paper, "paper": paper, "urne": box, "box": box,
    "resultats": publishing.staff_results, "results": publishing.staff_results,
    "examen": staff_review_queue.queue_command, "review": staff_review_queue.queue_command,
    "projet": staff_review_queue.project_command, "project": staff_review_queue.project_command,
    "modifier": staff_corrections.edit_command, "edit": staff_corrections.edit_command,
}
