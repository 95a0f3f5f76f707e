"""Staff find proposals among hundreds: the queue waiting for a decision (/examen), a search
by reference, commune or word (/projet), and any alert posted again with its buttons."""

from __future__ import annotations

import re

from flows.dialogues import render
from flows.dialogues.context import Context, is_id
from flows.dialogues.review import (
    alert_text,
    corrections_keyboard,
    decided_text,
    decision_keyboard,
    parse_reference,
)
from flows.dialogues.staff_corrections import example_reference
from flows.domain.model import Proposal, ProposalStatus
from flows.domain.textnorm import normalize
from flows.events import Button
from flows.i18n import Safe, plural
from flows.replies import Choice, Keyboard, Message

PREFIX = "sq"
PAGE = 8
MAX_MATCHES = 10
_REFERENCE = re.compile(r"(?:[A-Za-z0-9]+-)?(?:\d{4}-)?\d{1,6}")


async def waiting_count(ctx: Context) -> int:
    return (await ctx.uow.proposals.counts_by_status()).get(ProposalStatus.SUBMITTED.value, 0)


async def waiting_line(ctx: Context) -> str:
    """For /stats: how many proposals wait for a decision."""
    return plural(ctx.lang, "stats_waiting", await waiting_count(ctx))


async def queue_command(ctx: Context, args: str) -> None:
    """/examen [page]: the proposals waiting for a decision, oldest first."""
    page = int(args) - 1 if args.strip().isdecimal() and 0 < int(args) < 10_000 else 0
    await show_page(ctx, page * PAGE, None)


async def show_page(ctx: Context, offset: int, edit: int | None) -> None:
    total = await waiting_count(ctx)
    if total == 0:
        ctx.send(Message(ctx.campaign.staff.chat_id, ctx.t("queue_empty"),
                         edit_message_id=edit))
        return
    offset = max(0, min(offset, (total - 1) // PAGE * PAGE))
    items = await ctx.uow.proposals.waiting(PAGE, offset)
    lines = [line(ctx, offset + n, p) for n, p in enumerate(items, start=1)]
    header = plural(ctx.lang, "queue_header", total, page=offset // PAGE + 1,
                    pages=(total - 1) // PAGE + 1)
    text = header + "\n\n" + "\n".join(lines) + "\n\n" + ctx.t("queue_hint")
    keyboard = open_buttons(items)
    pager = ((Choice(ctx.t("btn_previous"), f"{PREFIX}|p|{offset - PAGE}"),)
             if offset > 0 else ()) + \
            ((Choice(ctx.t("btn_next"), f"{PREFIX}|p|{offset + PAGE}"),)
             if offset + PAGE < total else ())
    ctx.send(Message(ctx.campaign.staff.chat_id, text, keyboard + ((pager,) if pager else ()),
                     edit_message_id=edit))


def line(ctx: Context, number: int, proposal: Proposal) -> str:
    fields = proposal.fields
    cost = render.money(ctx, fields.cost) if fields.cost is not None else "—"
    return ctx.t("queue_line", number=number, reference=proposal.reference,
                 title=fields.title or "—", commune=render.commune(ctx, fields.commune),
                 cost=cost, day=proposal.submitted_at.strftime("%d/%m"),
                 status=Safe(ctx.t(f"status_{proposal.status.value}")))


def open_buttons(items: list[Proposal]) -> Keyboard:
    """One button per proposal, two a row: a tap posts its alert again."""
    choices = [Choice(p.reference, f"{PREFIX}|o|{p.id}") for p in items]
    return tuple(tuple(choices[i:i + 2]) for i in range(0, len(choices), 2))


async def project_command(ctx: Context, args: str) -> None:
    """/projet BP-2026-0042 posts that alert again; /projet Marciac lists what matches."""
    query = " ".join(args.split())[:80]
    if not query:
        ctx.say(ctx.t("project_usage", example=example_reference(ctx)))
        return
    if _REFERENCE.fullmatch(query):
        found = await ctx.uow.proposals.by_reference(parse_reference(ctx, query))
        if found is not None:
            repost(ctx, found)
            return
    matches = search(ctx, await ctx.uow.proposals.all(), query)
    if not matches:
        ctx.say(ctx.t("project_no_match", text=query, example=example_reference(ctx)))
    elif len(matches) == 1:
        repost(ctx, matches[0])
    else:
        shown = matches[:MAX_MATCHES]
        text = plural(ctx.lang, "project_matches", len(matches), text=query) + "\n\n" + "\n".join(
            line(ctx, n, p) for n, p in enumerate(shown, start=1))
        if len(matches) > len(shown):
            text += "\n\n" + ctx.t("project_more", shown=len(shown))
        ctx.say(text, open_buttons(shown))


def search(ctx: Context, proposals: list[Proposal], query: str) -> list[Proposal]:
    """Proposals whose commune is the one named, or whose title or description hold every
    word typed (accents and case ignored)."""
    # Only a commune the search is sure of: its loose suggestions would list unrelated places.
    place = ctx.deps.communes.search(query, ctx.campaign.department).match
    words = normalize(query).split() or ["\0"]  # punctuation alone matches nothing
    found = []
    for p in proposals:
        text = normalize(f"{p.fields.title or ''} {p.fields.description or ''}")
        if (place and p.fields.commune == place.insee) or all(w in text for w in words):
            found.append(p)
    return found


def repost(ctx: Context, proposal: Proposal) -> None:
    """The proposal's alert again, at the bottom of the group, with the buttons that apply."""
    chat = ctx.campaign.staff.chat_id
    if proposal.fields.photo:
        ctx.send(Message(chat, ctx.t("alert_photo", reference=proposal.reference),
                         photo=proposal.fields.photo))
    if proposal.status == ProposalStatus.SUBMITTED:
        ctx.send(Message(chat, alert_text(ctx, proposal, key="alert_repost"),
                         decision_keyboard(ctx, proposal.id)))
    else:
        ctx.send(Message(chat, decided_text(ctx, proposal, key="alert_repost"),
                         corrections_keyboard(ctx, proposal.id)))


async def on_button(ctx: Context, action: Button) -> None:
    """A page of the queue, or a proposal to post again."""
    parts = action.data.split("|")
    if len(parts) != 3 or not is_id(parts[2].lstrip("-")):
        ctx.answer(ctx.t("stale_button"))
    elif parts[1] == "p":
        ctx.answer()
        await show_page(ctx, int(parts[2]), action.message_id)
    elif parts[1] == "o" and (proposal := await ctx.uow.proposals.get(int(parts[2]))):
        ctx.answer()
        repost(ctx, proposal)
    else:
        ctx.answer(ctx.t("stale_button"))
