"""Results: staff see the draft with its reasons and chart, publish, then everyone may look."""

from __future__ import annotations

import base64
from datetime import datetime

from flows.dialogues import render
from flows.dialogues.context import Context
from flows.dialogues.results_view import render_results
from flows.dialogues.review import actor, staff_language
from flows.domain.allocation import Allocation
from flows.domain.campaign import PhaseKind
from flows.domain.turnout import read_turnout, turnout_text
from flows.i18n import Safe
from flows.replies import Choice, Message
from flows.services import publication
from flows.services.publication import PUBLISHED_KEY as PUBLISHED_KEY
from flows.services.publication import AlreadyPublished, Published, TooEarly
from flows.services.results import compute_allocation


async def show(ctx: Context, chat_id: int, draft: bool) -> list[Message]:
    """The results as messages to `chat_id` in the context's language, chart first."""
    allocation = await compute_allocation(ctx.uow, ctx.campaign, ctx.deps.communes,
                                          ctx.deps.campaign_dir)
    name = ctx.campaign.name.get(ctx.lang)
    texts = render_results(allocation, ctx.lang, ctx.t, lambda a: render.money(ctx, a),
                           name=name, draft=draft, turnout=await read_turnout(ctx.uow))
    messages = []
    if ctx.deps.chart is not None and allocation.rows:
        png = await _chart(ctx, allocation, name, draft)
        caption = "results_chart_caption_draft" if draft else "results_chart_caption"
        messages.append(Message(chat_id, ctx.t(caption, name=name), photo_png=png))
    messages += [Message(chat_id, text) for text in texts]
    return messages


async def _chart(ctx: Context, allocation: Allocation, name: str, draft: bool) -> bytes:
    """The chart as a PNG; once results are published it is drawn once per language, since
    every citizen asking for the results would otherwise cost a drawing."""
    assert ctx.deps.chart is not None
    key = f"results_chart:{ctx.lang}"
    if not draft and (stored := await ctx.uow.settings.get(key)) is not None:
        return base64.b64decode(stored)
    png = ctx.deps.chart(allocation, name, ctx.campaign.budget.total, ctx.lang, draft)
    if not draft:
        await ctx.uow.settings.put(key, base64.b64encode(png).decode())
    return png


async def staff_results(ctx: Context, args: str) -> None:
    """/resultats in the staff group: the draft, and a button to publish it."""
    ctx = ctx.speaking(staff_language(ctx))
    if ctx.phase == PhaseKind.VOTE and not ctx.campaign.vote.live_counts:
        await vote_still_open(ctx)
        return
    published = await ctx.uow.settings.get(PUBLISHED_KEY)
    for message in await show(ctx, ctx.sender.chat_id, draft=published is None):
        ctx.send(message)
    if published is None:
        ctx.say(ctx.t("results_publish_prompt"),
                ((Choice(ctx.t("btn_publish"), "rs|publish"),),))
    else:
        ctx.say(ctx.t("results_already_published", when=published[:16].replace("T", " ")))


async def publish(ctx: Context) -> None:
    """A staff tap on 'publish': once; citizens can then see the results and are told."""
    ctx = ctx.speaking(staff_language(ctx))
    if not ctx.sender.is_staff:
        ctx.answer(ctx.t("staff_only"), alert=True)
        return
    outcome = await publication.publish(ctx.uow, ctx.deps.scope, actor(ctx), ctx.now)
    if not isinstance(outcome, Published):
        ctx.answer(refusal_text(ctx, outcome), alert=True)
        return
    ctx.answer(ctx.t("results_published_staff"))
    ctx.clear_buttons()
    ctx.say(ctx.t("results_published_done", who=ctx.sender.first_name, count=outcome.audience))


def refusal_text(ctx: Context, refusal: AlreadyPublished | TooEarly) -> str:
    if isinstance(refusal, AlreadyPublished):
        return ctx.t("results_already_published", when="")
    return ctx.t("results_publish_too_early")


async def why_not_publish(ctx: Context) -> str | None:
    """Why this tap cannot publish the results now, if it cannot."""
    if not ctx.sender.is_staff:
        return ctx.t("staff_only")
    refusal = await publication.why_not_publish(ctx.uow, ctx.phase)
    return refusal_text(ctx, refusal) if refusal is not None else None


async def ask_publish(ctx: Context) -> None:
    """The first tap on 'publish': publication cannot be undone, so a second tap is asked."""
    ctx = ctx.speaking(staff_language(ctx))
    if (refusal := await why_not_publish(ctx)) is not None:
        ctx.answer(refusal, alert=True)
        return
    ctx.answer()
    action = ctx.incoming.action
    ctx.send(Message(ctx.sender.chat_id, ctx.t("results_publish_confirm"),
                     ((Choice(ctx.t("btn_publish_confirm"), "rs|publish!"),
                       Choice(ctx.t("btn_cancel"), "rs|keep")),),
                     edit_message_id=getattr(action, "message_id", None)))


async def keep_unpublished(ctx: Context) -> None:
    """'Cancel' on the second question: nothing published, the first button back."""
    ctx = ctx.speaking(staff_language(ctx))
    ctx.answer(ctx.t("results_not_published"))
    action = ctx.incoming.action
    ctx.send(Message(ctx.sender.chat_id, ctx.t("results_publish_prompt"),
                     ((Choice(ctx.t("btn_publish"), "rs|publish"),),),
                     edit_message_id=getattr(action, "message_id", None)))


async def citizen_results(ctx: Context) -> None:
    """/resultats in a private chat: the published results, or when to come back."""
    if await ctx.uow.settings.get(PUBLISHED_KEY) is None:
        ctx.say(ctx.t("results_not_yet"),
                ((Choice(ctx.t("btn_notify_results"), "g|sub|results"),),))
        return
    for message in await show(ctx, ctx.sender.chat_id, draft=False):
        ctx.send(message)


def published_at(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


async def vote_still_open(ctx: Context) -> None:
    """/resultats while people still vote: turnout only, since counts would sway the vote."""
    turnout = turnout_text(ctx.t, ctx.lang, await read_turnout(ctx.uow))
    ctx.say(ctx.t("results_hidden_during_vote", turnout=Safe(turnout)))
