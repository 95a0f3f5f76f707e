"""Which campaign an update belongs to, when one bot serves several, chosen before the
engine runs: a staff group's own campaign; for a private chat, the one it chose (by a start
link, a button, or the commune it typed), else the only one open. `/campagne` switches.

Runs on the global (unscoped) unit of work: the choice and the wish to hear about future
campaigns belong to the whole bot, not to one campaign."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from flows.dialogues.context import Deps
from flows.dialogues.engine import Effect, process, process_new, queue
from flows.dialogues.menu import FUTURE_BUTTON
from flows.dialogues.notices import BROADCAST_PRIORITY
from flows.domain.campaign import PhaseKind
from flows.events import Button, Command, Incoming, Migrated, Text
from flows.i18n import t
from flows.ports import UnitOfWork
from flows.replies import CallbackAnswer, Choice, Keyboard, Message, Reply
from flows.services import phases
from flows.services.campaigns import OPENING_PHASES, Campaigns, is_open, opening_key

PREFIX = "c"  # callback data: c|p|<campaign id> picks a campaign, c|f asks to hear of new ones
PICK, FUTURE = "p", "f"
SWITCH_COMMANDS = frozenset({"campagne", "campaign", "campagnes", "campaigns"})
FUTURE_TOPIC = "campaigns"  # a global subscribers topic: told when a new campaign opens
FORGET_CONFIRMED = "g|forget|yes"  # /oublier confirmed (flows/dialogues/privacy.py)


@dataclass(frozen=True)
class Routed:
    """The campaign an update went to (None: the bot answered it itself) and what to do."""

    deps: Deps | None
    effects: list[Effect]


async def phase_of(deps: Deps, uow: UnitOfWork, at: datetime) -> PhaseKind:
    return await phases.current_phase(uow.in_campaign(deps.campaign.id), deps.campaign, at)


async def open_ones(campaigns: Campaigns[Deps], uow: UnitOfWork, at: datetime) -> list[Deps]:
    return [d for d in campaigns if is_open(await phase_of(d, uow, at))]


async def dispatch(campaigns: Campaigns[Deps], uow: UnitOfWork,
                   incoming: Incoming) -> Routed:
    """Handle one update in the caller's transaction, in the campaign it belongs to."""
    routed = await route(campaigns, uow, incoming)
    action, sender = incoming.action, incoming.sender
    if sender.private and isinstance(action, Button) and action.data == FORGET_CONFIRMED:
        await forget(uow, sender.user_id, sender.chat_id)
    return routed


async def route(campaigns: Campaigns[Deps], uow: UnitOfWork, incoming: Incoming) -> Routed:
    action, sender = incoming.action, incoming.sender
    if isinstance(action, Migrated):
        return await to(campaigns.by_staff_chat(action.from_chat_id) or campaigns.first,
                        uow, incoming)
    if not sender.private:  # a staff group sees and acts on its own campaign only
        return await to(campaigns.by_staff_chat(sender.chat_id) or campaigns.first,
                        uow, incoming)
    if isinstance(action, Command) and action.name.lower() in SWITCH_COMMANDS:
        return await answer_itself(uow, incoming, await listing(campaigns, uow, incoming))
    if isinstance(action, Command) and action.name.lower() == "start" and action.args.strip():
        return await by_link(campaigns, uow, incoming, action.args.strip())
    if isinstance(action, Button) and action.data.split("|", 1)[0] == PREFIX:
        return await on_button(campaigns, uow, incoming, action)
    chosen = campaigns.by_id(await uow.choices.get(sender.chat_id))
    if chosen is not None:
        return await to(chosen, uow, incoming)
    if len(campaigns) == 1:
        return await to(campaigns.first, uow, incoming)
    opened = await open_ones(campaigns, uow, incoming.at)
    if len(opened) <= 1:  # none chosen and no choice to make: the open one, else the latest
        return await to(opened[0] if opened else campaigns.latest(), uow, incoming)
    midway = await in_a_dialogue(opened, uow, sender.chat_id, sender.user_id)
    if len(midway) == 1:  # e.g. begun before the bot served several: carry on there
        await uow.choices.put(sender.chat_id, midway[0].campaign.id, incoming.at)
        return await to(midway[0], uow, incoming)
    if isinstance(action, Text):
        return await answer_itself(uow, incoming, by_commune(campaigns, opened, incoming,
                                                             action.text))
    return await answer_itself(uow, incoming, [ask(opened, incoming)])


async def in_a_dialogue(opened: Sequence[Deps], uow: UnitOfWork, chat_id: int,
                        user_id: int) -> list[Deps]:
    """The campaigns in which this chat left a dialogue midway (a proposal, a ballot)."""
    return [d for d in opened
            if (await uow.in_campaign(d.campaign.id).sessions.load(chat_id, user_id)).flow]


async def forget(uow: UnitOfWork, user_id: int, chat_id: int) -> None:
    """/oublier also erases what the bot keeps outside any campaign about this person."""
    await uow.subscribers.remove(user_id, FUTURE_TOPIC)
    await uow.choices.forget(chat_id)


async def to(deps: Deps, uow: UnitOfWork, incoming: Incoming) -> Routed:
    return Routed(deps, await process(deps, uow, incoming))


async def by_link(campaigns: Campaigns[Deps], uow: UnitOfWork, incoming: Incoming,
                  wanted: str) -> Routed:
    """`/start <campaign id>` from https://t.me/<bot>?start=<id>: that campaign's welcome."""
    picked = campaigns.by_id(wanted.lower())
    if picked is None and len(campaigns) == 1:  # one campaign: any link leads to it
        return await to(campaigns.first, uow, incoming)
    if picked is None:
        return await answer_itself(uow, incoming, [choices_message(
            campaigns, await open_ones(campaigns, uow, incoming.at), incoming,
            "campaign_unknown_link", None)])
    await uow.choices.put(incoming.sender.chat_id, picked.campaign.id, incoming.at)
    return await to(picked, uow, replace(incoming, action=Command("start")))


async def on_button(campaigns: Campaigns[Deps], uow: UnitOfWork, incoming: Incoming,
                    button: Button) -> Routed:
    if not await uow.updates.first_time(incoming.update_id, incoming.at):
        return Routed(None, [])  # a repeated tap: the first one did the work
    parts = button.data.split("|", 2)
    lang = incoming.sender.language
    answered = CallbackAnswer(button.callback_id, "", False)
    picked = campaigns.by_id(parts[2]) if len(parts) == 3 and parts[1] == PICK else None
    if picked is not None:
        await uow.choices.put(incoming.sender.chat_id, picked.campaign.id, incoming.at)
        await queue(uow, [cleared(incoming, button)])
        effects = await process_new(picked, uow.in_campaign(picked.campaign.id),
                                    replace(incoming, action=Command("start")))
        return Routed(picked, [answered, *effects])
    if parts[1:2] == [FUTURE]:
        added = await uow.subscribers.add(incoming.sender.user_id, incoming.sender.chat_id,
                                          lang, FUTURE_TOPIC)
        text = t(lang, "campaign_future_added" if added else "campaign_future_already")
        return Routed(None, [answered, *await queue(uow, [cleared(incoming, button),
                                                          Message(incoming.sender.chat_id,
                                                                  text)])])
    # "others", or data from an older version of the bot: every campaign, to choose again
    listed = await listing(campaigns, uow, incoming)
    return Routed(None, [answered, *await queue(uow, [cleared(incoming, button), *listed])])


def cleared(incoming: Incoming, button: Button) -> Message:
    """The tapped message loses its buttons: a choice is made once."""
    return Message(incoming.sender.chat_id, "", (), edit_message_id=button.message_id)


async def answer_itself(uow: UnitOfWork, incoming: Incoming,
                        replies: Sequence[Reply]) -> Routed:
    """The bot answers without entering a campaign (asking which one, or listing them)."""
    if not await uow.updates.first_time(incoming.update_id, incoming.at):
        return Routed(None, [])
    return Routed(None, await queue(uow, replies))


def pick(lang: str, deps: Deps, key: str = "btn_campaign") -> tuple[Choice]:
    return (Choice(t(lang, key, campaign=deps.campaign.name.get(lang)),
                   f"{PREFIX}|{PICK}|{deps.campaign.id}"),)


def ask(opened: Sequence[Deps], incoming: Incoming) -> Message:
    """Several open, none chosen yet: one button per open campaign."""
    lang = incoming.sender.language
    keyboard: Keyboard = (*(pick(lang, d) for d in opened), others(lang))
    return Message(incoming.sender.chat_id,
                   t(lang, "campaign_ask", name=incoming.sender.first_name or ""), keyboard)


def others(lang: str) -> tuple[Choice]:
    return (Choice(t(lang, "btn_campaign_others"), f"{PREFIX}|all"),)


def by_commune(campaigns: Campaigns[Deps], opened: Sequence[Deps], incoming: Incoming,
               typed: str) -> list[Reply]:
    """A commune typed before any choice: offer the campaign of its département."""
    lang = incoming.sender.language
    commune = campaigns.first.communes.search(typed, limit=1).match  # a confident one only
    if commune is None:
        return [ask(opened, incoming)]
    theirs = [d for d in opened if d.campaign.department == commune.dept] or \
        campaigns.in_department(commune.dept)
    if not theirs:
        return [choices_message(campaigns, opened, incoming, "campaign_no_commune", None,
                                commune=commune.name)]
    keyboard: Keyboard = (pick(lang, theirs[0]), others(lang))
    return [Message(incoming.sender.chat_id, t(
        lang, "campaign_of_commune", commune=commune.name,
        campaign=theirs[0].campaign.name.get(lang)), keyboard)]


async def listing(campaigns: Campaigns[Deps], uow: UnitOfWork,
                  incoming: Incoming) -> list[Reply]:
    """`/campagne`: every campaign, open ones first; closed ones stay readable."""
    chosen = campaigns.by_id(await uow.choices.get(incoming.sender.chat_id))
    if chosen is None and len(campaigns) == 1:
        chosen = campaigns.first
    opened = await open_ones(campaigns, uow, incoming.at)
    key = "campaign_list_current" if chosen is not None else "campaign_list"
    return [choices_message(campaigns, opened, incoming, key, chosen)]


def choices_message(campaigns: Campaigns[Deps], opened: Sequence[Deps], incoming: Incoming,
                    key: str, chosen: Deps | None, **values: object) -> Message:
    lang = incoming.sender.language
    rows: list[tuple[Choice, ...]] = []
    for deps in [*opened, *(d for d in campaigns if d not in opened)]:
        label = "btn_campaign_current" if deps is chosen else \
            "btn_campaign" if deps in opened else "btn_campaign_closed"
        rows.append(pick(lang, deps, label))
    rows.append((Choice(t(lang, "btn_campaign_future"), FUTURE_BUTTON),))
    campaign = chosen.campaign.name.get(lang) if chosen is not None else ""
    return Message(incoming.sender.chat_id, t(lang, key, campaign=campaign, **values),
                   tuple(rows))


async def announce_openings(campaigns: Campaigns[Deps], uow: UnitOfWork,
                            at: datetime) -> int:
    """A campaign whose proposals or vote began is told, once ever, to whoever asked to hear
    about new campaigns, at broadcast priority; how many messages were queued."""
    queued = 0
    for deps in campaigns:
        phase = await phase_of(deps, uow, at)
        if phase not in OPENING_PHASES:
            continue
        if not await uow.settings.set_once(opening_key(deps.campaign), phase.value):
            continue
        for chat_id, lang in await uow.subscribers.of_topic(FUTURE_TOPIC):
            name = deps.campaign.name.get(lang)
            await uow.outbox.put(Message(chat_id, t(lang, f"campaign_opened_{phase.value}",
                                                    campaign=name),
                                         (pick(lang, deps),), priority=BROADCAST_PRIORITY))
            queued += 1
    return queued
