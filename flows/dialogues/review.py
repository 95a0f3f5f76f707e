"""Staff rule on proposals in their group: one tap, audited, told to the proposer."""

from __future__ import annotations

from datetime import datetime, timedelta

from flows.dialogues import render
from flows.dialogues.context import Context, is_id
from flows.domain.model import Proposal, ProposalFields, ProposalStatus
from flows.events import Button, Text
from flows.i18n import Safe
from flows.replies import Choice, Keyboard, Message
from flows.services import decisions
from flows.services.actor import Actor
from flows.services.decisions import (
    MIN_NOTE,
    AlreadyDecided,
    Decided,
    DecisionOutcome,
    DecisionRequest,
    NeedsReason,
    NotFound,
    UnknownOriginal,
    clean_note,
    reference_of,
)
from flows.session import Session

PREFIX = "rv"
CORRECTION_PREFIX = "fx"  # reopen or edit a decided proposal (flows/dialogues/staff_corrections.py)
NOTE_WAIT = timedelta(minutes=15)
REFUSAL_FLOW = "staff_refusal"
# The prompt asking again for the note a decision needs.
ACTS = {ProposalStatus.INADMISSIBLE: "rt", ProposalStatus.CHANGES_REQUESTED: "chg",
        ProposalStatus.DUPLICATE: "dup"}


def staff_language(ctx: Context) -> str:
    return ctx.campaign.languages[0] if ctx.campaign.languages else "fr"


def decision_keyboard(ctx: Context, proposal_id: int) -> Keyboard:
    def b(key: str, act: str) -> Choice:
        return Choice(ctx.t(key), f"{PREFIX}|{proposal_id}|{act}")

    return ((b("btn_admissible", "ok"), b("btn_inadmissible", "no")),
            (b("btn_changes", "chg"), b("btn_duplicate", "dup")))


def reasons_keyboard(ctx: Context, proposal_id: int) -> Keyboard:
    reasons = tuple((Choice(r.label.get(ctx.lang)[:60], f"{PREFIX}|{proposal_id}|r:{r.id}"),)
                    for r in ctx.campaign.refusal_reasons)
    return (*reasons,
            (Choice(ctx.t("btn_other_reason"), f"{PREFIX}|{proposal_id}|rt"),
             Choice(ctx.t("btn_back"), f"{PREFIX}|{proposal_id}|back")))


def alert_text(ctx: Context, proposal: Proposal, resubmitted: bool = False,
               key: str | None = None) -> str:
    key = key or ("alert_resubmitted" if resubmitted else "alert_new")
    return ctx.t(key, reference=proposal.reference,
                 details=Safe(render.proposal_details(ctx, proposal.fields, for_staff=True)),
                 proposer=Safe(proposer_label(ctx, proposal)),
                 day=proposal.submitted_at.strftime("%d/%m/%Y"))


def with_account(ctx: Context, fields: ProposalFields) -> ProposalFields:
    """The fields with the sender's Telegram name and @username, kept for staff."""
    name = " ".join(filter(None, (ctx.sender.first_name, ctx.sender.last_name)))
    return fields.model_copy(update={"account_name": name[:120] or None,
                                     "account_username": ctx.sender.username[:64] or None})


def proposer_label(ctx: Context, proposal: Proposal) -> str:
    """'Marie Dupont @marie (user 501)', escaped; parts Telegram did not give are left out."""
    if not proposal.user_id:
        return ctx.t("proposer_forgotten")
    handle = f"@{proposal.fields.account_username}" if proposal.fields.account_username else ""
    name = " ".join(filter(None, (proposal.fields.account_name, handle)))
    return ctx.t("proposer_named" if name else "proposer_account", name=name,
                 user_id=proposal.user_id)


def alert_staff(ctx: Context, proposal: Proposal, resubmitted: bool) -> None:
    """Post the proposal in the staff group, with a photo first when there is one."""
    staff = ctx.speaking(staff_language(ctx))
    chat = ctx.campaign.staff.chat_id
    if proposal.fields.photo:
        staff.send(Message(chat, staff.t("alert_photo", reference=proposal.reference),
                           photo=proposal.fields.photo))
    staff.send(Message(chat, alert_text(staff, proposal, resubmitted),
                       decision_keyboard(staff, proposal.id), tag=f"alert:{proposal.id}"))


async def on_button(ctx: Context, action: Button) -> None:
    """A tap on a decision button in the staff group."""
    parts = action.data.split("|")
    proposal = await ctx.uow.proposals.get(int(parts[1])) if is_id(parts[1]) else None
    if proposal is None or len(parts) != 3:
        ctx.answer(ctx.t("stale_button"))
        return
    if proposal.status != ProposalStatus.SUBMITTED:
        already(ctx, proposal, action.message_id)
        return
    await _act(ctx, proposal, parts[2], action.message_id)


async def _act(ctx: Context, proposal: Proposal, act: str, message_id: int) -> None:
    chat = ctx.sender.chat_id
    if act == "ok":
        await decide(ctx, proposal, ProposalStatus.ADMISSIBLE, None, None, message_id)
    elif act == "no":
        ctx.answer()
        ctx.send(Message(chat, alert_text(ctx, proposal) + "\n\n" + ctx.t("pick_reason"),
                         reasons_keyboard(ctx, proposal.id), edit_message_id=message_id))
    elif act == "back":
        ctx.answer()
        ctx.session = Session(nonce=ctx.session.nonce + 1)
        ctx.send(Message(chat, alert_text(ctx, proposal), decision_keyboard(ctx, proposal.id),
                         edit_message_id=message_id))
    elif act.startswith("r:") and (reason := ctx.campaign.refusal_reason(act[2:])):
        ask_refusal(ctx, proposal, reason.label.get(ctx.lang), f"R:{reason.id}", message_id)
    elif act.startswith("R:") and (reason := ctx.campaign.refusal_reason(act[2:])):
        note = reason.label.get(proposal.language)
        await decide(ctx, proposal, ProposalStatus.INADMISSIBLE, note, None, message_id)
    elif act == "Rt":
        await confirm_typed_refusal(ctx, proposal)
    elif act in ("rt", "chg", "dup"):
        ctx.answer()
        ctx.session = Session(flow="staff_note", nonce=ctx.session.nonce + 1, data={
            "proposal_id": proposal.id, "act": act, "message_id": message_id,
            "asked_at": ctx.now.isoformat()})
        ctx.say(ctx.t(f"type_{act}", name=ctx.sender.first_name, reference=proposal.reference),
                ((Choice(ctx.t("btn_cancel"), f"{PREFIX}|{proposal.id}|back"),),))
    else:
        ctx.answer(ctx.t("stale_button"))


async def on_note(ctx: Context, action: Text) -> None:
    """The text a staff member typed after choosing 'other reason', 'changes' or 'duplicate'."""
    ctx = ctx.speaking(staff_language(ctx))
    data = ctx.session.data
    asked = datetime.fromisoformat(str(data.get("asked_at") or ctx.now.isoformat()))
    if ctx.now - asked > NOTE_WAIT:
        # Staff talk among themselves in the group: a note asked long ago is forgotten
        # rather than taking an unrelated message as a refusal reason.
        ctx.session = Session(nonce=ctx.session.nonce + 1)
        return
    proposal = await ctx.uow.proposals.get(int(data["proposal_id"]))
    if proposal is None or proposal.status != ProposalStatus.SUBMITTED:
        ctx.session = Session(nonce=ctx.session.nonce + 1)
        if proposal is not None:
            ctx.say(ctx.t("already_withdrawn") if proposal.status == ProposalStatus.WITHDRAWN
                    else ctx.t("already_decided", who=proposal.decided_by or "?"))
        return
    note = clean_note(action.text)
    act, message_id = str(data["act"]), int(data["message_id"])
    if not note or (act != "dup" and len(note) < MIN_NOTE):
        ctx.say(ctx.t(f"type_{act}", name=ctx.sender.first_name, reference=proposal.reference))
        return
    if act == "rt":
        # A refusal waits for a second tap; the note stays in this staff member's session,
        # which no longer takes what they type next as the reason.
        ctx.session = Session(flow=REFUSAL_FLOW, nonce=ctx.session.nonce + 1,
                              data={**data, "note": note})
        ask_refusal(ctx, proposal, note, "Rt", None)
        return
    status = ProposalStatus.DUPLICATE if act == "dup" else ProposalStatus.CHANGES_REQUESTED
    outcome = await decide(ctx, proposal, status, None if act == "dup" else note,
                           note if act == "dup" else None, message_id)
    if isinstance(outcome, UnknownOriginal):
        ctx.say(ctx.t("duplicate_unknown", text=note[:40],
                      example=f"{ctx.campaign.reference_prefix}-"
                              f"{ctx.campaign.reference_year()}-0001"))
        return
    ctx.session = Session(nonce=ctx.session.nonce + 1)


def parse_reference(ctx: Context, typed: str) -> str:
    """'12', '0012' or 'bp-2026-12' all name BP-2026-0012."""
    return reference_of(ctx.campaign, typed)


def actor(ctx: Context) -> Actor:
    return Actor(ctx.sender.user_id, ctx.sender.first_name)


async def decide(
    ctx: Context, proposal: Proposal, status: ProposalStatus, note: str | None,
    duplicate_of: str | None, message_id: int,
) -> DecisionOutcome:
    """Record the decision (the service audits it and tells the proposer); update the alert."""
    outcome = await decisions.decide(ctx.uow, ctx.deps.scope, actor(ctx), DecisionRequest(
        proposal.id, status, ctx.now, note, duplicate_of))
    if isinstance(outcome, Decided):
        ctx.answer(ctx.t("decision_saved"))
        show_decided(ctx, outcome.proposal, message_id)
    elif isinstance(outcome, AlreadyDecided):
        already(ctx, outcome.proposal, message_id)
    elif isinstance(outcome, NotFound):
        ctx.answer(ctx.t("stale_button"))
    elif isinstance(outcome, NeedsReason):
        ctx.say(ctx.t(f"type_{ACTS[status]}", name=ctx.sender.first_name,
                      reference=proposal.reference))
    return outcome


def already(ctx: Context, proposal: Proposal, message_id: int | None) -> None:
    """Someone decided first, or the proposer withdrew it: say so, show it as it is."""
    if proposal.status == ProposalStatus.WITHDRAWN:
        ctx.answer(ctx.t("already_withdrawn"), alert=True)
    else:
        ctx.answer(ctx.t("already_decided", who=proposal.decided_by or "?"), alert=True)
    show_decided(ctx, proposal, message_id)


def show_decided(ctx: Context, proposal: Proposal, message_id: int | None) -> None:
    """The alert with its decision and the ways to correct it (edited in place, or anew)."""
    if proposal.status == ProposalStatus.WITHDRAWN:  # the proposer took it back: nothing to do
        ctx.send(Message(ctx.campaign.staff.chat_id,
                         alert_text(ctx, proposal) + "\n\n" + ctx.t("withdrawn_line"),
                         edit_message_id=message_id))
        return
    ctx.send(Message(ctx.campaign.staff.chat_id, decided_text(ctx, proposal),
                     corrections_keyboard(ctx, proposal.id), edit_message_id=message_id))


def decided_text(ctx: Context, proposal: Proposal, key: str | None = None) -> str:
    line = ctx.t("decided_line", status=Safe(render.status(ctx, proposal)),
                 who=proposal.decided_by or "?")
    return alert_text(ctx, proposal, key=key) + "\n\n" + line


def corrections_keyboard(ctx: Context, proposal_id: int) -> Keyboard:
    return ((Choice(ctx.t("btn_reopen"), f"{CORRECTION_PREFIX}|{proposal_id}|reopen"),
             Choice(ctx.t("btn_edit_proposal"), f"{CORRECTION_PREFIX}|{proposal_id}|edit")),)


def ask_refusal(ctx: Context, proposal: Proposal, reason: str, act: str,
                message_id: int | None) -> None:
    """A refusal is final for the proposer: ask for a second tap, on the alert (edited) or,
    after a typed reason, in a new message where the staff member is reading."""
    ctx.answer()
    text = ctx.t("confirm_refusal", reference=proposal.reference, reason=reason)
    if message_id is not None:
        text = alert_text(ctx, proposal) + "\n\n" + text
    ctx.send(Message(ctx.campaign.staff.chat_id, text,
                     ((Choice(ctx.t("btn_confirm_refusal"), f"{PREFIX}|{proposal.id}|{act}"),
                       Choice(ctx.t("btn_back"), f"{PREFIX}|{proposal.id}|back")),),
                     edit_message_id=message_id))


async def confirm_typed_refusal(ctx: Context, proposal: Proposal) -> None:
    """The second tap on a refusal whose reason was typed, by the one who typed it."""
    data = ctx.session.data
    if ctx.session.flow != REFUSAL_FLOW or data.get("proposal_id") != proposal.id:
        ctx.answer(ctx.t("refusal_not_yours"), alert=True)
        return
    ctx.clear_buttons()
    await decide(ctx, proposal, ProposalStatus.INADMISSIBLE, str(data["note"]), None,
                 int(data["message_id"]))
    ctx.session = Session(nonce=ctx.session.nonce + 1)
