"""A fast loopback Bot API for benchmarks: answers at once, in the documented shapes.

The test server in tests/botapi/ checks every parameter and renders HTML into entities,
which costs more than the bots under test; this one only records what each chat got.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from aiohttp import web

JSON = dict[str, Any]
_TAG = re.compile(r"<[^>]*>")


@dataclass
class Sent:
    """One message the bot sent (or edited) in a chat."""

    method: str
    text: str
    keyboard: list[list[JSON]]

    def callback_data(self, label: str) -> str | None:
        for row in self.keyboard:
            for button in row:
                if label in button.get("text", ""):
                    return str(button.get("callback_data", ""))
        return None


@dataclass
class Chat:
    messages: list[tuple[int, Sent]] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)


class FastBotApi:
    """`/bot<token>/<method>` on 127.0.0.1; `wait_for(chat, needle)` as a user would read."""

    def __init__(self, token: str, username: str = "budgetbot") -> None:
        self.token = token
        self.bot: JSON = {"id": int(token.split(":")[0]), "is_bot": True,
                          "first_name": username, "username": username,
                          "can_join_groups": True, "can_read_all_group_messages": False,
                          "supports_inline_queries": False}
        self.chats: dict[int, Chat] = defaultdict(Chat)
        self.calls: dict[str, int] = defaultdict(int)
        self.webhook_url = ""
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _params(self, request: web.Request) -> JSON:
        params: JSON = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            form = await request.post()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401,
                                      "description": "Unauthorized"}, status=401)
        method = request.match_info["method"].lower()
        params = await self._params(request)
        self.calls[method] += 1
        answer = self._METHODS.get(method)
        if answer is None:
            return web.json_response({"ok": False, "error_code": 404,
                                      "description": "Not Found"}, status=404)
        return web.json_response({"ok": True, "result": answer(self, params)})

    # --- methods ---------------------------------------------------------------------------

    def _true(self, params: JSON) -> bool:
        return True

    def _get_me(self, params: JSON) -> JSON:
        return self.bot

    def _set_webhook(self, params: JSON) -> bool:
        self.webhook_url = str(params.get("url", ""))
        return True

    def _webhook_info(self, params: JSON) -> JSON:
        return {"url": self.webhook_url, "has_custom_certificate": False,
                "pending_update_count": 0}

    def _chat_member(self, params: JSON) -> JSON:
        user = {"id": int(params["user_id"]), "is_bot": False, "first_name": "User"}
        return {"status": "member", "user": user}

    def _message(self, method: str, params: JSON, text_key: str) -> JSON:
        chat_id = int(params["chat_id"])
        markup = params.get("reply_markup")
        markup_obj = json.loads(markup) if isinstance(markup, str) else markup or {}
        keyboard = markup_obj.get("inline_keyboard", []) if isinstance(markup_obj, dict) else []
        raw = str(params.get(text_key, "") or "")
        text = html.unescape(_TAG.sub("", raw)) if params.get("parse_mode") == "HTML" else raw
        message_id = int(params["message_id"]) if "message_id" in params else next(self._ids)
        chat = self.chats[chat_id]
        chat.messages.append((message_id, Sent(method, text, keyboard)))
        chat.changed.set()
        message: JSON = {"message_id": message_id, "date": int(time.time()), "from": self.bot,
                         "chat": {"id": chat_id,
                                  "type": "private" if chat_id > 0 else "supergroup"}}
        if text_key == "caption":
            message["photo"] = [{"file_id": f"photo{message_id}",
                                 "file_unique_id": f"u{message_id}", "width": 800,
                                 "height": 600}]
            if text:
                message["caption"] = text
        elif text:
            message["text"] = text
        if keyboard:
            message["reply_markup"] = {"inline_keyboard": keyboard}
        return message

    def _send_message(self, params: JSON) -> JSON:
        return self._message("sendMessage", params, "text")

    def _send_photo(self, params: JSON) -> JSON:
        return self._message("sendPhoto", params, "caption")

    def _edit_text(self, params: JSON) -> JSON:
        return self._message("editMessageText", params, "text")

    def _edit_markup(self, params: JSON) -> JSON:
        return self._message("editMessageReplyMarkup", params, "none")

    _METHODS: ClassVar[dict[str, Callable[[FastBotApi, JSON], Any]]] = {
        "getme": _get_me, "setwebhook": _set_webhook, "deletewebhook": _true,
        "getwebhookinfo": _webhook_info, "setmycommands": _true, "answercallbackquery": _true,
        "sendchataction": _true, "getchatmember": _chat_member, "sendmessage": _send_message,
        "sendphoto": _send_photo, "editmessagetext": _edit_text,
        "editmessagereplymarkup": _edit_markup, "deletemessage": _true, "close": _true,
    }

    # --- what users see --------------------------------------------------------------------

    async def wait_for(self, chat_id: int, since: int, needle: str | None,
                       timeout: float = 60.0) -> tuple[int, Sent]:
        """The first message after position `since` (sent, with `needle` if given);
        returns the position after it and the message."""
        chat = self.chats[chat_id]
        deadline = time.monotonic() + timeout
        while True:
            for position in range(since, len(chat.messages)):
                sent = chat.messages[position][1]
                if sent.method.startswith("send") and (needle is None or needle in sent.text):
                    return position + 1, sent
            chat.changed.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                seen = [s.text[:60] for _, s in chat.messages[since:]]
                raise TimeoutError(f"chat {chat_id}: no {needle!r} after {seen}")
            try:
                async with asyncio.timeout(left):
                    await chat.changed.wait()
            except TimeoutError:
                pass

    def last_with_button(self, chat_id: int, label: str) -> tuple[int, str]:
        """(message id, callback data) of the latest message with a button labelled so."""
        for message_id, sent in reversed(self.chats[chat_id].messages):
            data = sent.callback_data(label)
            if data is not None:
                return message_id, data
        raise LookupError(f"chat {chat_id}: no button {label!r}")
