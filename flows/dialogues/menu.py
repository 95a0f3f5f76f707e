"""The front door: /start, /aide, /annuler, /mesprojets, and what each phase offers."""

from __future__ import annotations

from flows.dialogues import render, withdrawal
from flows.dialogues.context import Context
from flows.domain import dates
from flows.domain.campaign import PhaseKind
from flows.i18n import Safe, has_text
from flows.replies import Choice, Keyboard
from flows.session import Session

# Phases in which admissible projects exist to browse (/projets works in every phase).
BROWSING = (PhaseKind.REVIEW, PhaseKind.VOTE, PhaseKind.RESULTS)
# Once a campaign is over, its menu offers to hear about the next one.
AFTER_THE_VOTE = (PhaseKind.RESULTS, PhaseKind.CLOSED)
FUTURE_BUTTON = "c|f"  # see flows/dialogues/campaign_choice.py (which imports this module)


def menu_keyboard(ctx: Context) -> Keyboard:
    b = ctx.button
    offers: dict[PhaseKind, list[Choice]] = {
        PhaseKind.PROPOSALS: [b(ctx.t("btn_propose"), "m:propose"),
                              b(ctx.t("btn_mine"), "m:mine")],
        PhaseKind.REVIEW: [b(ctx.t("btn_mine"), "m:mine"),
                           b(ctx.t("btn_notify_vote"), "m:notify")],
        PhaseKind.VOTE: [b(ctx.t("btn_vote"), "m:vote"), b(ctx.t("btn_mine"), "m:mine")],
        PhaseKind.RESULTS: [b(ctx.t("btn_results"), "m:results"),
                            b(ctx.t("btn_achievements"), "m:achievements"),
                            b(ctx.t("btn_mine"), "m:mine")],
        PhaseKind.CLOSED: [b(ctx.t("btn_achievements"), "m:achievements"),
                           b(ctx.t("btn_mine"), "m:mine")],
    }
    if ctx.phase in BROWSING:
        offers[ctx.phase].append(b(ctx.t("btn_projects"), "m:projects"))
    if ctx.phase in AFTER_THE_VOTE:  # campaign_choice answers it, whatever the session
        offers[ctx.phase].append(Choice(ctx.t("btn_campaign_future"), FUTURE_BUTTON))
    return (*((c,) for c in offers[ctx.phase]), (b(ctx.t("btn_help"), "m:help"),))


def show(ctx: Context, greet: bool = False) -> None:
    """The actions of the current phase; offers to resume a dialogue left midway."""
    if ctx.session.flow is not None and ctx.session.flow != "staff_note":
        ctx.say(ctx.t("resume_offer"), (
            (ctx.button(ctx.t("btn_resume"), "m:resume"),),
            (ctx.button(ctx.t("btn_restart"), "m:restart"),),
        ))
        return
    key = "welcome" if greet else "menu"
    ctx.say(ctx.t(key, name=ctx.sender.first_name or "",
                  campaign=ctx.campaign.name.get(ctx.lang), status=Safe(status(ctx))),
            menu_keyboard(ctx))


# Per phase: the phase whose date completes the sentence, and whether it is its start or end.
STATUS_DATES: dict[PhaseKind, tuple[PhaseKind, bool]] = {
    PhaseKind.PROPOSALS: (PhaseKind.PROPOSALS, False), PhaseKind.REVIEW: (PhaseKind.VOTE, True),
    PhaseKind.VOTE: (PhaseKind.VOTE, False), PhaseKind.CLOSED: (PhaseKind.PROPOSALS, True),
}


def status(ctx: Context) -> str:
    """Where the campaign stands, with the date that matters next ("le vote ouvre le ...")."""
    key = f"status_{ctx.phase.value}"
    if ctx.phase not in STATUS_DATES:
        return ctx.t(key)
    kind, starts = STATUS_DATES[ctx.phase]
    day = dates.next_start(ctx.campaign, kind, ctx.now) if starts else \
        dates.current_end(ctx.campaign, kind, ctx.now)
    return ctx.t(key + "_until", date=dates.day_text(day, ctx.lang)) if day else ctx.t(key)


def cancel(ctx: Context) -> None:
    had_flow = ctx.session.flow is not None
    ctx.session = Session(nonce=ctx.session.nonce + 1)
    ctx.say(ctx.t("cancelled" if had_flow else "nothing_to_cancel"),
            remove_reply_keyboard=True)
    show(ctx)


def help_text(ctx: Context) -> None:
    if not ctx.session.flow:
        ctx.say(ctx.t("help", campaign=ctx.campaign.name.get(ctx.lang)) + "\n\n"
                + ctx.t(f"order_{ctx.campaign.vote.order}"), menu_keyboard(ctx))
        return
    key = f"help_step_{ctx.session.step}"
    ctx.say(ctx.t(key) if has_text(key) else ctx.t("help_in_flow"))


async def my_proposals(ctx: Context) -> None:
    mine = await ctx.uow.proposals.of_user(ctx.sender.user_id)
    if not mine:
        ctx.say(ctx.t("mine_empty"), menu_keyboard(ctx))
        return
    lines = [ctx.t("mine_line", reference=p.reference, title=p.fields.title or "",
                   status=Safe(render.status(ctx, p))) for p in mine]
    text = ctx.t("mine_header", count=len(mine)) + "\n\n" + "\n\n".join(lines)
    withdrawable = withdrawal.buttons(ctx, mine)
    if withdrawable:
        text += "\n\n" + ctx.t("withdraw_hint")
    ctx.say(text, withdrawable)


def wrong_phase(ctx: Context, wanted: PhaseKind) -> None:
    """Not now: say when it opens, or since when it is over, by date; then the menu."""
    prefix = "vote" if wanted == PhaseKind.VOTE else "proposals"
    opens = dates.next_start(ctx.campaign, wanted, ctx.now)
    closed = dates.last_end(ctx.campaign, wanted, ctx.now)
    if opens is not None:
        text = ctx.t(f"{prefix}_opens_on", date=dates.day_text(opens, ctx.lang))
    elif closed is not None:
        text = ctx.t(f"{prefix}_closed_on", date=dates.day_text(closed, ctx.lang))
    else:
        text = ctx.t(f"{prefix}_not_open")
    ctx.say(text, menu_keyboard(ctx))
