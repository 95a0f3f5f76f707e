"""Commands in the staff group: figures, phase changes, help."""

from __future__ import annotations

from flows.campaign import PhaseKind
from flows.context import PHASE_KEY, Context, current_phase
from flows.events import Command
from flows.i18n import Safe
from flows.review import staff_language


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
    ctx.say(ctx.t("stats_header", phase=Safe(ctx.t(f"phase_{ctx.phase.value}")),
                  total=sum(counts.values())) + "\n" + "\n".join(lines))


async def phase(ctx: Context, args: str) -> None:
    wanted = args.strip().lower()
    if wanted == "auto":
        await ctx.uow.settings.put(PHASE_KEY, None)
    elif wanted in {p.value for p in PhaseKind}:
        await ctx.uow.settings.put(PHASE_KEY, wanted)
    else:
        choices = ", ".join([p.value for p in PhaseKind] + ["auto"])
        ctx.say(ctx.t("phase_usage", phase=Safe(ctx.t(f"phase_{ctx.phase.value}")),
                      choices=choices))
        return
    await ctx.uow.audit.record(ctx.now, ctx.sender.user_id, ctx.sender.first_name,
                               "phase", "campaign", {"phase": wanted})
    ctx.phase = await current_phase(ctx.deps, ctx.uow, ctx.now)
    ctx.say(ctx.t("phase_set", phase=Safe(ctx.t(f"phase_{ctx.phase.value}")),
                  who=ctx.sender.first_name))


STAFF_COMMANDS = {"stats": stats, "phase": phase}
