"""Delivering queued messages: to Telegram, or to a terminal for the demo."""

from __future__ import annotations

import hashlib
from typing import Any, Protocol

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.bot_api import BotApiClient
from flows.replies import CallbackAnswer, Keyboard, Message

UPLOADS_KEPT = 16


class Transport(Protocol):
    async def deliver(self, message: Message) -> int | None:
        """Send or edit; the id of the message sent, if a new one was."""

    async def answer(self, answer: CallbackAnswer) -> None: ...


def inline(keyboard: Keyboard) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(c.label, callback_data=c.data)
                                  for c in row] for row in keyboard])


def markup(message: Message) -> InlineKeyboardMarkup | ReplyKeyboardMarkup | \
        ReplyKeyboardRemove | None:
    if message.request_contact or message.request_location:
        button = KeyboardButton(message.request_contact or message.request_location or "",
                                request_contact=bool(message.request_contact),
                                request_location=bool(message.request_location))
        return ReplyKeyboardMarkup([[button]], resize_keyboard=True, one_time_keyboard=True)
    if message.remove_reply_keyboard:
        return ReplyKeyboardRemove()
    return inline(message.keyboard)


def inline_json(keyboard: Keyboard) -> dict[str, Any] | None:
    """The Bot API's InlineKeyboardMarkup object, as `inline` gives it to PTB."""
    if not keyboard:
        return None
    return {"inline_keyboard": [[{"text": c.label, "callback_data": c.data} for c in row]
                                for row in keyboard]}


def markup_json(message: Message) -> dict[str, Any] | None:
    """The Bot API's reply_markup object, as `markup` gives it to PTB."""
    if message.request_contact or message.request_location:
        button = {"text": message.request_contact or message.request_location or "",
                  "request_contact": bool(message.request_contact),
                  "request_location": bool(message.request_location)}
        return {"keyboard": [[button]], "resize_keyboard": True, "one_time_keyboard": True}
    if message.remove_reply_keyboard:
        return {"remove_keyboard": True}
    return inline_json(message.keyboard)


class TelegramTransport:
    """Sends through the Bot API; 'not modified' edits count as done.

    Messages, edits and button answers go through `BotApiClient` (plain JSON, the bulk of
    what the bot sends); pictures through python-telegram-bot, which does the uploads."""

    def __init__(self, bot: Bot, client: BotApiClient | None = None) -> None:
        self._bot = bot
        self._client = client if client is not None or not BotApiClient.fits(bot.base_url) \
            else BotApiClient(bot.base_url)
        # Telegram's file_id of each picture already uploaded: the same results chart goes
        # to many people, and re-sending an id costs no upload.
        self._uploaded: dict[bytes, str] = {}

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()

    async def deliver(self, message: Message) -> int | None:
        if message.edit_message_id is not None:
            await self._edit(message)
            return None
        if message.photo or message.photo_png:
            # flows split a photo whose text overflows its caption (Message.parts).
            digest = hashlib.sha256(message.photo_png).digest() if message.photo_png else b""
            photo: str | bytes = self._uploaded.get(digest) or message.photo_png or \
                message.photo or ""
            sent = await self._bot.send_photo(
                message.chat_id, photo, caption=message.text or None,
                parse_mode=ParseMode.HTML, reply_markup=markup(message))
            if digest and sent.photo:
                self._remember(digest, sent.photo[-1].file_id)
            return sent.message_id
        result = await self._call("sendMessage", chat_id=message.chat_id, text=message.text,
                                  parse_mode=ParseMode.HTML, reply_markup=markup_json(message))
        return int(result["message_id"])

    async def _call(self, method: str, **params: object) -> Any:
        """A Bot API call answered as plain JSON (only the message id is used of an answer).

        Through python-telegram-bot where the lean client does not fit (a proxy); its method
        names in lower case there: PTB warns when do_api_request is given the spelling of a
        method it wraps, and the Bot API's are case-insensitive."""
        kwargs = {name: value for name, value in params.items() if value is not None}
        if self._client is not None:
            return await self._client.call(method, kwargs)
        return await self._bot.do_api_request(method.lower(), api_kwargs=kwargs)

    def _remember(self, digest: bytes, file_id: str) -> None:
        self._uploaded[digest] = file_id
        while len(self._uploaded) > UPLOADS_KEPT:
            del self._uploaded[next(iter(self._uploaded))]

    async def _edit(self, message: Message) -> None:
        assert message.edit_message_id is not None
        try:
            if message.text:
                await self._call("editMessageText", chat_id=message.chat_id,
                                 message_id=message.edit_message_id, text=message.text,
                                 parse_mode=ParseMode.HTML,
                                 reply_markup=inline_json(message.keyboard))
            else:
                await self._call("editMessageReplyMarkup", chat_id=message.chat_id,
                                 message_id=message.edit_message_id,
                                 reply_markup=inline_json(message.keyboard))
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise

    async def answer(self, answer: CallbackAnswer) -> None:
        await self._call("answerCallbackQuery", callback_query_id=answer.callback_id,
                         text=answer.text or None, show_alert=answer.alert or None)
