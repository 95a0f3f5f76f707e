"""Telegram updates into the flows' events: the only place that reads Update objects."""

from __future__ import annotations

import re

from telegram import Message, MessageEntity, Update

from flows.events import (
    Action,
    Button,
    Command,
    Contact,
    Location,
    Migrated,
    Photo,
    Sender,
    Text,
    Unsupported,
)
from flows.i18n import language_of

_UNSUPPORTED = ("sticker", "voice", "video", "video_note", "document", "audio", "animation",
                "poll", "dice", "game", "venue", "story")


def action_of_message(message: Message, bot_username: str) -> Action:
    if message.contact is not None:
        return Contact(message.contact.phone_number, message.contact.user_id,
                       forwarded=message.forward_origin is not None)
    if message.location is not None and message.venue is None:
        return Location(message.location.latitude, message.location.longitude)
    if message.photo:
        return Photo(message.photo[-1].file_id)
    if message.text is not None:
        return _text_or_command(message, bot_username)
    kind = next((k for k in _UNSUPPORTED if getattr(message, k, None)), "other")
    return Unsupported(kind)


# A command as Telegram's clients mark it; used too when a server sends no entities.
_COMMAND = re.compile(r"/[A-Za-z][A-Za-z0-9_]{0,31}(?:@[A-Za-z0-9_]{3,64})?(?=\s|$)")


def _text_or_command(message: Message, bot_username: str) -> Action:
    text = message.text or ""
    entity = message.entities[0] if message.entities else None
    if entity is not None and entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
        length: int | None = entity.length
    elif not message.entities and (found := _COMMAND.match(text)):
        length = found.end()
    else:
        length = None
    if length is None:
        return Text(text)
    name, _, target = text[1:length].partition("@")
    if target and target.lower() != bot_username.lower():
        return Unsupported("foreign_command")
    return Command(name.lower(), text[length:].strip())


def _migration(message: Message) -> Migrated | None:
    """The group-to-supergroup service messages (one in each chat)."""
    if message.migrate_to_chat_id is not None:
        return Migrated(message.chat.id, message.migrate_to_chat_id)
    if message.migrate_from_chat_id is not None:
        return Migrated(message.migrate_from_chat_id, message.chat.id)
    return None


def to_event(update: Update, bot_username: str) -> tuple[Sender, Action] | None:
    """Who acted and what they did, or None for updates the bot ignores (edits, joins...)."""
    user, chat = update.effective_user, update.effective_chat
    migrated = _migration(update.message) if update.message is not None else None
    if migrated is not None and chat is not None:
        return Sender(user_id=user.id if user else 0, chat_id=chat.id, private=False,
                      first_name=user.first_name if user else ""), migrated
    if user is None or chat is None or user.is_bot:
        return None
    query = update.callback_query
    if query is not None:
        if query.message is None or query.data is None:
            return None
        action: Action = Button(query.data, query.message.message_id, query.id)
    elif update.message is not None:
        action = action_of_message(update.message, bot_username)
    else:
        return None
    sender = Sender(user_id=user.id, chat_id=chat.id, language=language_of(user.language_code),
                    first_name=user.first_name or "", private=chat.type == chat.PRIVATE,
                    last_name=user.last_name or "", username=user.username or "")
    return sender, action


_IN_A_CHAT = ("message", "edited_message", "channel_post", "edited_channel_post",
              "chat_member", "my_chat_member", "chat_join_request", "message_reaction")


def chat_key(update: dict[str, object]) -> int:
    """The chat whose queue a raw update joins (0 for updates tied to no chat)."""
    for kind in _IN_A_CHAT:
        chat = _field(update.get(kind), "chat")
        if isinstance(chat, dict) and isinstance(chat.get("id"), int):
            return int(chat["id"])
    query = update.get("callback_query")
    chat = _field(_field(query, "message"), "chat")
    if isinstance(chat, dict) and isinstance(chat.get("id"), int):
        return int(chat["id"])
    sender = _field(query, "from")
    if isinstance(sender, dict) and isinstance(sender.get("id"), int):
        return int(sender["id"])  # a button under an inline message: the user's own chat
    return 0


def _field(value: object, name: str) -> object:
    return value.get(name) if isinstance(value, dict) else None
