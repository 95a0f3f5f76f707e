"""Turning what people type or share into a commune: names, postal codes, typos, GPS."""

from __future__ import annotations

from flows.admissibility import department_label
from flows.communes import Commune
from flows.context import Context, step_command
from flows.events import Action, Button, Location, Text
from flows.replies import Keyboard

# A shared position further than this from every commune centroid of the
# département is taken to be outside it (the largest Gers commune spans ~10 km).
MAX_KM_FROM_CENTROID = 15.0


def label(ctx: Context, insee: str | None) -> str:
    commune = ctx.deps.communes.get(insee) if insee else None
    if commune is None:
        return "?"
    postal = commune.postal_codes[0] if commune.postal_codes else commune.dept
    return f"{commune.name} ({postal})"


def example(ctx: Context) -> str:
    """Two real communes of the campaign's département, the way people type them."""
    biggest = sorted(ctx.deps.communes.in_department(ctx.campaign.department),
                     key=lambda c: -(c.population or 0))[:2]
    if len(biggest) < 2:
        return "Auch, 32000"
    postal = biggest[1].postal_codes[0] if biggest[1].postal_codes else biggest[1].name
    return f"« {biggest[0].name} » ou « {postal} »" if ctx.lang == "fr" else (
        f'"{biggest[0].name}" or "{postal}"')


async def resolve(
    ctx: Context, action: Action, *, within_department: bool, nav: Keyboard,
    residence: bool = False,
) -> str | None:
    """The INSEE code the person means, or None after saying why and what to try."""
    dept = ctx.campaign.department if within_department else None
    if isinstance(action, Button):
        return _picked(ctx, action, dept, nav)
    if isinstance(action, Location):
        return _located(ctx, action, dept, nav)
    if not isinstance(action, Text) or not action.text.strip():
        ctx.say(ctx.t("expected_commune", example=example(ctx)), nav)
        return None
    found = ctx.deps.communes.search(action.text, dept)
    if found.match is not None:
        return found.match.insee
    if found.outside:
        # An exact name elsewhere is likelier meant than a look-alike here: say so first.
        other = found.outside[0]
        key = "commune_outside_residence" if residence else "commune_outside"
        ctx.say(ctx.t(key, commune=other.name,
                      other=ctx.deps.communes.department_name(other.dept) or other.dept,
                      department=department_label(ctx.campaign, ctx.deps.communes)),
                () if found.suggestions else nav)
    if found.suggestions:
        _suggest(ctx, found.suggestions, nav)
        return None
    if found.outside:
        return None
    ctx.say(ctx.t("commune_not_found", text=action.text[:60], example=example(ctx)), nav)
    return None


def _suggest(ctx: Context, suggestions: list[Commune], nav: Keyboard) -> None:
    rows = tuple((ctx.button(label(ctx, c.insee), f"commune:{c.insee}"),) for c in suggestions[:6])
    ctx.say(ctx.t("commune_choose"), (*rows, *nav))


def _picked(ctx: Context, action: Button, dept: str | None, nav: Keyboard) -> str | None:
    tail = step_command(action) or ""
    commune = ctx.deps.communes.get(tail.removeprefix("commune:"))
    if not tail.startswith("commune:") or commune is None or (dept and commune.dept != dept):
        ctx.say(ctx.t("expected_commune", example=example(ctx)), nav)
        return None
    return commune.insee


def _located(ctx: Context, action: Location, dept: str | None, nav: Keyboard) -> str | None:
    nearest = ctx.deps.communes.nearest(action.lat, action.lon, None)
    if nearest is None or nearest[1] > MAX_KM_FROM_CENTROID or (
        dept is not None and nearest[0].dept != dept
    ):
        ctx.say(ctx.t("location_outside",
                      department=department_label(ctx.campaign, ctx.deps.communes)), nav)
        return None
    return nearest[0].insee
