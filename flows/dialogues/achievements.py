"""/realisations: every winner with its stage, budget and last news; follow one with a tap.

Outside any dialogue, so the list's page rides in its buttons (`g|rz|...`); following from
elsewhere (a project's details, a piece of news) uses `g|fw|ID` and `g|uf|ID`.
"""

from __future__ import annotations

import math
import re

from flows.dialogues import places, render
from flows.dialogues.context import Context
from flows.dialogues.progress_view import day, scope, stage_label
from flows.domain.progress import ProgressEntry
from flows.events import Button
from flows.i18n import Safe
from flows.replies import Choice, Keyboard, Message
from flows.services import progress

PREFIX = "g|rz|"
FOLLOW, UNFOLLOW = "fw", "uf"
PAGE = 5
LIST = re.compile(r"l:([0-9]{1,4})")
TOGGLE = re.compile(r"([fu]):([0-9]{1,15}):([0-9]{1,4})")
DETAILS = re.compile(r"d:([0-9]{1,15}):([0-9]{1,4})")


async def start(ctx: Context) -> None:
    await show(ctx, 0)


async def on_button(ctx: Context, button: Button, command: str) -> None:
    """A tap on the list; forged data matches none of the shapes and gets 'stale'."""
    if shown := LIST.fullmatch(command):
        ctx.answer()
        await show(ctx, int(shown[1]), button.message_id)
    elif toggle := TOGGLE.fullmatch(command):
        if await set_following(ctx, int(toggle[2]), toggle[1] == "f"):
            await show(ctx, int(toggle[3]), button.message_id)
    elif detail := DETAILS.fullmatch(command):
        await details(ctx, int(detail[1]), int(detail[2]))
    elif command == "noop":
        ctx.answer()
    else:
        ctx.answer(ctx.t("stale_button"))


async def show(ctx: Context, page: int, edit: int | None = None) -> None:
    """One page of winners, by reference, each with its latest news and a follow button."""
    found = await progress.achievements(ctx.uow, scope(ctx), ctx.sender.user_id)
    if isinstance(found, progress.NotPublished):
        ctx.say(ctx.t("achievements_not_yet"),
                ((Choice(ctx.t("btn_notify_results"), "g|sub|results"),),))
        return
    if not found:
        ctx.say(ctx.t("achievements_none"))
        return
    pages = max(1, math.ceil(len(found) / PAGE))
    page = min(page, pages - 1)
    on_page = found[page * PAGE:(page + 1) * PAGE]
    count = ctx.plural("achievements_count", len(found), page=page + 1, pages=pages)
    text = ctx.t("achievements_screen", name=ctx.campaign.name.get(ctx.lang), count=count,
                 blocks=Safe("\n\n".join(block(ctx, a) for a in on_page)))
    ctx.send(Message(ctx.sender.chat_id, text, keyboard(ctx, on_page, page, pages),
                     edit_message_id=edit))


def block(ctx: Context, achievement: progress.Achievement) -> str:
    p = achievement.proposal
    return ctx.t("achievements_block", reference=p.reference, title=p.fields.title or "",
                 cost=render.money(ctx, p.fields.cost or 0),
                 commune=places.label(ctx, p.fields.commune or ""),
                 state=Safe(state(ctx, achievement.last)))


def state(ctx: Context, last: ProgressEntry | None) -> str:
    if last is None:
        return ctx.t("achievements_no_news")
    return ctx.t("achievements_state", stage=Safe(stage_label(ctx, last.stage)),
                 percent=last.percent, day=day(ctx, last.at), note=last.note)


def keyboard(ctx: Context, on_page: list[progress.Achievement], page: int,
             pages: int) -> Keyboard:
    rows = []
    for a in on_page:
        pid = a.proposal.id
        toggle = Choice(f"{ctx.t('btn_unfollow' if a.following else 'btn_follow')} "
                        f"{a.proposal.reference}",
                        f"{PREFIX}{'u' if a.following else 'f'}:{pid}:{page}")
        rows.append((Choice(f"ℹ️ {a.proposal.reference}", f"{PREFIX}d:{pid}:{page}"), toggle))
    pager = [Choice(f"{page + 1}/{pages}", f"{PREFIX}noop")]
    if page > 0:
        pager.insert(0, Choice("◀️", f"{PREFIX}l:{page - 1}"))
    if page < pages - 1:
        pager.append(Choice("▶️", f"{PREFIX}l:{page + 1}"))
    return (*rows, tuple(pager))


async def details(ctx: Context, proposal_id: int, page: int) -> None:
    """A winner's news so far, after its latest photo; the way back to the list."""
    found = await progress.achievements(ctx.uow, scope(ctx), ctx.sender.user_id)
    achievement = None if isinstance(found, progress.NotPublished) else next(
        (a for a in found if a.proposal.id == proposal_id), None)
    if achievement is None:
        ctx.answer(ctx.t("stale_button"))
        return
    ctx.answer()
    p = achievement.proposal
    history = await ctx.uow.progress.history(p.id)
    photo = next((e.photo for e in reversed(history) if e.photo), None)
    if photo:
        ctx.send(Message(ctx.sender.chat_id, "", photo=photo))
    lines = [ctx.t("achievements_history_line", day=day(ctx, e.at),
                   stage=Safe(stage_label(ctx, e.stage)), percent=e.percent, note=e.note)
             for e in history] or [ctx.t("achievements_no_news")]
    ctx.say(ctx.t("achievements_details", reference=p.reference, title=p.fields.title or "",
                  cost=render.money(ctx, p.fields.cost or 0),
                  commune=places.label(ctx, p.fields.commune or ""),
                  history=Safe("\n".join(lines))),
            ((await follow_button(ctx, p.id),),
             (Choice(ctx.t("btn_back_to_list"), f"{PREFIX}l:{page}"),)))


async def follow_button(ctx: Context, proposal_id: int) -> Choice:
    """'Follow' or 'Stop following', as this person stands (for any project's details)."""
    proposal = await ctx.uow.proposals.get(proposal_id)
    following = proposal is not None and \
        await progress.is_following(ctx.uow, ctx.sender.user_id, proposal)
    return Choice(ctx.t("btn_unfollow" if following else "btn_follow"),
                  f"g|{UNFOLLOW if following else FOLLOW}|{proposal_id}")


def follower(ctx: Context) -> progress.Follower:
    return progress.Follower(ctx.sender.user_id, ctx.sender.chat_id, ctx.lang)


async def set_following(ctx: Context, proposal_id: int, follow: bool) -> bool:
    """Follow or stop following, with a toast; False when the project cannot be followed."""
    change = progress.follow if follow else progress.unfollow
    outcome = await change(ctx.uow, follower(ctx), proposal_id)
    if isinstance(outcome, progress.UnknownProject):
        ctx.answer(ctx.t("stale_button"))
        return False
    ctx.answer(ctx.t("follow_toast" if follow else "unfollow_toast"))
    return True


async def on_follow_button(ctx: Context, act: str, proposal_id: int) -> None:
    """`g|fw|ID` or `g|uf|ID` under a project's details or a piece of news: said in words."""
    change = progress.follow if act == FOLLOW else progress.unfollow
    outcome = await change(ctx.uow, follower(ctx), proposal_id)
    if isinstance(outcome, progress.UnknownProject):
        ctx.answer(ctx.t("stale_button"))
        return
    ctx.answer(ctx.t("follow_toast" if act == FOLLOW else "unfollow_toast"))
    p = outcome.proposal
    if isinstance(outcome, progress.Followed):
        key = "follow_already" if outcome.already else "follow_done"
        again = Choice(ctx.t("btn_unfollow"), f"g|{UNFOLLOW}|{p.id}")
    else:
        key = "unfollow_done" if outcome.was else "unfollow_already"
        again = Choice(ctx.t("btn_follow"), f"g|{FOLLOW}|{p.id}")
    ctx.say(ctx.t(key, reference=p.reference, title=p.fields.title or ""), ((again,),))
