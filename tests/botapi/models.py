"""Test-side records of the Bot API test server: users, chats, bot messages, answers."""

from __future__ import annotations

import copy
import struct
import time
import zlib
from dataclasses import dataclass, field
from typing import Any, Literal

JSON = dict[str, Any]
MemberStatus = Literal["creator", "administrator", "member", "restricted", "left", "kicked"]


@dataclass
class TgUser:
    """A Telegram user known to the server; its private chat has the same id."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    def to_api(self) -> JSON:
        """The Bot API ``User`` object."""
        data: JSON = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass
class TgChat:
    """A chat: private (id = user id), group or supergroup (negative id)."""

    id: int
    type: Literal["private", "group", "supergroup", "channel"]
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    # user id -> membership status, for getChatMember / getChatAdministrators
    members: dict[int, MemberStatus] = field(default_factory=dict)

    def to_api(self) -> JSON:
        """The Bot API ``Chat`` object."""
        data: JSON = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass
class BotMessage:
    """A message sent by the bot, kept with its current state and its edit history."""

    chat_id: int
    message_id: int
    method: str
    # the Message object as the server returned it last (current text/caption/markup)
    message: JSON
    # reply_markup as sent (inline keyboard, reply keyboard, remove, force_reply) or None
    reply_markup: JSON | None
    # text or caption as sent by the bot, before parse_mode processing
    raw_text: str | None
    parse_mode: str | None
    params: JSON
    history: list[JSON] = field(default_factory=list)
    deleted: bool = False
    # for snapshots returned by wait_for_message: what happened ("sent" or "edited")
    event: Literal["sent", "edited", "live"] = "live"

    @property
    def text(self) -> str | None:
        """Current text (entities parsed, tags stripped), like the real API returns it."""
        value = self.message.get("text")
        return value if isinstance(value, str) else None

    @property
    def caption(self) -> str | None:
        """Current caption of a media message."""
        value = self.message.get("caption")
        return value if isinstance(value, str) else None

    @property
    def content(self) -> str:
        """Text or caption, or empty string."""
        return self.text or self.caption or ""

    @property
    def entities(self) -> list[JSON]:
        """Entities of the text or caption."""
        value = self.message.get("entities") or self.message.get("caption_entities") or []
        return list(value)

    @property
    def edited(self) -> bool:
        """True when the message has been edited at least once."""
        return bool(self.history)

    @property
    def inline_keyboard(self) -> list[list[JSON]]:
        """Rows of inline buttons currently attached (empty if none)."""
        markup = self.message.get("reply_markup") or {}
        return [list(row) for row in markup.get("inline_keyboard", [])]

    @property
    def keyboard(self) -> list[list[JSON]]:
        """Rows of reply-keyboard buttons sent with the message (normalised to objects)."""
        markup = self.reply_markup or {}
        return [
            [b if isinstance(b, dict) else {"text": b} for b in row]
            for row in markup.get("keyboard", [])
        ]

    @property
    def button_texts(self) -> list[str]:
        """Texts of all inline or reply-keyboard buttons, row by row."""
        rows = self.inline_keyboard or self.keyboard
        return [str(b.get("text", "")) for row in rows for b in row]

    def callback_data(self, text: str) -> str:
        """callback_data of the inline button whose text is ``text`` (exact, else substring)."""
        buttons = [b for row in self.inline_keyboard for b in row if "callback_data" in b]
        for match in (lambda b: b["text"] == text, lambda b: text in b["text"]):
            for button in buttons:
                if match(button):
                    return str(button["callback_data"])
        raise KeyError(f"no inline button {text!r} in {[b['text'] for b in buttons]}")

    def snapshot(self, event: Literal["sent", "edited"]) -> BotMessage:
        """A deep copy frozen at the time of ``event``."""
        clone = copy.deepcopy(self)
        clone.event = event
        return clone


@dataclass
class CallbackAnswer:
    """One answerCallbackQuery call."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int | None


@dataclass
class ApiCall:
    """One Bot API request received (method in canonical spelling, decoded parameters)."""

    method: str
    params: JSON
    files: list[str]
    http_method: str
    at: float = field(default_factory=time.monotonic)  # when it arrived, for pace checks


@dataclass
class StoredFile:
    """A file known to the server (uploaded by the bot or injected as user media)."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    mime_type: str | None = None
    file_name: str | None = None


def make_png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (0, 85, 164)) -> bytes:
    """A valid solid-colour PNG image, handy for photo uploads in tests."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    row = b"\x00" + bytes(rgb) * width
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, GIF, JPEG or WebP image, or None if not recognised."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        w, h = struct.unpack(">II", data[16:24])
        return int(w), int(h)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        w, h = struct.unpack("<HH", data[6:10])
        return int(w), int(h)
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP" and len(data) >= 30:
        if data[12:16] == b"VP8 ":
            w, h = struct.unpack("<HH", data[26:30])
            return int(w) & 0x3FFF, int(h) & 0x3FFF
        if data[12:16] == b"VP8L":
            bits = int.from_bytes(data[21:25], "little")
            return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
        if data[12:16] == b"VP8X":
            return (
                int.from_bytes(data[24:27], "little") + 1,
                int.from_bytes(data[27:30], "little") + 1,
            )
        return None
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                return None
            marker = data[i + 1]
            length = struct.unpack(">H", data[i + 2 : i + 4])[0]
            # SOF0..SOF15 carry the frame size, except DHT/JPG/DAC markers
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                h, w = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(w), int(h)
            i += 2 + length
    return None
