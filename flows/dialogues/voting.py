"""The vote: declaration, SMS verification, ballot with browsing, review, secret casting."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal

from flows.dialogues import menu, places, render
from flows.dialogues.context import Context, Speaker, nav, step_command
from flows.dialogues.push import Push
from flows.domain import ordering, verification
from flows.domain.admissibility import Violation, department_in
from flows.domain.ballot import Candidate
from flows.domain.campaign import PhaseKind
from flows.domain.phones import PhoneError, parse_mobile
from flows.domain.records import CONTACT, TYPED
from flows.events import Action, Button, Contact, Text
from flows.i18n import Safe
from flows.replies import Choice, Message, SendSms
from flows.services import casting, codes, entry
from flows.services.ballot import Ballot, build_ballot
from flows.services.voters import Voter
from flows.session import Session

FLOW = "vote"
PAGE = 5


def voter(ctx: Context) -> Voter:
    return Voter("telegram", str(ctx.sender.user_id))


def me(ctx: Context) -> str:
    return voter(ctx).account_hash(ctx.deps.phone_key)


async def ballot_of(ctx: Context) -> Ballot:
    return await build_ballot(ctx.uow, ctx.deps.scope)


async def goto(ctx: Context, step: str) -> None:
    ctx.session.step = step
    ctx.session.nonce += 1
    await PROMPTS[step](ctx)


# --- start and declaration ---------------------------------------------------------------


async def start(ctx: Context) -> None:
    if ctx.phase != PhaseKind.VOTE:
        menu.wrong_phase(ctx, PhaseKind.VOTE)
        return
    outcome = await entry.begin(ctx.uow, ctx.deps.scope, voter(ctx))
    if not isinstance(outcome, entry.Ready):
        ctx.say(ctx.t(START_REFUSED[type(outcome)]))
        return
    # The language is kept for the reminder to those who never cast (dialogues/reminders.py).
    ctx.session = Session(flow=FLOW, nonce=ctx.session.nonce,
                          data={**ordering.kept(ctx.session), "lang": ctx.lang})
    await goto(ctx, "declare")


START_REFUSED: dict[type, str] = {casting.AlreadyVoted: "vote_account_already",
                                   entry.NoBallot: "ballot_no_projects"}


async def ask_declare(ctx: Context) -> None:
    rules = ctx.campaign.vote
    where = department_in(ctx.campaign, ctx.deps.communes, ctx.lang)
    conditions = [ctx.t("declare_residence", in_department=where)] \
        if rules.residence == "department" else []
    if rules.min_age:
        conditions.append(ctx.t("declare_age", age=rules.min_age))
    ctx.say(ctx.t("vote_privacy", contact=ctx.campaign.privacy_contact,
                  retention=rules.retention_days) + "\n\n" + ctx.t(f"order_{rules.order}"))
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
                                 residence=True, voting=True)
    if insee is None:
        return
    ctx.session.data["residence"] = insee
    ctx.say(ctx.t("commune_set", commune=places.label(ctx, insee)))
    await goto(ctx, "phone")


# --- phone number and code ---------------------------------------------------------------


async def ask_phone(ctx: Context) -> None:
    phone_prompt(ctx)


def phone_prompt(ctx: Speaker) -> None:
    ctx.say(ctx.t("vote_ask_phone"), nav(ctx))
    ctx.say(ctx.t("vote_phone_button_hint"), request_contact=ctx.t("btn_share_phone"))


async def take_phone(ctx: Context, action: Action) -> None:
    if await code_instead(ctx, action):
        return
    if isinstance(action, Contact):
        if action.forwarded or action.contact_user_id != ctx.sender.user_id:
            ctx.say(ctx.t("vote_contact_not_own"), nav(ctx))
            return
        typed = action.phone if action.phone.startswith("+") else "+" + action.phone
        channel = CONTACT
    elif isinstance(action, Text):
        typed, channel = action.text, TYPED
    else:
        ctx.say(ctx.t("vote_phone_expected"), nav(ctx))
        return
    try:
        e164 = parse_mobile(typed, ctx.campaign.phone_regions())
    except PhoneError as exc:
        ctx.say(ctx.t(f"phone_{exc.reason}"), nav(ctx))
        return
    ctx.deps.numbers.keep(me(ctx), e164, ctx.now.timestamp() + 60 * (
        ctx.campaign.vote.sms.code_ttl_minutes))
    ctx.session.data["channel"] = channel  # a new code draws on the same SMS pool
    await send_code(ctx, e164, channel)


async def code_instead(ctx: Context, action: Action) -> bool:
    """The code already received, typed where a number is asked (after "Nouveau code" or
    "Autre numéro" during the cooldown): it is still good, so it is checked. A code with none
    pending is said to be no longer valid (6 digits are never a mobile number)."""
    typed = verification.typed_code(action.text) if isinstance(action, Text) else None
    if typed is None:
        return False
    await check_code(ctx, typed, at_phone=True)
    return True


async def resend(ctx: Context) -> None:
    """'Nouveau code': to the number just given if it is still in memory, else ask it again.
    While the cooldown runs, the code already received stays valid and can be typed."""
    e164 = ctx.deps.numbers.get(me(ctx), ctx.now.timestamp())
    if e164 is None:
        ctx.say(ctx.t("vote_resend_retype"))
        await goto(ctx, "phone")
        return
    nonce = ctx.session.nonce
    channel = CONTACT if ctx.session.data.get("channel") == CONTACT else TYPED
    await send_code(ctx, e164, channel)
    if ctx.session.nonce == nonce:  # refused (too soon...): still at the code step
        await ask_code(ctx, again=True)


async def send_code(ctx: Context, e164: str, channel: str = TYPED) -> None:
    """A fresh code to this number if every limit allows; else why not, and when."""
    outcome = await codes.request_code(ctx.uow, ctx.deps.scope, codes.CodeRequest(
        voter(ctx), e164, channel, ctx.sender.chat_id, ctx.lang, ctx.now))
    if isinstance(outcome, codes.CodeRefused):
        refuse_send(ctx, outcome)
        return
    ctx.replies.append(SendSms(e164, ctx.t("sms_text", code=outcome.code,
                                            minutes=outcome.ttl_minutes),
                               outcome.log_id, me(ctx), ctx.sender.chat_id, ctx.lang))
    ctx.session.data["masked"] = outcome.masked
    await goto(ctx, "code")


# What the voter is told for a refusal, where it is not the refusal's own key: a full pool
# of typed numbers is no fault of theirs, and their own contact still gets a code.
VOTER_TEXT = {"sms_typed_day_cap": "sms_typed_busy", "sms_typed_hour_cap": "sms_typed_busy"}
# The catalog key staff are told a cap with (services/codes.py says when, once a day).
ALERTED = {"sms_campaign_cap": "staff_sms_cap", "sms_typed_day_cap": "staff_sms_typed_day_cap",
           "sms_typed_hour_cap": "staff_sms_typed_hour_cap"}


def refuse_send(ctx: Context, refused: codes.CodeRefused) -> None:
    ctx.say(ctx.t(VOTER_TEXT.get(refused.reason, refused.reason),
                  seconds=refused.wait_seconds), nav(ctx))
    if refused.reason in VOTER_TEXT:
        ctx.say(ctx.t("vote_phone_button_hint"), request_contact=ctx.t("btn_share_phone"))
    if refused.alert is not None:
        alert_staff(ctx, refused.alert)


def alert_staff(ctx: Context, alert: codes.StaffAlert) -> None:
    """Tell staff a cap was reached, with today's figures by channel."""
    limits, staff = ctx.campaign.vote.sms, ctx.speaking(ctx.campaign.languages[0])
    figures = alert.figures
    text = staff.t(ALERTED[alert.reason], cap=limits.daily_cap) + "\n" + staff.t(
        "staff_sms_figures", typed=figures.typed, accounts=figures.typed_accounts,
        refused=figures.refused, contact=figures.contact,
        reserve=max(0, limits.daily_cap - figures.typed - figures.contact),
        typed_cap=limits.typed_pool, hourly_cap=limits.typed_hourly)
    ctx.send(Message(ctx.campaign.staff.chat_id, text))


async def ask_code(ctx: Context, again: bool = False) -> None:
    text = ctx.t("vote_code_still_valid") if again else ctx.t(
        "vote_ask_code", masked=ctx.session.data.get("masked", ""),
        minutes=ctx.campaign.vote.sms.code_ttl_minutes)
    ctx.say(text, nav(ctx, (ctx.button(ctx.t("btn_resend"), "resend"),
                      ctx.button(ctx.t("btn_other_number"), "renumber")), back=False))


async def take_code(ctx: Context, action: Action) -> None:
    command = step_command(action)
    if command == "renumber":
        await goto(ctx, "phone")
        return
    if command == "resend":
        await resend(ctx)
        return
    typed = verification.typed_code(action.text) if isinstance(action, Text) else None
    if typed is None:
        ctx.say(ctx.t("vote_code_expected"), nav(ctx))
        return
    await check_code(ctx, typed)


async def check_code(ctx: Context, typed: str, at_phone: bool = False) -> None:
    """The code typed: the service judges it, this says what came of it. Typed where a number
    is asked (`at_phone`), a code with none pending is said to be no longer valid."""
    outcome = await codes.check_code(ctx.uow, ctx.deps.scope,
                                     codes.CodeCheck(voter(ctx), typed, ctx.now))
    if isinstance(outcome, codes.CodeExpired) and at_phone:
        ctx.say(ctx.t("vote_code_expired"), nav(ctx))
    elif isinstance(outcome, codes.CodeExpired | codes.CodeLocked):
        ctx.say(ctx.t(CODE_GONE[type(outcome)]))
        await goto(ctx, "phone")
    elif isinstance(outcome, codes.WrongCode):
        ctx.say(ctx.t("vote_code_wrong", left=ctx.plural("tries", outcome.left)), nav(ctx))
    elif isinstance(outcome, codes.NumberAlreadyVoted):
        ctx.deps.numbers.forget(me(ctx))
        ctx.session = Session(nonce=ctx.session.nonce + 1)
        ctx.say(ctx.t("vote_number_already"), remove_reply_keyboard=True)
    else:
        ctx.deps.numbers.forget(me(ctx))
        ctx.session.data["phone_hash"] = outcome.phone_hash
        ctx.session.data["choices"] = []
        ctx.session.data["page"] = 0
        ctx.say(ctx.t("vote_verified"), remove_reply_keyboard=True)
        await goto(ctx, "ballot")


CODE_GONE: dict[type, str] = {codes.CodeExpired: "vote_code_expired",
                              codes.CodeLocked: "vote_code_locked"}


# --- the ballot --------------------------------------------------------------------------


def arranged(ctx: Context, all_: Sequence[Candidate]) -> list[Candidate]:
    """The projects in the order this citizen sees them (the campaign's `[vote] order`)."""
    return ordering.arrange(all_, ctx.campaign.vote.order, ordering.seed_of(ctx.session),
                            [t.id for t in ctx.campaign.themes])


def project_count(ctx: Context, count: int, pages: int) -> str:
    """'12 projets sur 3 pages', '1 projet': so a citizen knows there is more to see."""
    key = "ballot_size_none" if count == 0 else "ballot_size_single" if count == 1 else \
        "ballot_size_one_page" if pages == 1 else "ballot_size_pages"
    return ctx.t(key, count=count, pages=pages)


def territories_on_ballot(all_: Sequence[Candidate]) -> list[tuple[str, str]]:
    """The territories that have projects on the ballot, by name."""
    found = {c.territory: c.territory_name or c.territory for c in all_ if c.territory}
    return sorted(found.items(), key=lambda item: item[1])


def residence(ctx: Context) -> str | None:
    """The INSEE code of the commune the voter declared, if the campaign asked for one."""
    return str(ctx.session.data.get("residence") or "") or None


def choices(ctx: Context) -> list[int]:
    return [int(c) for c in ctx.session.data.get("choices", [])]


def visible(ctx: Context, all_: Sequence[Candidate]) -> list[Candidate]:
    theme = ctx.session.data.get("theme")
    territory = ctx.session.data.get("territory")
    return [c for c in all_ if (not theme or c.theme == theme)
            and (not territory or c.territory == territory)]


async def show_ballot(ctx: Context, edit: int | None = None,
                      ballot: Ballot | None = None) -> None:
    """The ballot screen: a page of projects to tick, where the voter stands, the way on."""
    if ballot is None:
        ballot = await ballot_of(ctx)
    shown = visible(ctx, arranged(ctx, ballot.candidates))
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
    counted = project_count(ctx, len(shown), pages)
    text = ctx.t("ballot_screen", standing=Safe(counted + "\n" + standing(ctx, ballot)),
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


def standing(ctx: Context, ballot: Ballot) -> str:
    """'2 of 3 chosen' per section, with the amount where the ballot has a budget."""
    parts = []
    for section, chosen in ballot.chosen_by_section(choices(ctx), residence(ctx)):
        key = "standing_exact" if section.min_choices == section.max_choices else "standing_range"
        text = ctx.t(key, chosen=ctx.plural("chosen", len(chosen)), min=section.min_choices,
                     max=ctx.plural("projects", section.max_choices))
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
        zones = territories_on_ballot((await ballot_of(ctx)).candidates)
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
    zones = territories_on_ballot((await ballot_of(ctx)).candidates)
    chosen = zones[int(index)] if index.isdecimal() and int(index) < len(zones) else None
    ctx.session.data["territory"] = chosen[0] if chosen else None
    ctx.session.data["territory_name"] = chosen[1] if chosen else None
    ctx.session.data["page"] = 0
    await show_ballot(ctx)


async def toggle(ctx: Context, number: int, tick: bool, message_id: int | None) -> None:
    ballot = await ballot_of(ctx)
    current = choices(ctx)
    if (number in current) == tick:
        ctx.answer(ctx.t("already_taken"))
        return
    if not tick:
        current.remove(number)
    elif violation := ballot.why_not_add(current, number, residence(ctx)):
        if violation.key == "ballot_unknown":  # a button from before the ballot changed
            ctx.answer(ctx.t("stale_button"))
        else:
            ctx.answer(ballot_problem(ctx, violation), alert=True)
        return
    else:
        current.append(number)
    ctx.session.data["choices"] = current
    ctx.answer()
    await show_ballot(ctx, message_id, ballot)


def ballot_problem(ctx: Context, violation: Violation) -> str:
    values = dict(violation.values)
    if violation.key in ("ballot_too_few", "ballot_too_many"):  # "3 projets", "1 projet"
        bound = "min" if violation.key == "ballot_too_few" else "max"
        values[bound] = ctx.plural("projects", int(str(values[bound])))
    for key in ("amount", "limit"):
        if isinstance(values.get(key), Decimal):
            values[key] = render.money(ctx, values[key])  # type: ignore[arg-type]
    return ctx.t(violation.key, **values)


async def details(ctx: Context, number: int) -> None:
    candidate = (await ballot_of(ctx)).candidate(number)
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
    problems = (await ballot_of(ctx)).problems(choices(ctx), residence(ctx))
    if problems:
        ctx.answer(ballot_problem(ctx, problems[0]), alert=True)
        return
    await goto(ctx, "review")


async def ask_review(ctx: Context) -> None:
    picked = set(choices(ctx))
    lines = [ctx.t("review_line", number=c.id, title=c.title, cost=render.money(ctx, c.cost))
             for c in arranged(ctx, (await ballot_of(ctx)).candidates) if c.id in picked]
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
    outcome = await casting.cast(ctx.uow, ctx.deps.scope, casting.CastRequest(
        voter(ctx), str(ctx.session.data["phone_hash"]), residence(ctx),
        tuple(choices(ctx)), ctx.now))
    if isinstance(outcome, casting.BallotInvalid):  # the ballot changed under the voter
        await goto(ctx, "ballot")
        return
    await blank_screens(ctx)
    ctx.session = Session(nonce=ctx.session.nonce + 1)
    if isinstance(outcome, casting.AlreadyVoted):
        ctx.say(ctx.t("vote_number_already"))
        return
    ctx.say(ctx.t("vote_cast", receipt=outcome.receipt),
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


def tell_not_sent(push: Push) -> None:
    """The gateway did not take the code's SMS: no try is spent, the voter may retry later."""
    if push.session.flow == FLOW:
        push.session.step = "phone"
        push.session.nonce += 1  # before the buttons below, which must stay valid
    push.say(push.t("sms_gateway_failed"), nav(push))


def tell_lost(push: Push) -> None:
    """A code cut off by a restart: the voter, if still waiting for it, may ask again now."""
    push.say(push.t("sms_lost"))
    if push.session.flow == FLOW and push.session.step in ("phone", "code"):
        push.session.step = "phone"
        push.session.nonce += 1
        phone_prompt(push)
    else:
        push.say(push.t("sms_lost_next"), ((push.button(push.t("btn_vote"), "m:vote"),),))
