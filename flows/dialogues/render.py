"""Shared renderings: amounts, statuses, a proposal's fields. User text is escaped here."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from html import escape as _escape

from flows.dialogues.context import Context
from flows.domain.model import Proposal, ProposalFields
from flows.domain.money import format_amount

escape = partial(_escape, quote=False)


def money(ctx: Context, amount: Decimal | int) -> str:
    return format_amount(amount, ctx.lang)


def commune(ctx: Context, insee: str | None) -> str:
    found = ctx.deps.communes.get(insee) if insee else None
    if found is None:
        return "—"
    canton = f", {ctx.t('canton')} {found.canton_name}" if found.canton_name else ""
    postal = found.postal_codes[0] if found.postal_codes else found.dept
    return f"{found.name} ({postal}{canton})"


def proposal_details(ctx: Context, fields: ProposalFields, for_staff: bool) -> str:
    """The proposal's fields as HTML lines; every piece of user text escaped."""
    theme = ctx.campaign.theme(fields.theme) if fields.theme else None
    lines = [
        f"<b>{escape(fields.title or '—')}</b>",
        escape(fields.description or "—"),
        "",
        f"🏷 {ctx.t('field_theme')} : {escape(theme.label.get(ctx.lang) if theme else '—')}",
        f"📍 {ctx.t('field_commune')} : {escape(commune(ctx, fields.commune))}",
        f"💶 {ctx.t('field_cost')} : "
        f"{escape(money(ctx, fields.cost)) if fields.cost is not None else '—'}",
        f"📷 {ctx.t('field_photo')} : {ctx.t('yes' if fields.photo else 'no')}",
    ]
    for question in ctx.campaign.questions:
        answer = fields.answers.get(question.id)
        shown = "—" if answer is None else ctx.t("yes" if answer else "no")
        lines.append(f"❓ {escape(question.text.get(ctx.lang))} <i>{shown}</i>")
    kind = ctx.t(f"kind_{fields.proposer_kind}") if fields.proposer_kind else "—"
    who = f"👤 {escape(fields.proposer_name or '—')} ({escape(kind)}"
    if fields.proposer_age is not None:
        who += f", {fields.proposer_age} {ctx.t('years')}"
    lines.append(who + f", {escape(commune(ctx, fields.proposer_commune))})")
    return "\n".join(lines)


def status(ctx: Context, proposal: Proposal) -> str:
    text = ctx.t(f"status_{proposal.status.value}")
    if proposal.duplicate_of:
        text += f" ({escape(proposal.duplicate_of)})"
    if proposal.decision_note:
        text += f" — {escape(proposal.decision_note)}"
    return text
