"""Staff correct a proposal after the fact: reopen a decision, or edit a field once the
technical study refined it. Both audited, the proposer told."""

from __future__ import annotations

import re
from collections.abc import Callable

from flows.dialogues import render
from flows.dialogues.context import Context, is_id
from flows.dialogues.review import (
    actor,
    alert_text,
    decision_keyboard,
    parse_reference,
)
from flows.domain.admissibility import check_cost
from flows.domain.model import Proposal, ProposalFields
from flows.domain.money import AmountError, parse_amount
from flows.domain.textnorm import normalize
from flows.events import Button
from flows.i18n import Safe
from flows.replies import Message
from flows.services import decisions
from flows.services.decisions import (
    Corrected,
    Correction,
    Locked,
    NotDecided,
    NotFound,
    Unchanged,
)

# What staff may type after /modifier REF, in either language, accents and case ignored.
FIELD_NAMES = {
    "titre": "title", "title": "title", "nom": "title", "intitule": "title",
    "cout": "cost", "cost": "cost", "montant": "cost", "prix": "cost", "budget": "cost",
    "commune": "commune", "lieu": "commune", "ville": "commune", "town": "commune",
    "theme": "theme", "categorie": "theme",
}


# "REF field value", "REF field: value" or "REF field=value".
_COMMAND = re.compile(r"(\S+)\s+([^\s=:]+)\s*[=:]?\s*(.*)", re.S)


class Refused(Exception):
    """A value staff typed that cannot be used; the message is ready to show."""


async def locked(ctx: Context) -> bool:
    """Once the vote opens the ballot is fixed: no decision or field changes any more."""
    return await decisions.locked(ctx.uow, ctx.deps.scope, ctx.now)


async def on_button(ctx: Context, action: Button) -> None:
    """'Reopen' or 'Edit' under a decided alert."""
    parts = action.data.split("|")
    proposal = await ctx.uow.proposals.get(int(parts[1])) \
        if len(parts) == 3 and is_id(parts[1]) else None
    if proposal is None or parts[2] not in ("reopen", "edit"):
        ctx.answer(ctx.t("stale_button"))
    elif parts[2] == "reopen":
        await reopen(ctx, proposal, action.message_id)
    else:
        ctx.answer()
        ctx.say(ctx.t("edit_hint", reference=proposal.reference))


async def reopen(ctx: Context, proposal: Proposal, message_id: int) -> None:
    """Back to 'waiting for a decision', with the decision buttons; a double tap does nothing."""
    outcome = await decisions.reopen(ctx.uow, ctx.deps.scope, actor(ctx), proposal.id, ctx.now)
    if isinstance(outcome, NotDecided | NotFound):
        ctx.answer(ctx.t("reopen_already", reference=proposal.reference), alert=True)
    elif isinstance(outcome, Locked):
        ctx.answer(ctx.t("correction_locked", reference=proposal.reference), alert=True)
    else:
        ctx.answer(ctx.t("reopen_done_toast"))
        ctx.send(Message(ctx.campaign.staff.chat_id, alert_text(ctx, proposal) + "\n\n"
                         + ctx.t("reopened_line", who=actor(ctx).label,
                                 previous=Safe(render.status(ctx, outcome.before))),
                         decision_keyboard(ctx, proposal.id), edit_message_id=message_id))


async def edit_command(ctx: Context, args: str) -> None:
    """/modifier BP-2026-0042 cout 18000: correct one field of a proposal."""
    typed = _COMMAND.fullmatch(args.strip())
    reference, field_word, value = typed.groups() if typed else ("", "", "")
    field = FIELD_NAMES.get(normalize(field_word))
    if not reference or not field or not value.strip():
        ctx.say(ctx.t("edit_usage", example=example_reference(ctx)))
        return
    proposal = await ctx.uow.proposals.by_reference(parse_reference(ctx, reference))
    if proposal is None:
        ctx.say(ctx.t("project_unknown", text=reference[:40], example=example_reference(ctx)))
        return
    if await locked(ctx):
        ctx.say(ctx.t("correction_locked", reference=proposal.reference))
        return
    try:
        fields = PARSERS[field](ctx, proposal.fields, value.strip())
    except Refused as refused:
        ctx.say(str(refused))
        return
    outcome = await decisions.correct(ctx.uow, ctx.deps.scope, actor(ctx),
                                      Correction(proposal.reference, field, fields, ctx.now))
    if isinstance(outcome, Unchanged):
        ctx.say(ctx.t("edit_unchanged", reference=proposal.reference,
                      field=Safe(ctx.t(f"field_{field}")), value=VIEWS[field](ctx, fields)))
    elif isinstance(outcome, Locked):
        ctx.say(ctx.t("correction_locked", reference=proposal.reference))
    elif isinstance(outcome, Corrected):
        ctx.say(ctx.t("edit_done", reference=proposal.reference, who=actor(ctx).label,
                      field=Safe(ctx.t(f"field_{field}")),
                      before=VIEWS[field](ctx, proposal.fields), after=VIEWS[field](ctx, fields)))


def example_reference(ctx: Context) -> str:
    return f"{ctx.campaign.reference_prefix}-{ctx.campaign.reference_year()}-0042"


# --- one parser per field: the fields with the new value, or Refused --------------------


def _title(ctx: Context, fields: ProposalFields, value: str) -> ProposalFields:
    title = " ".join(value.split()).strip("«»\"' ")
    limit = ctx.campaign.projects.title_max
    if len(title) < 3 or len(title) > limit:
        raise Refused(ctx.t("edit_bad_title", limit=limit, example=example_reference(ctx)))
    return fields.model_copy(update={"title": title})


def _cost(ctx: Context, fields: ProposalFields, value: str) -> ProposalFields:
    try:
        cost = parse_amount(value)
    except AmountError:
        raise Refused(ctx.t("edit_bad_cost", text=value[:40])) from None
    problem = check_cost(ctx.campaign, cost, ctx.lang)
    if problem is not None:
        raise Refused(ctx.t("edit_cost_out_of_bounds", **problem.values))
    return fields.model_copy(update={"cost": cost})


def _commune(ctx: Context, fields: ProposalFields, value: str) -> ProposalFields:
    found = ctx.deps.communes.search(value, ctx.campaign.department)
    match = found.match or (found.suggestions[0] if len(found.suggestions) == 1 else None)
    if match is None:
        names = ", ".join(f"{c.name} ({c.postal_codes[0] if c.postal_codes else c.dept})"
                          for c in found.suggestions[:6])
        raise Refused(ctx.t("edit_commune_choose", text=value[:40], names=names)
                      if names else ctx.t("edit_bad_commune", text=value[:40]))
    return fields.model_copy(update={"commune": match.insee})


def _theme(ctx: Context, fields: ProposalFields, value: str) -> ProposalFields:
    wanted = normalize(value)
    themes = ctx.campaign.themes
    exact = [t for t in themes if wanted in (t.id, normalize(t.label.get(ctx.lang)))]
    close = exact or [t for t in themes if wanted and any(
        wanted in normalize(t.label.get(lang)) for lang in ("fr", "en"))]
    if len(close) != 1:
        names = ", ".join(t.label.get(ctx.lang) for t in themes)
        raise Refused(ctx.t("edit_bad_theme", text=value[:40], names=names))
    return fields.model_copy(update={"theme": close[0].id})


def _view_title(ctx: Context, fields: ProposalFields) -> str:
    return fields.title or "—"


def _view_cost(ctx: Context, fields: ProposalFields) -> str:
    return render.money(ctx, fields.cost) if fields.cost is not None else "—"


def _view_commune(ctx: Context, fields: ProposalFields) -> str:
    return render.commune(ctx, fields.commune)


def _view_theme(ctx: Context, fields: ProposalFields) -> str:
    theme = ctx.campaign.theme(fields.theme) if fields.theme else None
    return theme.label.get(ctx.lang) if theme else "—"


Parser = Callable[[Context, ProposalFields, str], ProposalFields]
PARSERS: dict[str, Parser] = {"title": _title, "cost": _cost, "commune": _commune,
                              "theme": _theme}
VIEWS: dict[str, Callable[[Context, ProposalFields], str]] = {
    "title": _view_title, "cost": _view_cost, "commune": _view_commune, "theme": _view_theme}
