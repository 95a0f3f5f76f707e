"""The staff group's chat id, which changes when Telegram upgrades a group to a supergroup."""

from __future__ import annotations

import json
from dataclasses import replace

from flows.dialogues.context import Context, Deps
from flows.dialogues.review import staff_language
from flows.events import Migrated
from flows.ports import UnitOfWork
from flows.replies import Message, StaffChatMoved

KEY = "staff_chat_moved"


def moved_to(deps: Deps, chat_id: int) -> Deps:
    """The same dependencies, with the campaign's staff group at ``chat_id``."""
    staff = deps.campaign.staff.model_copy(update={"chat_id": chat_id})
    return replace(deps, campaign=deps.campaign.model_copy(update={"staff": staff}))


async def current(deps: Deps, uow: UnitOfWork) -> Deps:
    """Dependencies naming the staff group as it is now, after any upgrade Telegram made."""
    uow = uow.in_campaign(deps.campaign.id)
    stored = await uow.settings.get(KEY)
    if stored is None:
        return deps
    moved = json.loads(stored)
    # An operator who has since put another group in the campaign file is obeyed.
    if moved["from"] != deps.campaign.staff.chat_id:
        return deps
    return moved_to(deps, int(moved["to"]))


async def on_migrated(ctx: Context, action: Migrated) -> None:
    """Follow the staff group to its new id, say so there, and audit it."""
    if action.from_chat_id != ctx.campaign.staff.chat_id:
        return  # another group, or the second of Telegram's two service messages
    await ctx.uow.settings.put(KEY, json.dumps({"from": action.from_chat_id,
                                                "to": action.to_chat_id}))
    await ctx.uow.audit.record(ctx.now, ctx.sender.user_id, ctx.sender.first_name,
                               "staff_chat_moved", str(action.to_chat_id),
                               {"from": action.from_chat_id})
    ctx.replies.append(StaffChatMoved(action.to_chat_id))
    staff = ctx.speaking(staff_language(ctx))
    ctx.send(Message(action.to_chat_id, staff.t("staff_chat_moved", chat_id=action.to_chat_id)))
