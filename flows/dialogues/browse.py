"""/projets: citizens browse the admissible projects, by theme or canton, with their photos.

Outside any dialogue, so the list's state rides in its buttons (`g|pj|...`); the order is the
citizen's own (flows.domain.ordering), the same as on their ballot.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from flows.dialogues import places, render
from flows.dialogues.context import Context
from flows.dialogues.voting import PAGE, arranged, ballot_of, project_count, territories_on_ballot
from flows.domain.ballot import Candidate
from flows.events import Button
from flows.i18n import Safe
from flows.replies import Choice, Keyboard, Message

PREFIX = "g|pj|"
# page:theme:zone, the two filters as indexes (empty: none), so the data stays short.
LIST = re.compile(r"l:([0-9]{1,4}):([0-9]{0,3}):([0-9]{0,3})")
DETAILS = re.compile(r"d:([0-9]{1,9}):([0-9]{1,4}):([0-9]{0,3}):([0-9]{0,3})")
PICK = re.compile(r"(ft|fz):([0-9]{0,3}):([0-9]{0,3})")


class View:
    """Where the citizen stands in the list: a page, maybe a theme, maybe a territory."""

    def __init__(self, page: int = 0, theme: str = "", zone: str = "") -> None:
        self.page, self.theme, self.zone = page, theme, zone

    def data(self, head: str) -> str:
        return f"{PREFIX}{head}:{self.page}:{self.theme}:{self.zone}"

    def at(self, page: int) -> str:
        return f"{PREFIX}l:{page}:{self.theme}:{self.zone}"


async def start(ctx: Context) -> None:
    await show(ctx, View())


async def on_button(ctx: Context, button: Button, command: str) -> None:
    """A tap on the list; forged data matches none of the shapes and gets 'stale'."""
    if shown := LIST.fullmatch(command):
        await show(ctx, View(int(shown[1]), shown[2], shown[3]), button.message_id)
    elif detail := DETAILS.fullmatch(command):
        await details(ctx, int(detail[1]), View(int(detail[2]), detail[3], detail[4]))
    elif pick := PICK.fullmatch(command):
        await picker(ctx, pick[1], View(0, pick[2], pick[3]), button.message_id)
    elif command == "noop":
        ctx.answer()
    else:
        ctx.answer(ctx.t("stale_button"))


def theme_of(ctx: Context, index: str) -> str | None:
    themes = ctx.campaign.themes
    return themes[int(index)].id if index and int(index) < len(themes) else None


def zone_of(zones: Sequence[tuple[str, str]], index: str) -> tuple[str, str] | None:
    return zones[int(index)] if index and int(index) < len(zones) else None


async def show(ctx: Context, view: View, edit: int | None = None) -> None:
    """One page of the list, in the citizen's order, with filters and a way to the details."""
    all_ = (await ballot_of(ctx)).candidates
    if not all_:
        ctx.say(ctx.t("browse_none"))
        return
    zones = territories_on_ballot(all_)
    theme, zone = theme_of(ctx, view.theme), zone_of(zones, view.zone)
    shown = [c for c in arranged(ctx, all_) if (theme is None or c.theme == theme)
             and (zone is None or c.territory == zone[0])]
    pages = max(1, math.ceil(len(shown) / PAGE))
    view.page = min(view.page, pages - 1)
    on_page = shown[view.page * PAGE:(view.page + 1) * PAGE]
    text = ctx.t("browse_screen", count=Safe(project_count(ctx, len(shown), pages)),
                 filter=Safe(filter_label(ctx, theme, zone)),
                 lines=Safe("\n".join(line(ctx, c) for c in on_page)
                            or ctx.t("ballot_empty_filter")))
    text += "\n\n" + ctx.t(f"order_{ctx.campaign.vote.order}")
    ctx.send(Message(ctx.sender.chat_id, text, keyboard(ctx, view, on_page, pages),
                     edit_message_id=edit))


def line(ctx: Context, c: Candidate) -> str:
    return ctx.t("browse_line", number=c.id, title=c.title,
                 commune=places.label(ctx, c.commune), cost=render.money(ctx, c.cost),
                 photo=" 📷" if c.photo else "")


def filter_label(ctx: Context, theme: str | None, zone: tuple[str, str] | None) -> str:
    found = ctx.campaign.theme(theme) if theme else None
    bits = ([found.label.get(ctx.lang)] if found else []) + ([zone[1]] if zone else [])
    return ctx.t("filter_on", filters=" · ".join(bits)) if bits else ""


def keyboard(ctx: Context, view: View, on_page: Sequence[Candidate], pages: int) -> Keyboard:
    rows = [(Choice(f"ℹ️ {ctx.t('number', n=c.id)} {c.title[:28]}", view.data(f"d:{c.id}")),)
            for c in on_page]
    pager = [Choice(f"{view.page + 1}/{pages}", f"{PREFIX}noop")]
    if view.page > 0:
        pager.insert(0, Choice("◀️", view.at(view.page - 1)))
    if view.page < pages - 1:
        pager.append(Choice("▶️", view.at(view.page + 1)))
    filters = (Choice(ctx.t("btn_filter_theme"), f"{PREFIX}ft:{view.theme}:{view.zone}"),
               Choice(ctx.t("btn_filter_territory"), f"{PREFIX}fz:{view.theme}:{view.zone}"))
    return (*rows, tuple(pager), filters)


async def picker(ctx: Context, which: str, view: View, edit: int) -> None:
    """The list's message turned into a choice of themes or territories; 'All' clears it."""
    if which == "ft":
        options = [(t.label.get(ctx.lang), str(i)) for i, t in enumerate(ctx.campaign.themes)]
        target = "l:0:{}:" + view.zone
        prompt = "ballot_pick_theme"
    else:
        zones = territories_on_ballot((await ballot_of(ctx)).candidates)
        options = [(name, str(i)) for i, (_, name) in enumerate(zones)]
        target = "l:0:" + view.theme + ":{}"
        prompt = "ballot_pick_territory"
    buttons = [Choice(label[:30], PREFIX + target.format(index)) for label, index in options]
    rows = tuple(tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2))
    ctx.send(Message(ctx.sender.chat_id, ctx.t(prompt),
                     (*rows, (Choice(ctx.t("btn_all"), PREFIX + target.format("")),)),
                     edit_message_id=edit))


async def details(ctx: Context, number: int, view: View) -> None:
    """A project's full text, after its photo; the way back to the same page of the list."""
    candidate = (await ballot_of(ctx)).candidate(number)
    if candidate is None:
        ctx.answer(ctx.t("stale_button"))
        return
    theme = ctx.campaign.theme(candidate.theme)
    if candidate.photo:
        ctx.send(Message(ctx.sender.chat_id, "", photo=candidate.photo))
    ctx.say(ctx.t("ballot_details", number=candidate.id, title=candidate.title,
                  description=candidate.description,
                  commune=render.commune(ctx, candidate.commune),
                  cost=render.money(ctx, candidate.cost),
                  theme=theme.label.get(ctx.lang) if theme else ""),
            ((Choice(ctx.t("btn_back_to_list"), view.at(view.page)),),))
