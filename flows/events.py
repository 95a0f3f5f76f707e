"""What a person did, as the flows see it: no trace of Telegram here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Sender:
    """Who acted and where: a private chat or the staff group."""

    user_id: int
    chat_id: int
    language: str = "fr"
    first_name: str = ""
    private: bool = True
    is_staff: bool = False
    last_name: str = ""
    username: str = ""


@dataclass(frozen=True)
class Command:
    name: str
    args: str = ""


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Button:
    """A tap on an inline button of the message `message_id`."""

    data: str
    message_id: int
    callback_id: str


@dataclass(frozen=True)
class Contact:
    phone: str
    contact_user_id: int | None
    forwarded: bool = False


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float


@dataclass(frozen=True)
class Photo:
    file_id: str


@dataclass(frozen=True)
class Unsupported:
    """Anything we cannot use: a sticker, a voice note, a document..."""

    kind: str


@dataclass(frozen=True)
class Migrated:
    """Telegram upgraded a group to a supergroup: same people, a new chat id."""

    from_chat_id: int
    to_chat_id: int


Action = Command | Text | Button | Contact | Location | Photo | Unsupported | Migrated


@dataclass(frozen=True)
class Incoming:
    """One update: its id (for deduplication), who sent it, when and what."""

    update_id: int
    sender: Sender
    action: Action
    at: datetime
