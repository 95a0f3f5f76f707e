"""What the flows ask an adapter to show: messages, edits, keyboards, callback answers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

# Telegram's limits, in characters: a photo caption, a message.
CAPTION_LIMIT = 1024
TEXT_LIMIT = 4096


@dataclass(frozen=True)
class Choice:
    """An inline button: a label and the callback data (at most 64 bytes)."""

    label: str
    data: str

    def __post_init__(self) -> None:
        if len(self.data.encode()) > 64:
            raise ValueError(f"callback data over 64 bytes: {self.data!r}")


Keyboard = tuple[tuple[Choice, ...], ...]


@dataclass(frozen=True)
class Message:
    """A new message (HTML text) to a chat, or a replacement of one it sent before."""

    chat_id: int
    text: str
    keyboard: Keyboard = ()
    photo: str | None = None
    photo_png: bytes | None = None
    request_contact: str | None = None
    request_location: str | None = None
    remove_reply_keyboard: bool = False
    edit_message_id: int | None = None
    tag: str | None = None
    priority: int = 0
    # Ties this chat to a ballot (its receipt): once out, the database files are scrubbed.
    secret: bool = False

    def __repr__(self) -> str:
        return f"Message(chat_id={self.chat_id}, text={self.text[:40]!r})"

    def parts(self) -> tuple[Message, ...]:
        """What goes out as one Telegram message each: a photo whose text overflows its
        caption is the bare photo, then the text; a text over Telegram's limit is cut at
        line breaks. The last part carries the buttons (and the tag)."""
        if self.edit_message_id is not None:
            return (self,)
        if self.photo or self.photo_png:
            if len(self.text) <= CAPTION_LIMIT:
                return (self,)
            bare = Message(self.chat_id, "", photo=self.photo, photo_png=self.photo_png,
                           priority=self.priority)
            return bare, *replace(self, photo=None, photo_png=None).parts()
        if len(self.text) <= TEXT_LIMIT:
            return (self,)
        *head, last = _cut(self.text, TEXT_LIMIT)
        return (*(Message(self.chat_id, text, priority=self.priority) for text in head),
                replace(self, text=last))

    def __post_init__(self) -> None:
        # Telegram takes one reply_markup per message: inline buttons or a reply keyboard.
        if self.keyboard and (
            self.request_contact or self.request_location or self.remove_reply_keyboard
        ):
            raise ValueError("a message carries inline buttons or a reply keyboard, not both")


_TAG = re.compile(r"<(/?)[a-zA-Z][^>]*>")


def _cut(text: str, limit: int) -> list[str]:
    """Pieces of at most ``limit`` characters, cut after a blank line, else a line break,
    else anywhere, but never inside a tag, an entity or a tag pair."""
    pieces: list[str] = []
    while len(text) > limit:
        at = _cut_point(text[:limit])
        pieces.append(text[:at].rstrip("\n"))
        text = text[at:].lstrip("\n")
    return [*pieces, text]


def _cut_point(window: str) -> int:
    free = _free_ranges(window)

    def splits_nothing(at: int) -> bool:
        return any(start <= at <= end for start, end in free)

    for mark in ("\n\n", "\n"):
        at = window.rfind(mark)
        while at >= len(window) // 2:
            if splits_nothing(at):
                return at
            at = window.rfind(mark, 0, at)
    at = free[-1][1] if free and free[-1][1] > 0 else len(window)
    entity = window.rfind("&", max(0, at - 10), at)
    if entity >= 0 and ";" not in window[entity:at]:
        at = entity or at  # not between "&" and ";"
    return at


def _free_ranges(window: str) -> list[tuple[int, int]]:
    """Stretches where no tag is open and none is being written: a cut there splits nothing."""
    ranges: list[tuple[int, int]] = []
    depth, free_from = 0, 0
    for tag in _TAG.finditer(window):
        if depth == 0:
            ranges.append((free_from, tag.start()))
        depth = max(0, depth + (-1 if tag.group(1) else 1))
        if depth == 0:
            free_from = tag.end()
    if depth == 0:
        unfinished = window.rfind("<")
        end = unfinished if unfinished > window.rfind(">") else len(window)
        ranges.append((free_from, max(free_from, end)))
    return ranges


@dataclass(frozen=True)
class CallbackAnswer:
    callback_id: str
    text: str = ""
    alert: bool = False


@dataclass(frozen=True)
class SendSms:
    """Send a code after the transaction commits; never stored (it holds number and code)."""

    to_e164: str
    text: str
    log_id: int
    account_hash: str
    chat_id: int
    language: str

    def __repr__(self) -> str:  # keeps number and code out of logs and tracebacks
        return f"SendSms(log_id={self.log_id})"


@dataclass(frozen=True)
class StaffChatMoved:
    """The staff group now has this chat id; the adapter uses it from now on."""

    chat_id: int


Reply = Message | CallbackAnswer | SendSms | StaffChatMoved


@dataclass
class Replies:
    """Collects what one handler wants shown, in order."""

    items: list[Reply] = field(default_factory=list)

    def add(self, reply: Reply) -> None:
        self.items.append(reply)


def rows(*choices: Choice, per_row: int = 1) -> Keyboard:
    return tuple(tuple(choices[i : i + per_row]) for i in range(0, len(choices), per_row))
