"""Telegram updates as the flows see them, as the Bot API documents them."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Update

from bot.convert import to_event
from flows.events import Command, Migrated, Text, Unsupported

USER = {"id": 501, "is_bot": False, "first_name": "Marie", "language_code": "fr"}
PRIVATE = {"id": 501, "type": "private", "first_name": "Marie"}


def update(message: dict[str, Any]) -> Update:
    body = {"message_id": 1, "date": 1764000000, "chat": PRIVATE, "from": USER, **message}
    return Update.de_json({"update_id": 1, "message": body}, None)


def command_entity(length: int) -> list[dict[str, Any]]:
    return [{"type": "bot_command", "offset": 0, "length": length}]


@pytest.mark.parametrize(
    ("message", "action"),
    [
        ({"text": "/start", "entities": command_entity(6)}, Command("start", "")),
        ({"text": "/voter@budgetbot 12", "entities": command_entity(16)}, Command("voter", "12")),
        ({"text": "/Aide"}, Command("aide", "")),  # a server that sends no entities
        ({"text": "/papier 3 7 12"}, Command("papier", "3 7 12")),
        ({"text": "/start@otherbot"}, Unsupported("foreign_command")),
        ({"text": "/ 12 rue"}, Text("/ 12 rue")),
        ({"text": "1/2 budget"}, Text("1/2 budget")),
        ({"text": "/12"}, Text("/12")),
        ({"text": "/start", "entities": [{"type": "bold", "offset": 0, "length": 6}]},
         Text("/start")),
    ],
)
def test_commands_are_read_with_or_without_entities(message: dict[str, Any],
                                                    action: object) -> None:
    event = to_event(update(message), "budgetbot")
    assert event is not None
    assert event[1] == action


def test_both_migration_service_messages_name_the_old_and_new_ids() -> None:
    group = {"id": -42, "type": "group", "title": "Équipe"}
    supergroup = {"id": -100_42, "type": "supergroup", "title": "Équipe"}
    old = to_event(update({"chat": group, "migrate_to_chat_id": -100_42}), "budgetbot")
    new = to_event(update({"chat": supergroup, "migrate_from_chat_id": -42}), "budgetbot")
    assert old is not None and new is not None
    assert old[1] == new[1] == Migrated(-42, -100_42)
    assert (old[0].chat_id, new[0].chat_id) == (-42, -100_42)


def test_the_sender_carries_the_names_telegram_gives() -> None:
    full = {**USER, "last_name": "Dupont", "username": "marie_d"}
    event = to_event(update({"from": full, "text": "bonjour"}), "budgetbot")
    assert event is not None
    assert (event[0].first_name, event[0].last_name, event[0].username) == \
        ("Marie", "Dupont", "marie_d")
    bare = to_event(update({"text": "bonjour"}), "budgetbot")
    assert bare is not None and (bare[0].last_name, bare[0].username) == ("", "")
