"""A citizen withdraws their own proposal before staff examine it: confirmed, audited, and
the staff alert edited to say so."""

from __future__ import annotations

from flows.dialogues import render, review
from flows.dialogues.context import Context
from flows.domain.model import Proposal, ProposalStatus
from flows.i18n import Safe
from flows.replies import Choice, Keyboard, Message

PREFIX = "wd"  # g|wd|ID asks, g|wdy|ID withdraws, g|wdn|ID keeps


def buttons(ctx: Context, proposals: list[Proposal]) -> Keyboard:
    """One "Retirer" button per proposal still waiting for its examination."""
    return tuple((Choice(ctx.t("btn_withdraw", reference=p.reference), f"g|{PREFIX}|{p.id}"),)
                 for p in proposals if p.status == ProposalStatus.SUBMITTED)


async def on_button(ctx: Context, act: str, proposal_id: int) -> None:
    proposal = await ctx.uow.proposals.get(proposal_id)
    if proposal is None or proposal.user_id != ctx.sender.user_id:
        ctx.answer(ctx.t("stale_button"))
        return
    if act == PREFIX:
        ask(ctx, proposal)
    elif act == PREFIX + "n":
        ctx.say(ctx.t("withdraw_kept", reference=proposal.reference))
    else:
        await withdraw(ctx, proposal)


def ask(ctx: Context, proposal: Proposal) -> None:
    if proposal.status != ProposalStatus.SUBMITTED:
        too_late(ctx, proposal)
        return
    ctx.say(ctx.t("withdraw_confirm", reference=proposal.reference,
                  title=proposal.fields.title or ""),
            ((Choice(ctx.t("btn_withdraw_yes"), f"g|{PREFIX}y|{proposal.id}"),),
             (Choice(ctx.t("btn_withdraw_no"), f"g|{PREFIX}n|{proposal.id}"),)))


def too_late(ctx: Context, proposal: Proposal) -> None:
    ctx.say(ctx.t("withdraw_too_late", reference=proposal.reference,
                  status=Safe(render.status(ctx, proposal))))


async def withdraw(ctx: Context, proposal: Proposal) -> None:
    """One atomic update: only the author, only while no decision was taken."""
    if not await ctx.uow.proposals.withdraw(proposal.id, ctx.sender.user_id, ctx.now):
        current = await ctx.uow.proposals.get(proposal.id)
        if current is not None and current.status == ProposalStatus.WITHDRAWN:
            ctx.answer(ctx.t("already_taken"))  # a second tap on "Oui"
        elif current is not None:
            too_late(ctx, current)
        return
    await ctx.uow.audit.record(ctx.now, ctx.sender.user_id, "citizen", "withdrawn",
                               proposal.reference, {})
    ctx.say(ctx.t("withdraw_done", reference=proposal.reference))
    withdrawn = await ctx.uow.proposals.get(proposal.id)
    assert withdrawn is not None
    await tell_staff(ctx, withdrawn)


async def tell_staff(ctx: Context, proposal: Proposal) -> None:
    """Edit the proposal's alert in the staff group (its buttons go); else post a notice."""
    staff = ctx.speaking(review.staff_language(ctx))
    sent = await ctx.uow.outbox.message_id(f"alert:{proposal.id}")
    if sent is None:
        staff.send(Message(ctx.campaign.staff.chat_id,
                           staff.t("withdrawn_notice", reference=proposal.reference)))
        return
    staff.send(Message(sent[0], review.alert_text(staff, proposal) + "\n\n"
                       + staff.t("withdrawn_line"), edit_message_id=sent[1]))
