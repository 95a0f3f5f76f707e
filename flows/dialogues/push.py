"""The bot speaking first in a voter's private chat: a turn that no update started (an SMS
the gateway refused, a code cut off by a restart), so there is no incoming event to forge."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flows.i18n import Safe, plural, t
from flows.ports import UnitOfWork
from flows.replies import Choice, Keyboard, Message
from flows.session import Session


@dataclass
class Push:
    """What the dialogue helpers need to speak (`say`, `t`, `button`), bound to one chat."""

    chat_id: int
    lang: str
    session: Session
    replies: list[Message] = field(default_factory=list)

    def t(self, key: str, **values: object) -> str:
        return t(self.lang, key, **values)

    def plural(self, key: str, count: int, **values: object) -> Safe:
        return Safe(plural(self.lang, key, count, **values))

    def say(self, text: str, keyboard: Keyboard = (), **extra: object) -> None:
        self.replies.append(Message(self.chat_id, text, keyboard, **extra))  # type: ignore[arg-type]

    def button(self, label: str, action: str) -> Choice:
        """A button valid only while the session stays at this step."""
        return Choice(label, f"s|{self.session.nonce}|{action}")


async def load(uow: UnitOfWork, chat_id: int, language: str) -> Push:
    """The private chat's dialogue (chat id and user id are the same there)."""
    return Push(chat_id, language, await uow.sessions.load(chat_id, chat_id))


async def save(uow: UnitOfWork, push: Push, at: datetime) -> list[Message]:
    """Keep the dialogue where the push left it; the messages to queue."""
    await uow.sessions.save(push.chat_id, push.chat_id, push.session, at)
    return push.replies
