"""What we keep about a person, shown on request, erased on request where it can be."""

from __future__ import annotations

from flows.dialogues import render
from flows.dialogues.context import Context
from flows.domain import ordering, verification
from flows.domain.model import ProposalFields
from flows.i18n import Safe
from flows.replies import Choice
from flows.services import progress
from flows.session import Session

ERASED = "—"
SUBSCRIPTIONS = {"vote": "data_subscribed", "results": "data_subscribed_results"}


async def my_data(ctx: Context) -> None:
    """/mesdonnees: everything stored about this Telegram account, in plain words."""
    account = verification.account_hash(ctx.deps.phone_key, ctx.sender.user_id)
    proposals = await ctx.uow.proposals.of_user(ctx.sender.user_id)
    lines = [ctx.t("data_account", user_id=ctx.sender.user_id)]
    for p in proposals:
        lines.append(ctx.t("data_proposal", reference=p.reference, title=p.fields.title or "",
                           name=p.fields.proposer_name or ERASED,
                           age=p.fields.proposer_age or ERASED,
                           commune=render.commune(ctx, p.fields.proposer_commune)))
    for topic, key in SUBSCRIPTIONS.items():
        if await ctx.uow.subscribers.is_subscribed(ctx.sender.user_id, topic):
            lines.append(ctx.t(key))
    if following := await progress.followed(ctx.uow, ctx.sender.user_id):
        lines.append(ctx.t("data_following",
                           references=", ".join(p.reference for p in following)))
    if await ctx.uow.sms.get(account) is not None:
        lines.append(ctx.t("data_challenge"))
    if await ctx.uow.voting.has_voted(account_hash=account):
        lines.append(ctx.t("data_voted"))
    commune = await ctx.uow.voting.voter_commune(account) or (
        ctx.session.data.get("residence") if ctx.session.flow == "vote" else None)
    if commune:
        lines.append(ctx.t("data_voted_commune", commune=render.commune(ctx, str(commune))))
    if ctx.session.flow:
        lines.append(ctx.t("data_session"))
    if ordering.SEED_KEY in ctx.session.data:
        lines.append(ctx.t("data_order"))
    ctx.say(ctx.t("data_header", items=Safe("\n".join(f"• {line}" for line in lines)),
                  contact=ctx.campaign.privacy_contact))


async def forget(ctx: Context, confirmed: bool | None = None) -> None:
    """/oublier: erase the dialogue, subscriptions, codes, and the proposer's identity."""
    if confirmed is None:
        ctx.say(ctx.t("forget_confirm"), ((Choice(ctx.t("btn_forget_yes"), "g|forget|yes"),),
                                          (Choice(ctx.t("btn_forget_no"), "g|forget|no"),)))
        return
    if not confirmed:
        ctx.say(ctx.t("forget_kept"))
        return
    account = verification.account_hash(ctx.deps.phone_key, ctx.sender.user_id)
    for p in await ctx.uow.proposals.of_user(ctx.sender.user_id):
        anonymous = p.fields.model_copy(update={
            "proposer_name": None, "proposer_age": None, "proposer_commune": None,
            "account_name": None, "account_username": None})
        await ctx.uow.proposals.anonymize(p.id, ProposalFields.model_validate(anonymous),
                                          ctx.now)
    await ctx.uow.audit.forget_actor(ctx.sender.user_id)
    await ctx.uow.subscribers.remove_user(ctx.sender.user_id)
    await ctx.uow.sms.delete(account)
    ctx.deps.numbers.forget(account)
    ctx.session = Session(nonce=ctx.session.nonce + 1)
    voted = await ctx.uow.voting.has_voted(account_hash=account)
    ctx.say(ctx.t("forget_done") + ("\n" + ctx.t("forget_voted") if voted else ""))


async def check_receipt(ctx: Context, receipt: str) -> None:
    """/recu CODE: is this ballot in the box? Never says what it holds."""
    code = receipt.strip().upper()[:40]  # receipts are 8 characters; the echo stays short
    if not code:
        ctx.say(ctx.t("receipt_usage"))
        return
    found = await ctx.uow.voting.receipt_exists(code)
    ctx.say(ctx.t("receipt_found" if found else "receipt_unknown", receipt=code),
            secret=True)
