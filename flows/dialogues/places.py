"""Turning what people type or share into a commune: names, postal codes, typos, GPS."""

from __future__ import annotations

import math
import re

from flows.dialogues.context import Context, step_command
from flows.domain.admissibility import department_in
from flows.domain.communes import Commune
from flows.domain.departements import in_department
from flows.events import Action, Button, Location, Text
from flows.replies import Keyboard, Message

# A shared position further than this from every commune centroid of the
# département is taken to be outside it (the largest Gers commune spans ~10 km).
MAX_KM_FROM_CENTROID = 15.0
# Communes per page when a postal code serves many (51300 serves 46).
PAGE = 6
PAGE_TAP = re.compile(r"cp:([0-9]{5}):([0-9]{1,2})")


def label(ctx: Context, insee: str | None) -> str:
    commune = ctx.deps.communes.get(insee) if insee else None
    if commune is None:
        return "?"
    postal = commune.postal_codes[0] if commune.postal_codes else commune.dept
    return f"{commune.name} ({postal})"


def example(ctx: Context) -> str:
    """The département's largest commune, by name or by its own postal code ("Auch", "32000")."""
    biggest = max(ctx.deps.communes.in_department(ctx.campaign.department),
                  key=lambda c: c.population or 0, default=None)
    name, postal = ("Auch", "32000") if biggest is None or not biggest.postal_codes else (
        biggest.name, biggest.postal_codes[0])
    return f"« {name} » ou « {postal} »" if ctx.lang == "fr" else f'"{name}" or "{postal}"'


def is_page_tap(command: str) -> bool:
    """A tap on ◀️/▶️ of a postal code's communes: that list is edited in place."""
    return PAGE_TAP.fullmatch(command) is not None


async def resolve(
    ctx: Context, action: Action, *, within_department: bool, nav: Keyboard,
    residence: bool = False, voting: bool = False,
) -> str | None:
    """The INSEE code the person means, or None after saying why and what to try."""
    dept = ctx.campaign.department if within_department else None
    if isinstance(action, Button):
        return _picked(ctx, action, dept, nav)
    if isinstance(action, Location):
        return _located(ctx, action, dept, nav, voting)
    if not isinstance(action, Text) or not action.text.strip():
        ctx.say(ctx.t("expected_commune", example=example(ctx)), nav)
        return None
    found = ctx.deps.communes.search(action.text, dept)
    if found.match is not None:
        return found.match.insee
    postal = "".join(action.text.split())
    served = _served(ctx, postal, dept)
    if len(served) > PAGE:
        _postal_page(ctx, postal, served, 0, nav)
    elif voting and dept and found.suggestions and not served:
        # The voter's own département first; a namesake elsewhere is only a remark below.
        heading = ctx.t("commune_choose_voter", text=action.text[:60], in_department=_here(ctx))
        if found.outside:
            heading += "\n" + _outside(ctx, "commune_outside_voter", found.outside[0])
        _suggest(ctx, found.suggestions, nav, heading)
    elif voting and found.outside:
        ctx.say(_outside(ctx, "commune_outside_voter_alone", found.outside[0]), nav)
    elif found.outside or found.suggestions:
        if found.outside:
            # An exact name elsewhere is likelier meant than a look-alike here: say so first.
            key = "commune_outside_residence" if residence else "commune_outside"
            ctx.say(_outside(ctx, key, found.outside[0]), () if found.suggestions else nav)
        if found.suggestions:
            _suggest(ctx, found.suggestions, nav)
    else:
        ctx.say(ctx.t("commune_not_found", text=action.text[:60], example=example(ctx),
                      in_department=_here(ctx)), nav)
    return None


def _here(ctx: Context) -> str:
    return department_in(ctx.campaign, ctx.deps.communes, ctx.lang)


def _outside(ctx: Context, key: str, other: Commune) -> str:
    return ctx.t(key, commune=other.name, example=example(ctx), in_department=_here(ctx),
                 in_other=in_department(other.dept, ctx.lang, ctx.deps.communes))


def _served(ctx: Context, postal: str, dept: str | None) -> list[Commune]:
    """Every commune of a typed postal code (in the département when one is required)."""
    if not postal.isdecimal() or len(postal) != 5:
        return []
    return [c for c in ctx.deps.communes.by_postal_code(postal) if dept is None or c.dept == dept]


def _suggest(ctx: Context, suggestions: list[Commune], nav: Keyboard,
             heading: str | None = None) -> None:
    rows = tuple((ctx.button(label(ctx, c.insee), f"commune:{c.insee}"),)
                 for c in suggestions[:PAGE])
    if heading is None:
        heading = ctx.t("commune_choose" if len(suggestions) > 1 else "commune_choose_single")
    ctx.say(heading, (*rows, *nav))


def _postal_page(ctx: Context, postal: str, served: list[Commune], page: int, nav: Keyboard,
                 edit: int | None = None) -> None:
    """One page of the communes a postal code serves, largest first, ◀️ ▶️ to the others."""
    pages = math.ceil(len(served) / PAGE)
    page = max(0, min(page, pages - 1))
    rows = tuple((ctx.button(label(ctx, c.insee), f"commune:{c.insee}"),)
                 for c in served[page * PAGE:(page + 1) * PAGE])
    pager = (*((ctx.button("◀️", f"cp:{postal}:{page - 1}"),) if page > 0 else ()),
             *((ctx.button("▶️", f"cp:{postal}:{page + 1}"),) if page < pages - 1 else ()))
    text = ctx.t("commune_postal_page", postal=postal, count=len(served), page=page + 1,
                 pages=pages)
    ctx.send(Message(ctx.sender.chat_id, text, (*rows, pager, *nav), edit_message_id=edit))


def _picked(ctx: Context, action: Button, dept: str | None, nav: Keyboard) -> str | None:
    tail = step_command(action) or ""
    if paging := PAGE_TAP.fullmatch(tail):
        served = _served(ctx, paging[1], dept)
        if served:
            _postal_page(ctx, paging[1], served, int(paging[2]), nav, edit=action.message_id)
            ctx.answer()
            return None
    commune = ctx.deps.communes.get(tail.removeprefix("commune:"))
    if not tail.startswith("commune:") or commune is None or (dept and commune.dept != dept):
        ctx.say(ctx.t("expected_commune", example=example(ctx)), nav)
        return None
    return commune.insee


def _located(ctx: Context, action: Location, dept: str | None, nav: Keyboard,
             voting: bool) -> str | None:
    nearest = ctx.deps.communes.nearest(action.lat, action.lon, None)
    if nearest is None or nearest[1] > MAX_KM_FROM_CENTROID or (
        dept is not None and nearest[0].dept != dept
    ):
        key = "location_outside_voter" if voting else "location_outside"
        ctx.say(ctx.t(key, in_department=_here(ctx)), nav)
        return None
    return nearest[0].insee
