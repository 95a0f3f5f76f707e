"""The vote: declaration, SMS verification, ballot with browsing, review, secret casting."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from flows import menu, places, render, verification
from flows.admissibility import Violation, department_label
from flows.ballot import Candidate, can_add, check_ballot, sections_of
from flows.campaign import PARIS, PhaseKind
from flows.context import Context, nav, step_command
from flows.events import Action, Button, Contact, Text
from flows.i18n import Safe
from flows.model import ProposalStatus
from flows.phones import PhoneError, mask_phone, parse_mobile
from flows.ports import UnitOfWork
from flows.records import Challenge
from flows.replies import Choice, Message, SendSms
from flows.results import territories_for
from flows.session import Session

FLOW = "vote"
PAGE = 5


def me(ctx: Context) -> str:
    return verification.account_hash(ctx.deps.phone_key, ctx.sender.user_id)


async def goto(ctx: Context, step: str) -> None:
    ctx.session.step = step
    ctx.session.nonce += 1
    await PROMPTS[step](ctx)


# --- start and declaration ---------------------------------------------------------------


async def start(ctx: Context) -> None:
    if ctx.phase != PhaseKind.VOTE:
        menu.wrong_phase(ctx, PhaseKind.VOTE)
        return
    if await ctx.uow.voting.has_voted(account_hash=me(ctx)):
        ctx.say(ctx.t("vote_account_already"))
        return
    if not await candidates(ctx):  # no SMS spent on a ballot that cannot be filled
        ctx.say(ctx.t("ballot_no_projects"))
        return
    ctx.session = Session(flow=FLOW, nonce=ctx.session.nonce)
    await goto(ctx, "declare")


async def ask_declare(ctx: Context) -> None:
    rules = ctx.campaign.vote
    department = department_label(ctx.campaign, ctx.deps.communes)
    conditions = [ctx.t("declare_residence", department=department)] \
        if rules.residence == "department" else []
    if rules.min_age:
        conditions.append(ctx.t("declare_age", age=rules.min_age))
    ctx.say(ctx.t("vote_privacy", contact=ctx.campaign.privacy_contact,
                  retention=rules.retention_days))
    ctx.say(ctx.t("vote_declare", conditions=Safe("\n".join(f"• {c}" for c in conditions))),
            nav(ctx, (ctx.button(ctx.t("btn_declare"), "declare"),), back=False))


async def take_declare(ctx: Context, action: Action) -> None:
    if step_command(action) != "declare":
        ctx.say(ctx.t("expected_button"))
        await goto(ctx, "declare")
        return
    await goto(ctx, "residence")


async def ask_residence(ctx: Context) -> None:
    ctx.say(ctx.t("vote_ask_residence", example=places.example(ctx)), nav(ctx))


async def take_residence(ctx: Context, action: Action) -> None:
    within = ctx.campaign.vote.residence == "department"
    insee = await places.resolve(ctx, action, within_department=within, nav=nav(ctx),
                                 residence=True)
    if insee is None:
        return
    ctx.session.data["residence"] = insee
    ctx.say(ctx.t("commune_set", commune=places.label(ctx, insee)))
    await goto(ctx, "phone")


# --- phone number and code ---------------------------------------------------------------


async def ask_phone(ctx: Context) -> None:
    ctx.say(ctx.t("vote_ask_phone"), nav(ctx))
    ctx.say(ctx.t("vote_phone_button_hint"), request_contact=ctx.t("btn_share_phone"))


async def take_phone(ctx: Context, action: Action) -> None:
    if isinstance(action, Contact):
        if action.forwarded or action.contact_user_id != ctx.sender.user_id:
            ctx.say(ctx.t("vote_contact_not_own"), nav(ctx))
            return
        typed = action.phone if action.phone.startswith("+") else "+" + action.phone
    elif isinstance(action, Text):
        typed = action.text
    else:
        ctx.say(ctx.t("vote_phone_expected"), nav(ctx))
        return
    try:
        e164 = parse_mobile(typed, ctx.campaign.phone_regions())
    except PhoneError as exc:
        ctx.say(ctx.t(f"phone_{exc.reason}"), nav(ctx))
        return
    await send_code(ctx, e164)


async def send_code(ctx: Context, e164: str) -> None:
    """Create a fresh challenge and ask the adapter to send it, within every limit."""
    key, account, limits = ctx.deps.phone_key, me(ctx), ctx.campaign.vote.sms
    phone = verification.phone_hash(key, e164)
    now = ctx.now.timestamp()
    sms = ctx.uow.sms
    # From the SMS log, not the current code: the cooldown holds even once the code was
    # erased (/oublier, too many tries).
    last = await sms.last_sent(account)
    since_last = now - last if last is not None else None
    counts = verification.SendCounts(
        number_hour=await sms.sent_since(now - verification.HOUR, phone_hash=phone),
        number_day=await sms.sent_since(now - verification.DAY, phone_hash=phone),
        account_hour=await sms.sent_since(now - verification.HOUR, account_hash=account),
        account_day=await sms.sent_since(now - verification.DAY, account_hash=account),
        campaign_day=await sms.sent_since(day_start(ctx)),
    )
    refusal = verification.refusal(limits, counts, since_last)
    if refusal is not None:
        await refuse_send(ctx, refusal, phone, account, since_last)
        return
    code = verification.new_code()
    await sms.put(Challenge(account, phone, verification.code_hash(key, account, code),
                            now + limits.code_ttl_minutes * 60, 0, now))
    log_id = await sms.log(phone, account, now, "sending")
    ctx.replies.append(SendSms(e164, ctx.t("sms_text", code=code,
                                            minutes=limits.code_ttl_minutes),
                               log_id, account, ctx.sender.chat_id, ctx.lang))
    ctx.session.data["masked"] = mask_phone(e164)
    await goto(ctx, "code")


def day_start(ctx: Context) -> float:
    """Midnight in Paris: the campaign's daily SMS cap follows the local day."""
    local = ctx.now.astimezone(PARIS)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


async def refuse_send(ctx: Context, key: str, phone: str, account: str,
                      since_last: float | None) -> None:
    wait = max(1, math.ceil(ctx.campaign.vote.sms.resend_cooldown_seconds - (since_last or 0)))
    ctx.say(ctx.t(key, seconds=wait), nav(ctx))
    if key == "sms_campaign_cap":
        await ctx.uow.sms.log(phone, account, ctx.now.timestamp(), "capped")
        local_day = datetime.fromtimestamp(day_start(ctx), tz=PARIS).date()
        flag = f"sms_cap_alert:{local_day.isoformat()}"
        if await ctx.uow.settings.get(flag) is None:
            await ctx.uow.settings.put(flag, "1")
            ctx.send(Message(ctx.campaign.staff.chat_id, ctx.speaking(
                ctx.campaign.languages[0]).t("staff_sms_cap", cap=ctx.campaign.vote.sms.daily_cap)))


async def ask_code(ctx: Context) -> None:
    ctx.say(ctx.t("vote_ask_code", masked=ctx.session.data.get("masked", ""),
                  minutes=ctx.campaign.vote.sms.code_ttl_minutes),
            nav(ctx, (ctx.button(ctx.t("btn_resend"), "resend"),
                      ctx.button(ctx.t("btn_other_number"), "renumber")), back=False))


async def take_code(ctx: Context, action: Action) -> None:
    command = step_command(action)
    if command == "renumber":
        await goto(ctx, "phone")
        return
    if command == "resend":
        ctx.say(ctx.t("vote_resend_retype"), nav(ctx))
        await goto(ctx, "phone")
        return
    typed = verification.typed_code(action.text) if isinstance(action, Text) else None
    if typed is None:
        ctx.say(ctx.t("vote_code_expected"), nav(ctx))
        return
    await check_code(ctx, typed)


async def check_code(ctx: Context, typed: str) -> None:
    account, limits = me(ctx), ctx.campaign.vote.sms
    challenge = await ctx.uow.sms.get(account)
    if challenge is None or challenge.expires_at < ctx.now.timestamp():
        ctx.say(ctx.t("vote_code_expired"))
        await goto(ctx, "phone")
        return
    if challenge.attempts >= limits.max_attempts:
        await ctx.uow.sms.delete(account)
        ctx.say(ctx.t("vote_code_locked"))
        await goto(ctx, "phone")
        return
    if not verification.code_matches(ctx.deps.phone_key, account, typed, challenge.code_hash):
        await ctx.uow.sms.count_attempt(account)
        left = limits.max_attempts - challenge.attempts - 1
        if left <= 0:
            await ctx.uow.sms.delete(account)
            ctx.say(ctx.t("vote_code_locked"))
            await goto(ctx, "phone")
        else:
            ctx.say(ctx.t("vote_code_wrong", left=left), nav(ctx))
        return
    await ctx.uow.sms.delete(account)  # single use
    if await ctx.uow.voting.has_voted(phone_hash=challenge.phone_hash):
        ctx.session = Session(nonce=ctx.session.nonce + 1)
        ctx.say(ctx.t("vote_number_already"), remove_reply_keyboard=True)
        return
    ctx.session.data["phone_hash"] = challenge.phone_hash
    ctx.session.data["choices"] = []
    ctx.session.data["page"] = 0
    ctx.say(ctx.t("vote_verified"), remove_reply_keyboard=True)
    await goto(ctx, "ballot")


# --- the ballot --------------------------------------------------------------------------


def territory_of(ctx: Context, insee: str) -> tuple[str, str] | None:
    """(code, name) of a commune's territory: the campaign's own CSV, else its canton."""
    return territories_for(ctx.campaign, ctx.deps.communes, ctx.deps.campaign_dir,
                           [insee]).get(insee)


async def candidates(ctx: Context) -> list[Candidate]:
    """The admissible projects, in reference order."""
    admissible = [p for p in await ctx.uow.proposals.all()
                  if p.status == ProposalStatus.ADMISSIBLE and p.fields.cost is not None]
    territories = territories_for(ctx.campaign, ctx.deps.communes, ctx.deps.campaign_dir,
                                  {p.fields.commune or "" for p in admissible})
    found = []
    for p in admissible:
        assert p.fields.cost is not None
        territory = territories.get(p.fields.commune or "")
        found.append(Candidate(p.id, p.reference, p.fields.title or "",
                               p.fields.description or "", p.fields.cost,
                               p.fields.theme or "", p.fields.commune or "",
                               territory[0] if territory else None, p.fields.photo,
                               territory[1] if territory else None))
    return found


def territories_on_ballot(all_: Sequence[Candidate]) -> list[tuple[str, str]]:
    """The territories that have projects on the ballot, by name."""
    found = {c.territory: c.territory_name or c.territory for c in all_ if c.territory}
    return sorted(found.items(), key=lambda item: item[1])


def voter_territory(ctx: Context) -> str | None:
    territory = territory_of(ctx, str(ctx.session.data.get("residence") or ""))
    return territory[0] if territory else None


def choices(ctx: Context) -> list[int]:
    return [int(c) for c in ctx.session.data.get("choices", [])]


def visible(ctx: Context, all_: Sequence[Candidate]) -> list[Candidate]:
    theme = ctx.session.data.get("theme")
    territory = ctx.session.data.get("territory")
    return [c for c in all_ if (not theme or c.theme == theme)
            and (not territory or c.territory == territory)]


async def show_ballot(ctx: Context, edit: int | None = None,
                      all_: Sequence[Candidate] | None = None) -> None:
    """The ballot screen: a page of projects to tick, where the voter stands, the way on."""
    if all_ is None:
        all_ = await candidates(ctx)
    shown = visible(ctx, all_)
    pages = max(1, math.ceil(len(shown) / PAGE))
    page = max(0, min(int(ctx.session.data.get("page", 0)), pages - 1))
    ctx.session.data["page"] = page
    chosen = set(choices(ctx))
    lines, rows = [], []
    for c in shown[page * PAGE:(page + 1) * PAGE]:
        mark = "☑️" if c.id in chosen else "⬜"
        lines.append(ctx.t("ballot_line", mark=mark, number=c.id, title=c.title,
                           commune=places.label(ctx, c.commune), cost=render.money(ctx, c.cost)))
        # The button says the state wanted, so a double tap asks for the same thing twice.
        wanted = 0 if c.id in chosen else 1
        rows.append((ctx.button(f"{mark} {ctx.t('number', n=c.id)} {c.title[:28]}",
                               f"t:{c.id}:{wanted}"),
                     ctx.button("ℹ️", f"d:{c.id}")))
    pager = []
    if page > 0:
        pager.append(ctx.button("◀️", "page:-1"))
    pager.append(ctx.button(f"{page + 1}/{pages}", "noop"))
    if page < pages - 1:
        pager.append(ctx.button("▶️", "page:1"))
    filters = (ctx.button(ctx.t("btn_filter_theme"), "ft"),
               ctx.button(ctx.t("btn_filter_territory"), "fz"))
    done = (ctx.button(ctx.t("btn_review"), "review"),
            ctx.button(ctx.t("btn_cancel"), "cancel"))
    text = ctx.t("ballot_screen", standing=Safe(standing(ctx, all_)),
                 filter=Safe(filter_label(ctx)),
                 lines=Safe("\n".join(lines) or ctx.t("ballot_empty_filter")))
    keyboard = (*rows, tuple(pager), filters, done)
    if edit is not None:
        ctx.send(Message(ctx.sender.chat_id, text, keyboard, edit_message_id=edit))
    else:
        screens = int(ctx.session.data.get("screens", 0)) + 1
        ctx.session.data["screens"] = screens
        ctx.send(Message(ctx.sender.chat_id, text, keyboard,
                         tag=f"ballot:{ctx.sender.user_id}:{screens}"))


def standing(ctx: Context, all_: Sequence[Candidate]) -> str:
    """'2 of 3 chosen' per section, with the amount where the ballot has a budget."""
    parts = []
    for section, chosen in sections_of(ctx.campaign.vote.sections, all_, choices(ctx),
                                       voter_territory(ctx)):
        key = "standing_exact" if section.min_choices == section.max_choices else "standing_range"
        text = ctx.t(key, count=len(chosen), min=section.min_choices, max=section.max_choices)
        if len(ctx.campaign.vote.sections) > 1:
            text = ctx.t(f"section_{section.scope}") + " : " + text
        if section.max_amount is not None:
            spent = sum((c.cost for c in chosen), Decimal(0))
            text += " — " + ctx.t("standing_amount", spent=render.money(ctx, spent),
                                  limit=render.money(ctx, section.max_amount))
        parts.append(text)
    return "\n".join(parts)


def filter_label(ctx: Context) -> str:
    bits = []
    theme = ctx.campaign.theme(str(ctx.session.data.get("theme") or ""))
    if theme:
        bits.append(theme.label.get(ctx.lang))
    territory = ctx.session.data.get("territory_name")
    if territory:
        bits.append(str(territory))
    return ctx.t("filter_on", filters=" · ".join(bits)) if bits else ""


SCREEN_COMMANDS = ("t:", "page:", "noop", "review", "ft", "fz")


def on_ballot_screen(ctx: Context, command: str) -> bool:
    """A tap on the ballot screen itself, which is edited in place rather than closed."""
    return ctx.session.flow == FLOW and ctx.session.step == "ballot" and \
        command.startswith(SCREEN_COMMANDS)


async def take_ballot(ctx: Context, action: Action) -> None:
    command = step_command(action) or ""
    message_id = action.message_id if isinstance(action, Button) else None
    # Any callback data can be forged: only the exact shapes the screen sends are taken.
    if ticked := re.fullmatch(r"t:([0-9]{1,9}):([01])", command):
        await toggle(ctx, int(ticked[1]), ticked[2] == "1", message_id)
    elif shown := re.fullmatch(r"d:([0-9]{1,9})", command):
        await details(ctx, int(shown[1]))
    elif command in ("page:-1", "page:1"):
        ctx.session.data["page"] = int(ctx.session.data.get("page", 0)) + int(command[5:])
        await show_ballot(ctx, message_id)
    elif command == "ft":
        themes = [ctx.button(t.label.get(ctx.lang)[:30], f"theme:{t.id}")
                  for t in ctx.campaign.themes]
        ctx.say(ctx.t("ballot_pick_theme"), (*((b,) for b in themes),
                                             (ctx.button(ctx.t("btn_all"), "theme:"),)))
    elif command == "fz":
        # Buttons carry an index: a territory code from a campaign CSV may be long.
        zones = territories_on_ballot(await candidates(ctx))
        buttons = [ctx.button(name[:30], f"zone:{i}") for i, (_, name) in enumerate(zones)]
        rows = tuple(tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2))
        ctx.say(ctx.t("ballot_pick_territory"), (*rows, (ctx.button(ctx.t("btn_all"), "zone:"),)))
    elif command.startswith("theme:"):
        ctx.session.data["theme"] = command.split(":", 1)[1] or None
        ctx.session.data["page"] = 0
        await show_ballot(ctx)
    elif command.startswith("zone:"):
        await pick_zone(ctx, command.split(":", 1)[1])
    elif command == "back_to_ballot":
        await show_ballot(ctx)
    elif command == "review":
        await review(ctx)
    elif command == "noop":
        ctx.answer()
    else:
        ctx.say(ctx.t("ballot_use_buttons"))
        await show_ballot(ctx)


async def pick_zone(ctx: Context, index: str) -> None:
    zones = territories_on_ballot(await candidates(ctx))
    chosen = zones[int(index)] if index.isdecimal() and int(index) < len(zones) else None
    ctx.session.data["territory"] = chosen[0] if chosen else None
    ctx.session.data["territory_name"] = chosen[1] if chosen else None
    ctx.session.data["page"] = 0
    await show_ballot(ctx)


async def toggle(ctx: Context, number: int, tick: bool, message_id: int | None) -> None:
    all_ = await candidates(ctx)
    current = choices(ctx)
    if (number in current) == tick:
        ctx.answer(ctx.t("already_taken"))
        return
    if not tick:
        current.remove(number)
    elif not any(c.id == number for c in all_):
        ctx.answer(ctx.t("stale_button"))
        return
    elif violation := can_add(ctx.campaign.vote.sections, all_, current, number,
                              voter_territory(ctx)):
        ctx.answer(ballot_problem(ctx, violation), alert=True)
        return
    else:
        current.append(number)
    ctx.session.data["choices"] = current
    ctx.answer()
    await show_ballot(ctx, message_id, all_)


def ballot_problem(ctx: Context, violation: Violation) -> str:
    values = dict(violation.values)
    for key in ("amount", "limit"):
        if isinstance(values.get(key), Decimal):
            values[key] = render.money(ctx, values[key])  # type: ignore[arg-type]
    return ctx.t(violation.key, **values)


async def details(ctx: Context, number: int) -> None:
    candidate = next((c for c in await candidates(ctx) if c.id == number), None)
    if candidate is None:
        ctx.answer(ctx.t("stale_button"))
        return
    theme = ctx.campaign.theme(candidate.theme)
    text = ctx.t("ballot_details", number=candidate.id, title=candidate.title,
                 description=candidate.description,
                 commune=render.commune(ctx, candidate.commune),
                 cost=render.money(ctx, candidate.cost),
                 theme=theme.label.get(ctx.lang) if theme else "")
    back = ((ctx.button(ctx.t("btn_back_to_ballot"), "back_to_ballot"),),)
    if candidate.photo:
        ctx.send(Message(ctx.sender.chat_id, "", photo=candidate.photo))
    ctx.say(text, back)


async def review(ctx: Context) -> None:
    all_ = await candidates(ctx)
    problems = check_ballot(ctx.campaign.vote.sections, all_, choices(ctx), voter_territory(ctx))
    if problems:
        ctx.answer(ballot_problem(ctx, problems[0]), alert=True)
        return
    await goto(ctx, "review")


async def ask_review(ctx: Context) -> None:
    all_ = {c.id: c for c in await candidates(ctx)}
    lines = [ctx.t("review_line", number=n, title=all_[n].title,
                   cost=render.money(ctx, all_[n].cost)) for n in choices(ctx) if n in all_]
    screens = int(ctx.session.data.get("screens", 0)) + 1
    ctx.session.data["screens"] = screens
    ctx.send(Message(ctx.sender.chat_id, ctx.t("vote_review", lines=Safe("\n".join(lines))),
                     ((ctx.button(ctx.t("btn_confirm_vote"), "confirm"),),
                      (ctx.button(ctx.t("btn_change_vote"), "change"),),
                      (ctx.button(ctx.t("btn_cancel"), "cancel"),)),
                     tag=f"ballot:{ctx.sender.user_id}:{screens}"))


async def take_review(ctx: Context, action: Action) -> None:
    command = step_command(action)
    if command == "change":
        ctx.session.step = "ballot"
        ctx.session.nonce += 1
        await show_ballot(ctx)
    elif command == "confirm":
        await cast(ctx)
    else:
        ctx.say(ctx.t("review_use_buttons"))
        await goto(ctx, "review")


async def cast(ctx: Context) -> None:
    """Voter list and ballot box in this one transaction; then the screens are blanked."""
    all_ = await candidates(ctx)
    picked, territory = choices(ctx), voter_territory(ctx)
    if check_ballot(ctx.campaign.vote.sections, all_, picked, territory):
        await goto(ctx, "ballot")
        return
    residence = str(ctx.session.data.get("residence") or "") or None
    receipt = await ctx.uow.voting.cast(
        str(ctx.session.data["phone_hash"]), me(ctx), ctx.now.date().isoformat(), residence,
        territory, picked)
    await blank_screens(ctx)
    ctx.session = Session(nonce=ctx.session.nonce + 1)
    if receipt is None:
        ctx.say(ctx.t("vote_number_already"))
        return
    ctx.say(ctx.t("vote_cast", receipt=receipt),
            ((Choice(ctx.t("btn_notify_results"), "g|sub|results"),),), secret=True)


async def blank_screens(ctx: Context) -> None:
    """Edit every ballot screen so no choice stays visible in the chat (no proof to sell)."""
    for n in range(1, int(ctx.session.data.get("screens", 0)) + 1):
        sent = await ctx.uow.outbox.message_id(f"ballot:{ctx.sender.user_id}:{n}")
        if sent is not None:
            ctx.send(Message(sent[0], ctx.t("ballot_closed"), edit_message_id=sent[1]))
    if isinstance(ctx.incoming.action, Button):
        ctx.send(Message(ctx.sender.chat_id, ctx.t("ballot_closed"),
                         edit_message_id=ctx.incoming.action.message_id))
    await ctx.uow.outbox.forget_tags(f"ballot:{ctx.sender.user_id}:")


# --- the driver --------------------------------------------------------------------------


PROMPTS = {
    "declare": ask_declare, "residence": ask_residence, "phone": ask_phone, "code": ask_code,
    "ballot": show_ballot, "review": ask_review,
}
TAKES = {
    "declare": take_declare, "residence": take_residence, "phone": take_phone,
    "code": take_code, "ballot": take_ballot, "review": take_review,
}
BACK = {"residence": "declare", "phone": "residence", "code": "phone", "review": "ballot"}


def vote_over(ctx: Context) -> bool:
    """A session begun in the vote phase ends with it: say so and close the dialogue."""
    if ctx.phase == PhaseKind.VOTE:
        return False
    ctx.session = Session(nonce=ctx.session.nonce + 1)
    menu.wrong_phase(ctx, PhaseKind.VOTE)
    return True


async def back(ctx: Context) -> None:
    """One step back (the button or /retour); where there is none, the question again."""
    if ctx.session.step in BACK:
        await goto(ctx, BACK[str(ctx.session.step)])
    else:
        await repeat(ctx)


async def handle(ctx: Context, action: Action) -> None:
    if vote_over(ctx):
        return
    if step_command(action) == "back":
        await back(ctx)
        return
    step = ctx.session.step or "declare"
    await TAKES.get(step, take_declare)(ctx, action)


async def repeat(ctx: Context) -> None:
    if vote_over(ctx):
        return
    step = ctx.session.step or "declare"
    if step == "ballot":
        await show_ballot(ctx)
    else:
        await goto(ctx, step)


async def sms_failed(ctx: Context, log_id: int, account: str) -> None:
    """The gateway did not take the SMS: no attempt is spent, the voter may retry later."""
    await ctx.uow.sms.set_status(log_id, "failed")
    await ctx.uow.sms.delete(account)
    if ctx.session.flow == FLOW:
        ctx.session.step = "phone"
        ctx.session.nonce += 1  # before the buttons below, which must stay valid
    ctx.say(ctx.t("sms_gateway_failed"), nav(ctx))


async def sms_sent(uow: UnitOfWork, log_id: int) -> None:
    await uow.sms.set_status(log_id, "sent")
