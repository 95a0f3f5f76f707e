"""One update in, replies out: deduplicate, load the session, route, save, queue replies."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from flows.dialogues import (
    achievements,
    browse,
    menu,
    paper_ballots,
    places,
    privacy,
    progress_staff,
    proposing,
    publishing,
    push,
    review,
    staff,
    staff_corrections,
    staff_review_queue,
    staffchat,
    vote_opening,
    voting,
    withdrawal,
)
from flows.dialogues.context import Context, Deps, Turn, current_phase, is_id
from flows.dialogues.notices import TelegramNotices
from flows.dialogues.review import staff_language
from flows.domain.campaign import PhaseKind
from flows.events import (
    Action,
    Button,
    Command,
    Contact,
    Incoming,
    Location,
    Migrated,
    Photo,
    Text,
    Unsupported,
)
from flows.i18n import has_text
from flows.ports import UnitOfWork
from flows.replies import CallbackAnswer, Message, Reply, SendSms, StaffChatMoved
from flows.services import code_reports, phases, reminders
from flows.services.notifier import Channel, notify
from flows.session import Session

COMMAND_ALIASES = {
    "start": "start", "menu": "start", "aide": "help", "help": "help", "annuler": "cancel",
    "cancel": "cancel", "stop": "cancel", "proposer": "propose", "propose": "propose",
    "mesprojets": "mine", "myprojects": "mine", "retour": "back", "back": "back",
    "voter": "vote", "vote": "vote", "mesdonnees": "mydata", "mydata": "mydata",
    "oublier": "forget", "forget": "forget", "recu": "receipt", "receipt": "receipt",
    "resultats": "results", "results": "results",
    "projets": "projects", "projects": "projects",
    "realisations": "achievements", "achievements": "achievements",
}

WITHDRAW_ACTS = {withdrawal.PREFIX, withdrawal.PREFIX + "y", withdrawal.PREFIX + "n"}
Effect = CallbackAnswer | SendSms | StaffChatMoved
Handle = Callable[[Context, Action], Awaitable[None]]
Repeat = Callable[[Context], Awaitable[None]]
FLOWS: dict[str, tuple[Handle, Repeat]] = {
    proposing.FLOW: (proposing.handle, proposing.repeat),
    voting.FLOW: (voting.handle, voting.repeat),
}


async def process(deps: Deps, uow: UnitOfWork, incoming: Incoming) -> list[Effect]:
    """Handle one update inside the caller's transaction; messages go to the outbox."""
    uow = uow.in_campaign(deps.campaign.id)  # what it reads and writes is deps' campaign's
    if not await uow.updates.first_time(incoming.update_id, incoming.at):
        return []
    return await process_new(deps, uow, incoming)


async def process_new(deps: Deps, uow: UnitOfWork, incoming: Incoming) -> list[Effect]:
    """`process` for an update already known to be new (see campaign_choice)."""
    sender = incoming.sender
    if isinstance(incoming.action, Migrated):  # a service message: no one's dialogue
        ctx = Context(deps, uow, incoming, Turn(Session(), PhaseKind.CLOSED),
                      language=sender.language)
        await staffchat.on_migrated(ctx, incoming.action)
        return await queue(uow, ctx.replies)
    session = await uow.sessions.load(sender.chat_id, sender.user_id)
    turn = Turn(session, await current_phase(deps, uow, incoming.at))
    ctx = Context(deps, uow, incoming, turn, language=sender.language)
    await route(ctx)
    ctx.answer()
    await uow.sessions.save(sender.chat_id, sender.user_id, ctx.session, incoming.at)
    effects = await queue(uow, ctx.replies)
    await notify(uow, deps.scope, channels(deps))  # what the change means for others
    return effects


async def queue(uow: UnitOfWork, replies: Sequence[Reply]) -> list[Effect]:
    """Messages into the outbox (same transaction); the rest for the adapter to do now."""
    effects: list[Effect] = []
    for reply in replies:
        if isinstance(reply, Message):
            # Each part its own outbox row: a retry after a refusal never resends the other.
            for part in reply.parts():
                await uow.outbox.put(part)
        else:
            effects.append(reply)
    return effects


async def route(ctx: Context) -> None:
    action = ctx.incoming.action
    if ctx.sender.chat_id == ctx.campaign.staff.chat_id:
        await on_staff_group(ctx, action)
    elif ctx.sender.private:
        await on_private(ctx, action)


# Staff group buttons by prefix: decisions, the review queue, corrections, the vote's opening,
# withdrawals of paper entries. Each is answered in the staff's language, for staff only.
STAFF_BUTTONS: dict[str, Callable[[Context, Button], Awaitable[None]]] = {
    review.PREFIX: review.on_button,
    staff_review_queue.PREFIX: staff_review_queue.on_button,
    review.CORRECTION_PREFIX: staff_corrections.on_button,
    vote_opening.PREFIX: staff.on_phase_button,
    paper_ballots.PAPER_BUTTON: paper_ballots.on_button,
    paper_ballots.BOX_BUTTON: paper_ballots.on_button,
    progress_staff.PREFIX: progress_staff.on_button,
    progress_staff.FIX_PREFIX: progress_staff.on_fix_button,
}


async def on_staff_button(ctx: Context, action: Button) -> None:
    """One check for every staff button: forged or tapped by a member who is not staff."""
    ctx = ctx.speaking(staff_language(ctx))
    if not ctx.sender.is_staff:
        ctx.answer(ctx.t("staff_only"), alert=True)
        return
    await STAFF_BUTTONS[action.data.split("|", 1)[0]](ctx, action)


async def on_staff_group(ctx: Context, action: Action) -> None:
    if isinstance(action, Button) and action.data == "rs|publish":
        await publishing.ask_publish(ctx)
    elif isinstance(action, Button) and action.data == "rs|publish!":
        await publishing.publish(ctx)
    elif isinstance(action, Button) and action.data == "rs|keep":
        await publishing.keep_unpublished(ctx)
    elif isinstance(action, Button) and action.data.split("|", 1)[0] in STAFF_BUTTONS:
        await on_staff_button(ctx, action)
    elif isinstance(action, Button):
        ctx.answer(ctx.t("stale_button"))
    elif isinstance(action, Command):
        await staff.on_command(ctx, action)
    elif isinstance(action, Text) and ctx.session.flow == "staff_note" and ctx.sender.is_staff:
        await review.on_note(ctx, action)
    elif isinstance(action, Text | Photo) and ctx.session.flow == progress_staff.FLOW \
            and ctx.sender.is_staff:
        await progress_staff.on_input(ctx.speaking(staff_language(ctx)), action)
    # Other chatter in the staff group is the team talking among themselves: no reply.


async def on_private(ctx: Context, action: Action) -> None:
    if isinstance(action, Command):
        await on_command(ctx, action)
    elif isinstance(action, Button):
        await on_button(ctx, action)
    elif ctx.session.flow in FLOWS:
        handle, repeat = FLOWS[ctx.session.flow]
        if isinstance(action, Unsupported):
            ctx.say(ctx.t(f"unsupported_{action.kind}") if has_text(f"unsupported_{action.kind}")
                    else ctx.t("unsupported"))
            await repeat(ctx)
        elif isinstance(action, Contact) and ctx.session.flow != voting.FLOW:
            ctx.say(ctx.t("unexpected_contact"))
            await repeat(ctx)
        else:
            await handle(ctx, action)
    elif isinstance(action, Text | Location | Photo | Contact | Unsupported):
        ctx.say(ctx.t("not_understood"), menu.menu_keyboard(ctx))


async def on_command(ctx: Context, command: Command) -> None:
    name = COMMAND_ALIASES.get(command.name.lower())
    if name == "start":
        menu.show(ctx, greet=True)
    elif name == "help":
        menu.help_text(ctx)
        if ctx.session.flow in FLOWS:
            await FLOWS[ctx.session.flow][1](ctx)
    elif name == "cancel":
        menu.cancel(ctx)
    elif name == "propose":
        await start_proposal(ctx)
    elif name == "mine":
        await menu.my_proposals(ctx)
    elif name == "back" and ctx.session.flow == proposing.FLOW:
        await proposing.back(ctx)
    elif name == "back" and ctx.session.flow == voting.FLOW:
        await voting.back(ctx)
    elif name == "vote":
        await start_vote(ctx)
    elif name == "mydata":
        await privacy.my_data(ctx)
    elif name == "forget":
        await privacy.forget(ctx)
    elif name == "receipt":
        await privacy.check_receipt(ctx, command.args)
    elif name == "results":
        await publishing.citizen_results(ctx)
    elif name == "projects":
        await browse.start(ctx)
    elif name == "achievements":
        await achievements.start(ctx)
    else:
        ctx.say(ctx.t("unknown_command", command=command.name[:30]), menu.menu_keyboard(ctx))


async def start_proposal(ctx: Context) -> None:
    if ctx.phase != PhaseKind.PROPOSALS:
        menu.wrong_phase(ctx, PhaseKind.PROPOSALS)
    elif ctx.session.flow == proposing.FLOW:
        menu.show(ctx)
    else:
        await proposing.start(ctx)


async def start_vote(ctx: Context) -> None:
    if ctx.session.flow == voting.FLOW:
        menu.show(ctx)
    else:
        await voting.start(ctx)


async def on_button(ctx: Context, button: Button) -> None:
    parts = button.data.split("|", 2)
    # Callback data can be forged: an id is taken only in the shape the bot writes it.
    if parts[0] == "g" and len(parts) == 3 and parts[1] == "fix" and is_id(parts[2]):
        ctx.clear_buttons()
        await proposing.resume_fix(ctx, int(parts[2]))
        return
    if parts[0] == "g" and len(parts) == 3 and parts[1] == "sub" and parts[2] == "results":
        ctx.clear_buttons()
        added = await ctx.uow.subscribers.add(ctx.sender.user_id, ctx.sender.chat_id, ctx.lang,
                                              "results")
        ctx.say(ctx.t("notify_results_added" if added else "notify_results_already"))
        return
    if parts[0] == "g" and len(parts) == 3 and parts[1] in WITHDRAW_ACTS and is_id(parts[2]):
        ctx.clear_buttons()
        await withdrawal.on_button(ctx, parts[1], int(parts[2]))
        return
    if parts[0] == "g" and len(parts) == 3 and parts[1] == "forget":
        ctx.clear_buttons()
        await privacy.forget(ctx, confirmed=parts[2] == "yes")
        return
    if parts[0] == "g" and len(parts) == 3 and parts[1] == "rz":
        await achievements.on_button(ctx, button, parts[2])
        return
    if parts[0] == "g" and len(parts) == 3 and parts[1] in (achievements.FOLLOW,
                                                            achievements.UNFOLLOW) \
            and is_id(parts[2]):
        await achievements.on_follow_button(ctx, parts[1], int(parts[2]))
        return
    if parts[0] == "g" and len(parts) == 3 and parts[1] == "pj":
        await browse.on_button(ctx, button, parts[2])
        return
    if parts[0] != "s" or len(parts) != 3 or parts[1] != str(ctx.session.nonce):
        await stale(ctx, button)
        return
    if not voting.on_ballot_screen(ctx, parts[2]) and not places.is_page_tap(parts[2]):
        ctx.clear_buttons()  # the ballot screen keeps its buttons: it is edited in place
    await on_step_button(ctx, button, parts[2])
    ctx.session.data["last_tap"] = button.message_id


async def on_step_button(ctx: Context, button: Button, command: str) -> None:
    if command == "cancel":
        menu.cancel(ctx)
    elif command.startswith("m:"):
        await on_menu(ctx, command[2:])
    elif ctx.session.flow in FLOWS:
        await FLOWS[ctx.session.flow][0](ctx, button)
    else:
        await stale(ctx, button)


async def stale(ctx: Context, button: Button) -> None:
    """A button from an older message: say so, and show where the person stands."""
    if ctx.session.data.get("last_tap") == button.message_id:
        ctx.answer(ctx.t("already_taken"))  # a double tap: the first one did the work
        return
    ctx.answer(ctx.t("stale_button"))
    if ctx.session.flow in FLOWS:
        await FLOWS[ctx.session.flow][1](ctx)
    else:
        menu.show(ctx)


async def on_menu(ctx: Context, choice: str) -> None:
    if choice == "propose":
        await start_proposal(ctx)
    elif choice == "mine":
        await menu.my_proposals(ctx)
    elif choice == "help":
        menu.help_text(ctx)
    elif choice == "resume" and ctx.session.flow in FLOWS:
        await FLOWS[ctx.session.flow][1](ctx)
    elif choice == "vote":
        await start_vote(ctx)
    elif choice == "results":
        await publishing.citizen_results(ctx)
    elif choice == "projects":
        await browse.start(ctx)
    elif choice == "achievements":
        await achievements.start(ctx)
    elif choice == "restart":  # start afresh: nothing of the abandoned dialogue is kept
        ctx.session = Session(nonce=ctx.session.nonce + 1)
        menu.show(ctx)
    elif choice == "notify":
        added = await ctx.uow.subscribers.add(ctx.sender.user_id, ctx.sender.chat_id, ctx.lang,
                                              "vote")
        ctx.say(ctx.t("notify_added" if added else "notify_already"))
    else:
        menu.show(ctx)


async def after_sms(deps: Deps, uow: UnitOfWork, sms: SendSms, delivered: bool,
                    at: datetime) -> None:
    """Record what the gateway did with a code; on failure tell the voter, at no cost to them."""
    uow = uow.in_campaign(deps.campaign.id)
    if delivered:
        await code_reports.sms_delivered(uow, sms.log_id)
        return
    notice = await code_reports.sms_failed(uow, code_reports.CodeReport(
        sms.log_id, sms.account_hash, sms.chat_id, sms.language))
    if notice is not None:
        told = await push.load(uow, notice.chat_id, notice.language)
        voting.tell_not_sent(told)
        await queue(uow, await push.save(uow, told, at))


async def resolve_lost_sms(deps: Deps, uow: UnitOfWork, at: datetime,
                           before: float | None = None) -> int:
    """At start: codes left at 'sending' by a crash (logged before `before`, if given) are
    failed and their voters told."""
    uow = uow.in_campaign(deps.campaign.id)
    lost = await code_reports.resolve_lost(uow, before)
    for notice in lost.waiting:
        told = await push.load(uow, notice.chat_id, notice.language)
        voting.tell_lost(told)
        await queue(uow, await push.save(uow, told, at))
    return lost.resolved


async def on_tick(deps: Deps, uow: UnitOfWork, at: datetime) -> None:
    """Once a minute: the calendar's phase (the vote's opening told once), the reminder two
    days before the vote closes, then every notice still waiting becomes messages."""
    uow = uow.in_campaign(deps.campaign.id)
    await phases.follow_calendar(uow, deps.scope, at)
    await reminders.remind(uow, deps.scope, at)
    await notify(uow, deps.scope, channels(deps))


def channels(deps: Deps) -> tuple[Channel, ...]:
    """Where notices go: Telegram's outbox (an SMS channel joins here)."""
    return (TelegramNotices(deps),)
