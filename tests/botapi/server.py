"""An in-process Telegram Bot API server for tests (aiohttp, same event loop as the test).

The bot under test talks plain HTTP to it exactly as to api.telegram.org; tests inject user
updates and inspect what the bot sent. See README.md in this folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from aiohttp import ClientSession, ClientTimeout, web
from aiohttp.web_request import FileField

from .formatting import (
    EntityParseError,
    UnsupportedParseMode,
    command_entities,
    parse_text,
    utf16_len,
)
from .models import (
    JSON,
    ApiCall,
    BotMessage,
    CallbackAnswer,
    MemberStatus,
    StoredFile,
    TgChat,
    TgUser,
    image_size,
    make_png,
)

log = logging.getLogger(__name__)

UserRef = TgUser | int
ChatRef = TgChat | TgUser | int
Handler = Callable[["Params"], Awaitable[Any]]

# Update types delivered when allowed_updates is empty or never set (Bot API default).
_DEFAULT_EXCLUDED = {"chat_member", "message_reaction", "message_reaction_count"}
_CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
}  # fmt: skip
_INLINE_BUTTON_KINDS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)  # fmt: skip
_BAD_QUERY = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


class _Default:
    """Sentinel type for 'argument not given'."""


_DEFAULT = _Default()


class ApiError(Exception):
    """An error answer: HTTP status = error_code, with the Bot API error envelope."""

    def __init__(self, error_code: int, description: str, parameters: JSON | None = None):
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def envelope(self) -> JSON:
        """The ``{"ok": false, ...}`` body."""
        body: JSON = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(text: str) -> ApiError:
    """A 400 error with the usual "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {text}")


@dataclass
class Uploaded:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str | None
    data: bytes


class Params:
    """Request parameters from query string, JSON body or form data, with Bot API coercions."""

    def __init__(self, data: JSON, files: dict[str, Uploaded]):
        self.data = data
        self.files = files

    def has(self, name: str) -> bool:
        """True when the parameter was given (and is not null)."""
        return self.data.get(name) is not None

    def get_str(self, name: str, required: bool = False) -> str | None:
        """A string parameter; numbers are accepted and converted like the real API does."""
        value = self.data.get(name)
        if value is None:
            if required:
                raise bad_request(f"{name} is empty")
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (dict, list)):
            return json.dumps(value)
        return str(value)

    def get_int(self, name: str, required: bool = False) -> int | None:
        """An integer parameter ("123" in form data, 123 in JSON)."""
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(f"{name} is empty")
            return None
        if isinstance(value, bool):
            return int(value)
        try:
            return int(float(value)) if isinstance(value, (int, float)) else int(str(value))
        except ValueError as exc:
            raise bad_request(f"invalid {name} specified") from exc

    def get_bool(self, name: str) -> bool:
        """A Boolean parameter ("true"/"1" in form data)."""
        value = self.data.get(name)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes", "on")
        return bool(value)

    def get_json(self, name: str, error: str | None = None) -> Any:
        """A JSON-typed parameter: an object in a JSON body, a JSON string in form data."""
        value = self.data.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError as exc:
                raise bad_request(error or f"can't parse {name} JSON object") from exc
        return value


class BotApiServer:
    """Fake Bot API server: serve the bot over HTTP, let tests inject updates and inspect replies.

    Runs in the caller's event loop (start/stop are coroutines); inject_* are plain methods.
    """

    def __init__(
        self,
        token: str = "123456:TEST-token",
        bot_username: str = "budgetbot",
        bot_name: str = "BudgetBot",
        host: str = "127.0.0.1",
        port: int = 0,
        webhook_retry_delay: float = 0.3,
    ):
        if not re.fullmatch(r"\d+:[A-Za-z0-9_-]+", token):
            raise ValueError("token must look like '<bot id>:<secret>'")
        self.token = token
        self.host = host
        self.port = port
        self.webhook_retry_delay = webhook_retry_delay
        self.bot = TgUser(int(token.split(":")[0]), bot_name, username=bot_username, is_bot=True)

        self.users: dict[int, TgUser] = {}
        self.chats: dict[int, TgChat] = {}
        self.callback_answers: list[CallbackAnswer] = []
        self.chat_actions: list[tuple[int, str]] = []
        self.requests: list[ApiCall] = []
        # called as listener(event, message) for every bot message sent or edited
        self.listeners: list[Callable[[str, BotMessage], None]] = []

        self._next_user_id = 700_000_001
        self._next_group_id = -1_001_000_000_001
        self._migrated: dict[int, int] = {}  # basic group id -> the supergroup it became
        self._next_update_id = 400_000_001
        self._next_callback = 1
        self._message_ids: dict[int, int] = {}
        self._messages: dict[tuple[int, int], BotMessage | JSON] = {}
        self._timeline: dict[int, list[int]] = {}
        self._deleted: set[tuple[int, int]] = set()
        self._events: dict[int, list[BotMessage]] = {}
        self._consumed: dict[int, int] = {}
        self._keyboards: dict[int, JSON | None] = {}
        self._started_chats: set[int] = set()
        self._blocked: set[int] = set()
        self._pending_callbacks: dict[str, JSON] = {}
        self._files: dict[str, StoredFile] = {}
        self._paths: dict[str, str] = {}
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        # (method, chat id or None for any chat) -> seconds each call takes
        self._delays: dict[tuple[str, int | None], float] = {}
        # per method: (error, chat id it is for or None for any chat)
        self._failures: dict[str, list[tuple[ApiError, int | None]]] = {}

        # update queue: [update, delivered, protected]; protected = injected raw, not yet sent
        self._queue: list[list[Any]] = []
        self._allowed_updates: list[str] = []
        self._poll_generation = 0
        self._webhook: JSON | None = None
        self._webhook_error: tuple[int, str] | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._session: ClientSession | None = None
        self._methods: dict[str, tuple[str, Handler]] = {}
        self._register_methods()

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:40123``; use ``{url}/bot`` as PTB's base_url."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder().base_url(...)``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder().base_file_url(...)``."""
        return f"{self.url}/file/bot"

    async def start(self) -> None:
        """Bind (a free port when port=0) and serve in the running event loop."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_not_found)
        self._closing = False
        # long polls are woken on stop, so a short shutdown timeout is enough
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        if self.port == 0 and server is not None:
            sockets = cast(Any, server).sockets
            self.port = int(sockets[0].getsockname()[1])
        self._session = ClientSession(timeout=ClientTimeout(total=10))

    async def stop(self) -> None:
        """Stop webhook delivery, wake long polls and close the HTTP server."""
        self._closing = True
        self._notify()
        await self._stop_webhook_task()
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ test setup

    def add_user(
        self,
        first_name: str = "Marie",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "fr",
        user_id: int | None = None,
        started: bool = True,
    ) -> TgUser:
        """Create a user and its private chat; started=False: the bot may not write first."""
        if user_id is None:
            user_id = self._next_user_id
            self._next_user_id += 1
        user = TgUser(user_id, first_name, last_name, username, language_code)
        self.users[user_id] = user
        self.chats[user_id] = TgChat(
            user_id, "private", username=username, first_name=first_name, last_name=last_name,
            members={user_id: "member", self.bot.id: "member"},
        )  # fmt: skip
        if started:
            self._started_chats.add(user_id)
        return user

    def add_group(
        self,
        title: str = "Staff",
        admins: Iterable[UserRef] = (),
        members: Iterable[UserRef] = (),
        creator: UserRef | None = None,
        username: str | None = None,
        bot_status: MemberStatus = "administrator",
        chat_type: str = "supergroup",
    ) -> TgChat:
        """Create a (super)group with a negative id and the given memberships."""
        chat_id = self._next_group_id
        self._next_group_id -= 1
        if chat_type == "group":
            chat_id = -(abs(chat_id) % 1_000_000_000)
        chat = TgChat(chat_id, cast(Any, chat_type), title=title, username=username)
        for ref in members:
            chat.members[_uid(ref)] = "member"
        for ref in admins:
            chat.members[_uid(ref)] = "administrator"
        if creator is not None:
            chat.members[_uid(creator)] = "creator"
        chat.members[self.bot.id] = bot_status
        self.chats[chat_id] = chat
        return chat

    def migrate_to_supergroup(self, chat: ChatRef, by: UserRef) -> TgChat:
        """Upgrade a basic group, as Telegram does when an admin turns on certain settings:
        a new supergroup id, both service messages, and 400 + migrate_to_chat_id on the old id."""
        old = self._chat(chat)
        if old.type != "group":
            raise ValueError("only a basic group can be migrated")
        new = TgChat(self._next_group_id, "supergroup", title=old.title,
                     members=dict(old.members))
        self._next_group_id -= 1
        self.chats[new.id] = new
        self.inject_message(by, {"migrate_to_chat_id": new.id}, chat=old)
        self._migrated[old.id] = new.id
        self.inject_message(by, {"migrate_from_chat_id": old.id}, chat=new)
        return new

    def set_member_status(self, chat: ChatRef, user: UserRef, status: MemberStatus,
                          by: UserRef | None = None) -> None:
        """Change a user's status in a group (e.g. to "left" or "kicked"). As on Telegram, a
        ``chat_member`` update follows when the bot administers the group (delivered only to a
        bot that names it in allowed_updates), or ``my_chat_member`` for the bot itself."""
        target = self._chat(chat)
        user_id = _uid(user)
        old = self._member_object(target, user_id) if user_id in target.members else None
        target.members[user_id] = status
        if target.type == "private" or (old is not None and old["status"] == status):
            return
        kind = "my_chat_member" if user_id == self.bot.id else "chat_member"
        if kind == "chat_member" and \
                target.members.get(self.bot.id) not in ("creator", "administrator"):
            return
        actor = self.bot if by is None and user_id != self.bot.id else self._user(by or user_id)
        self.inject_update(kind, {
            "chat": target.to_api(), "from": actor.to_api(), "date": _now(),
            "old_chat_member": old or {"status": "left", "user": self._member_object(
                target, user_id)["user"]},
            "new_chat_member": self._member_object(target, user_id),
        })

    def slow_down(self, method: str, seconds: float, chat: ChatRef | None = None) -> None:
        """Every later call of ``method`` (to ``chat`` only, when given) answers after
        ``seconds``; 0 makes it fast again."""
        target = self._chat(chat).id if chat is not None else None
        self._delays[(method.lower(), target)] = seconds

    def block_bot(self, user: UserRef, blocked: bool = True) -> None:
        """Simulate the user blocking the bot: sends to them get 403."""
        (self._blocked.add if blocked else self._blocked.discard)(_uid(user))

    def fail_next(
        self,
        method: str,
        retry_after: int | None = None,
        error_code: int = 429,
        description: str | None = None,
        times: int = 1,
        chat: ChatRef | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail (default: 429 with retry_after);
        with ``chat``, only calls addressed to that chat."""
        if error_code == 429:
            wait = 1 if retry_after is None else retry_after
            error = ApiError(
                429,
                description or f"Too Many Requests: retry after {wait}",
                {"retry_after": wait},
            )
        else:
            params = {"retry_after": retry_after} if retry_after is not None else None
            error = ApiError(error_code, description or "Bad Request", params)
        target = self._chat(chat).id if chat is not None else None
        self._failures.setdefault(method.lower(), []).extend([(error, target)] * times)

    def _take_failure(self, method: str, params: JSON) -> ApiError | None:
        """The planned failure this call meets, if any (consumed)."""
        failures = self._failures.get(method.lower(), [])
        for i, (error, target) in enumerate(failures):
            if target is None or str(params.get("chat_id")) == str(target):
                del failures[i]
                return error
        return None

    def _delay(self, method: str, params: JSON) -> float:
        chat = params.get("chat_id")
        for_chat = self._delays.get((method.lower(), int(chat)), None) \
            if isinstance(chat, int | str) and str(chat).lstrip("-").isdigit() else None
        return for_chat if for_chat is not None else self._delays.get((method.lower(), None), 0.0)

    # ------------------------------------------------------------------ injecting updates

    def inject_message(
        self, user: UserRef, content: JSON, chat: ChatRef | None = None
    ) -> JSON:
        """Queue a ``message`` update from ``user`` with the given content fields."""
        sender = self._user(user)
        target = self._chat(chat if chat is not None else sender.id)
        self._started_chats.add(target.id)
        message: JSON = {
            "message_id": self._new_message_id(target.id),
            "from": sender.to_api(),
            "chat": target.to_api(),
            "date": _now(),
        }
        message.update(copy.deepcopy(content))
        self._store_user_message(message)
        return self.inject_update("message", message)

    def inject_text(
        self,
        user: UserRef,
        text: str,
        chat: ChatRef | None = None,
        reply_to: BotMessage | JSON | None = None,
    ) -> JSON:
        """A text message; /commands get bot_command entities like a real client adds."""
        content: JSON = {"text": text}
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
        if reply_to is not None:
            content["reply_to_message"] = self._reply_snapshot(reply_to)
        return self.inject_message(user, content, chat)

    def inject_contact(
        self,
        user: UserRef,
        phone_number: str,
        contact_user_id: int | _Default | None = _DEFAULT,
        forwarded: bool = False,
        first_name: str | None = None,
        last_name: str | None = None,
        chat: ChatRef | None = None,
    ) -> JSON:
        """A shared contact; by default the sender's own (as via a request_contact button)."""
        sender = self._user(user)
        contact: JSON = {
            "phone_number": phone_number,
            "first_name": first_name or sender.first_name,
        }
        if last_name or (first_name is None and sender.last_name):
            contact["last_name"] = last_name or sender.last_name
        # default: the sender's own contact, or an unknown owner when forwarded
        if isinstance(contact_user_id, _Default):
            owner = None if forwarded else sender.id
        else:
            owner = contact_user_id
        if owner is not None:
            contact["user_id"] = owner
        content: JSON = {"contact": contact}
        if forwarded:
            content["forward_origin"] = {
                "type": "hidden_user", "date": _now() - 60, "sender_user_name": "Anonyme",
            }  # fmt: skip
        return self.inject_message(sender, content, chat)

    def inject_location(
        self, user: UserRef, latitude: float, longitude: float, chat: ChatRef | None = None
    ) -> JSON:
        """A location message (as via a request_location button)."""
        location = {"latitude": latitude, "longitude": longitude}
        return self.inject_message(user, {"location": location}, chat)

    def inject_photo(
        self,
        user: UserRef,
        data: bytes | None = None,
        caption: str | None = None,
        chat: ChatRef | None = None,
    ) -> JSON:
        """A photo message; the image is downloadable by the bot via getFile."""
        data = data if data is not None else make_png(64, 48)
        size = image_size(data) or (64, 48)
        stored = self._store_file(data, "photos", ".jpg", "image/jpeg")
        content: JSON = {"photo": [self._photo_size(stored, size)]}
        if caption is not None:
            content["caption"] = caption
        return self.inject_message(user, content, chat)

    def inject_document(
        self,
        user: UserRef,
        data: bytes,
        file_name: str = "document.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        chat: ChatRef | None = None,
    ) -> JSON:
        """A document message."""
        stored = self._store_file(data, "documents", "." + file_name.rsplit(".", 1)[-1],
                                  mime_type, file_name)
        content: JSON = {"document": self._file_object(stored, file_name=file_name,
                                                       mime_type=mime_type)}
        if caption is not None:
            content["caption"] = caption
        return self.inject_message(user, content, chat)

    def inject_sticker(self, user: UserRef, emoji: str = "👍", chat: ChatRef | None = None) -> JSON:
        """A (static) sticker message."""
        stored = self._store_file(b"RIFF\x00\x00\x00\x00WEBP", "stickers", ".webp", "image/webp")
        sticker = self._file_object(stored, width=512, height=512, emoji=emoji,
                                    type="regular", is_animated=False, is_video=False,
                                    set_name="budgetbot_test")
        return self.inject_message(user, {"sticker": sticker}, chat)

    def inject_voice(
        self, user: UserRef, duration: int = 3, data: bytes | None = None,
        chat: ChatRef | None = None,
    ) -> JSON:  # fmt: skip
        """A voice note message."""
        stored = self._store_file(data or b"OggS\x00fake-opus", "voice", ".oga", "audio/ogg")
        voice = self._file_object(stored, duration=duration, mime_type="audio/ogg")
        return self.inject_message(user, {"voice": voice}, chat)

    def inject_edited_text(self, user: UserRef, original: JSON, text: str) -> JSON:
        """An ``edited_message`` update for a message the user sent earlier."""
        message = copy.deepcopy(original.get("message", original))
        message["text"] = text
        message["edit_date"] = _now()
        entities = command_entities(text)
        message.pop("entities", None)
        if entities:
            message["entities"] = entities
        self._messages[(message["chat"]["id"], message["message_id"])] = message
        return self.inject_update("edited_message", message)

    def inject_callback(
        self,
        user: UserRef,
        message: BotMessage | int,
        data: str,
        chat: ChatRef | None = None,
    ) -> str:
        """Press an inline button: queue a callback_query and return its id."""
        sender = self._user(user)
        if isinstance(message, BotMessage):
            key = (message.chat_id, message.message_id)
        else:
            key = (self._chat(chat if chat is not None else sender.id).id, message)
        record = self._messages.get(key)
        if not isinstance(record, BotMessage):
            raise KeyError(f"no bot message {key}")
        query_id = str(4_000_000_000_000_000 + self._next_callback)
        self._next_callback += 1
        if record.deleted:
            payload: JSON = {"chat": self.chats[key[0]].to_api(), "message_id": key[1], "date": 0}
        else:
            payload = copy.deepcopy(record.message)
        query: JSON = {
            "id": query_id,
            "from": sender.to_api(),
            "message": payload,
            "chat_instance": str(abs(key[0]) * 7 + 1_234_567),
            "data": data,
        }
        self._pending_callbacks[query_id] = query
        self.inject_update("callback_query", query)
        return query_id

    def inject_update(self, kind: str, payload: JSON) -> JSON:
        """Queue an update of any type with a fresh update_id; returns the Update dict."""
        update = {"update_id": self._next_update_id, kind: payload}
        self._next_update_id += 1
        self._queue.append([update, False, False])
        self._notify()
        return update

    def inject_raw(self, update: JSON) -> JSON:
        """Queue ``update`` verbatim (same update_id), e.g. to simulate a redelivery."""
        update = copy.deepcopy(update)
        self._queue.append([update, False, True])
        self._notify()
        return update

    # ------------------------------------------------------------------ inspection

    def sent_messages(self, chat: ChatRef) -> list[BotMessage]:
        """All bot messages in the chat, oldest first (live records, deleted ones included)."""
        chat_id = _cid(chat)
        return [
            m for mid in self._timeline.get(chat_id, [])
            if isinstance(m := self._messages[(chat_id, mid)], BotMessage)
        ]  # fmt: skip

    def last_message(self, chat: ChatRef) -> BotMessage | None:
        """The latest non-deleted bot message in the chat."""
        alive = [m for m in self.sent_messages(chat) if not m.deleted]
        return alive[-1] if alive else None

    def message(self, chat: ChatRef, message_id: int) -> BotMessage | JSON:
        """A message by id: BotMessage for bot messages, the Message dict for user ones."""
        return self._messages[(_cid(chat), message_id)]

    def chat_history(self, chat: ChatRef, include_deleted: bool = False) -> list[JSON]:
        """Current Message dicts of the chat (user and bot), oldest first."""
        chat_id = _cid(chat)
        result = []
        for mid in self._timeline.get(chat_id, []):
            if (chat_id, mid) in self._deleted and not include_deleted:
                continue
            item = self._messages[(chat_id, mid)]
            result.append(item.message if isinstance(item, BotMessage) else item)
        return result

    def reply_keyboard(self, chat: ChatRef) -> JSON | None:
        """The reply keyboard currently shown in the chat (None after remove_keyboard)."""
        return self._keyboards.get(_cid(chat))

    def commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """Commands set by setMyCommands for that scope/language."""
        return list(self._commands.get(_commands_key(scope, language_code), []))

    def file_bytes(self, file_id: str) -> bytes:
        """Content of a stored file (e.g. a photo the bot uploaded)."""
        return self._files[file_id].data

    def calls(self, method: str) -> list[ApiCall]:
        """Requests received for ``method`` (case-insensitive)."""
        return [c for c in self.requests if c.method.lower() == method.lower()]

    @property
    def pending_update_count(self) -> int:
        """Updates queued and not yet confirmed by the bot."""
        return len(self._queue)

    @property
    def webhook_url(self) -> str:
        """Current webhook URL, empty when polling."""
        return str(self._webhook["url"]) if self._webhook else ""

    async def wait_for_message(
        self,
        chat: ChatRef,
        predicate: Callable[[BotMessage], bool] | None = None,
        timeout: float = 10.0,
    ) -> BotMessage:
        """Next not-yet-consumed bot message sent to or edited in the chat, as a snapshot.

        Events up to and including the match are consumed; raises TimeoutError.
        """
        chat_id = _cid(chat)
        found: list[BotMessage] = []

        def check() -> bool:
            events = self._events.get(chat_id, [])
            start = self._consumed.get(chat_id, 0)
            for index in range(start, len(events)):
                if predicate is None or predicate(events[index]):
                    self._consumed[chat_id] = index + 1
                    found.append(events[index])
                    return True
            return False

        try:
            await self.wait_until(check, timeout)
        except TimeoutError:
            seen = [
                f"{e.event} #{e.message_id}: {e.content!r}"
                for e in self._events.get(chat_id, [])[self._consumed.get(chat_id, 0) :]
            ]
            raise TimeoutError(
                f"no matching bot message in chat {chat_id} within {timeout}s; "
                f"unconsumed: {seen}"
            ) from None
        return found[0]

    async def wait_for_callback_answer(
        self, callback_query_id: str, timeout: float = 10.0
    ) -> CallbackAnswer:
        """Wait until the bot answers that callback query."""

        def answer() -> CallbackAnswer | None:
            for item in self.callback_answers:
                if item.callback_query_id == callback_query_id:
                    return item
            return None

        await self.wait_until(lambda: answer() is not None, timeout)
        result = answer()
        assert result is not None
        return result

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Re-check ``predicate`` after every server state change until true or timeout."""
        async with asyncio.timeout(timeout):
            while True:
                changed = self._changed
                if predicate():
                    return
                await changed.wait()

    def consume_all(self, chat: ChatRef) -> None:
        """Mark every bot message event so far as consumed for wait_for_message."""
        chat_id = _cid(chat)
        self._consumed[chat_id] = len(self._events.get(chat_id, []))

    async def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait until every queued update has been fetched and confirmed by the bot."""
        await self.wait_until(lambda: not self._queue, timeout)

    # ------------------------------------------------------------------ internals: state

    def _notify(self) -> None:
        # swap in a fresh Event so waiters re-check state after each change
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    def _user(self, ref: UserRef) -> TgUser:
        user_id = _uid(ref)
        if user_id not in self.users:
            raise KeyError(f"unknown user {user_id}; create it with add_user()")
        return self.users[user_id]

    def _chat(self, ref: ChatRef) -> TgChat:
        chat_id = _cid(ref)
        if chat_id not in self.chats:
            raise KeyError(f"unknown chat {chat_id}")
        return self.chats[chat_id]

    def _new_message_id(self, chat_id: int) -> int:
        self._message_ids[chat_id] = self._message_ids.get(chat_id, 0) + 1
        self._timeline.setdefault(chat_id, []).append(self._message_ids[chat_id])
        return self._message_ids[chat_id]

    def _store_user_message(self, message: JSON) -> None:
        self._messages[(message["chat"]["id"], message["message_id"])] = message

    def _reply_snapshot(self, target: BotMessage | JSON) -> JSON:
        snap = copy.deepcopy(target.message if isinstance(target, BotMessage) else target)
        snap.pop("reply_to_message", None)
        return snap

    def _store_file(
        self, data: bytes, folder: str, suffix: str, mime: str | None, name: str | None = None
    ) -> StoredFile:
        index = len(self._files)
        file_id = "AgACAgQAAxkB" + secrets.token_urlsafe(24)
        stored = StoredFile(
            file_id, "AQAD" + secrets.token_urlsafe(8), f"{folder}/file_{index}{suffix}", data,
            mime, name,
        )  # fmt: skip
        self._files[file_id] = stored
        self._paths[stored.file_path] = file_id
        return stored

    def _file_object(self, stored: StoredFile, **extra: Any) -> JSON:
        obj: JSON = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }
        obj.update({k: v for k, v in extra.items() if v is not None})
        return obj

    def _photo_size(self, stored: StoredFile, size: tuple[int, int]) -> JSON:
        return self._file_object(stored, width=size[0], height=size[1])

    def _record_event(self, record: BotMessage, event: str) -> None:
        snap = record.snapshot(cast(Any, event))
        self._events.setdefault(record.chat_id, []).append(snap)
        for listener in list(self.listeners):
            try:
                listener(event, snap)
            except Exception:  # a faulty listener must not break the API answer
                log.exception("listener failed")

    # ------------------------------------------------------------------ internals: HTTP

    async def _handle_not_found(self, request: web.Request) -> web.Response:
        return _json_response(ApiError(404, "Not Found").envelope(), 404)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _json_response(ApiError(401, "Unauthorized").envelope(), 401)
        file_id = self._paths.get(request.match_info["path"])
        if file_id is None:
            return _json_response(ApiError(404, "Not Found").envelope(), 404)
        stored = self._files[file_id]
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json_response(ApiError(401, "Unauthorized").envelope(), 401)
        name = request.match_info["method"]
        entry = self._methods.get(name.lower())
        if entry is None:
            return _json_response(ApiError(404, "Not Found").envelope(), 404)
        try:
            params = await _read_params(request)
        except ApiError as err:
            return _json_response(err.envelope(), err.error_code)
        canonical, handler = entry
        return await self._call(canonical, handler, params, request.method)

    async def _call(
        self, canonical: str, handler: Handler, params: Params, http_method: str
    ) -> web.Response:
        self.requests.append(ApiCall(canonical, dict(params.data), list(params.files),
                                     http_method))
        self._notify()
        delay = self._delay(canonical, params.data)
        if delay > 0:
            await asyncio.sleep(delay)
        failure = self._take_failure(canonical, params.data)
        try:
            if failure is not None:
                raise failure
            result = await handler(params)
        except ApiError as err:
            self._notify()
            return _json_response(err.envelope(), err.error_code)
        except Exception as exc:  # a server bug must surface as an API error, not a hang
            log.exception("botapi test server failed on %s", canonical)
            self._notify()
            error = ApiError(500, f"Internal Server Error: {exc!r}")
            return _json_response(error.envelope(), 500)
        self._notify()
        if isinstance(result, _WithDescription):
            return _json_response({"ok": True, "result": result.result,
                                   "description": result.description})
        return _json_response({"ok": True, "result": result})

    # ------------------------------------------------------------------ methods

    def _register_methods(self) -> None:
        handlers: dict[str, Handler] = {
            "getMe": self._get_me,
            "logOut": self._true,
            "close": self._true,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "getFile": self._get_file,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
            "getChatMemberCount": self._get_chat_member_count,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendChatAction": self._send_chat_action,
        }
        # accepted and recorded (see self.requests), no observable effect here
        for harmless in ("setMyName", "setMyDescription", "setMyShortDescription",
                         "setChatMenuButton", "setMyDefaultAdministratorRights"):
            handlers[harmless] = self._true
        self._methods = {name.lower(): (name, fn) for name, fn in handlers.items()}

    async def _true(self, p: Params) -> bool:
        return True

    async def _get_me(self, p: Params) -> JSON:
        me = self.bot.to_api()
        me.update(
            can_join_groups=True, can_read_all_group_messages=False,
            supports_inline_queries=False, can_connect_to_business=False,
            has_main_web_app=False,
        )  # fmt: skip
        return me

    # --- updates / webhook

    def _allowed(self, update: JSON) -> bool:
        kind = next((k for k in update if k != "update_id"), "")
        if self._allowed_updates:
            return kind in self._allowed_updates
        return kind not in _DEFAULT_EXCLUDED

    def _confirm(self, offset: int | None) -> None:
        if offset is None:
            return
        if offset < 0:
            keep = -offset
            self._queue = self._queue[-keep:] if keep else []
            return
        self._queue = [
            item for item in self._queue
            if not (item[0]["update_id"] < offset and (item[1] or not item[2]))
        ]  # fmt: skip

    def _take_batch(self, limit: int) -> list[JSON]:
        self._queue = [item for item in self._queue if self._allowed(item[0])]
        batch: list[JSON] = []
        for item in self._queue:
            # keep ids increasing within a batch so that offset=last+1 never skips one
            if len(batch) >= limit or (batch and item[0]["update_id"] <= batch[-1]["update_id"]):
                break
            item[1] = True
            item[2] = False
            batch.append(item[0])
        return batch

    async def _get_updates(self, p: Params) -> list[JSON]:
        if self._webhook:
            raise ApiError(409, _WEBHOOK_CONFLICT)
        limit = min(max(p.get_int("limit") or 100, 1), 100)
        try:
            timeout = max(float(p.get_str("timeout") or 0), 0.0)
        except ValueError:
            raise bad_request("invalid timeout specified") from None
        if p.has("allowed_updates"):
            self._allowed_updates = list(p.get_json("allowed_updates") or [])
        self._confirm(p.get_int("offset"))
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # an older long poll now answers 409
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if generation != self._poll_generation:
                raise ApiError(409, _POLL_CONFLICT)
            if self._webhook:
                raise ApiError(409, _WEBHOOK_CONFLICT)
            changed = self._changed
            batch = self._take_batch(limit)
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or self._closing:
                return copy.deepcopy(batch)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(remaining):
                    await changed.wait()

    async def _set_webhook(self, p: Params) -> _WithDescription:
        url = p.get_str("url") or ""
        if not url:
            return await self._delete_webhook(p)
        if not re.match(r"https?://", url):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.get_str("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise bad_request("secret token contains unallowed characters")
        if p.has("allowed_updates"):
            self._allowed_updates = list(p.get_json("allowed_updates") or [])
        if p.get_bool("drop_pending_updates"):
            self._queue.clear()
        self._webhook = {
            "url": url,
            "secret_token": secret,
            "max_connections": p.get_int("max_connections") or 40,
            "ip_address": p.get_str("ip_address"),
        }
        self._webhook_error = None
        await self._stop_webhook_task()
        self._webhook_task = asyncio.create_task(self._deliver_webhook(), name="botapi-webhook")
        return _WithDescription(True, "Webhook was set")

    async def _delete_webhook(self, p: Params) -> _WithDescription:
        was_set = self._webhook is not None
        self._webhook = None
        await self._stop_webhook_task()
        if p.get_bool("drop_pending_updates"):
            self._queue.clear()
        return _WithDescription(
            True, "Webhook was deleted" if was_set else "Webhook is already deleted"
        )

    async def _stop_webhook_task(self) -> None:
        task, self._webhook_task = self._webhook_task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _get_webhook_info(self, p: Params) -> JSON:
        info: JSON = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }
        if self._webhook:
            info["max_connections"] = self._webhook["max_connections"]
            info["ip_address"] = self._webhook["ip_address"] or self.host
            if self._allowed_updates:
                info["allowed_updates"] = list(self._allowed_updates)
            if self._webhook_error:
                info["last_error_date"], info["last_error_message"] = self._webhook_error
        return info

    async def _deliver_webhook(self) -> None:
        while self._webhook and not self._closing:
            changed = self._changed
            self._queue = [item for item in self._queue if self._allowed(item[0])]
            if not self._queue:
                await changed.wait()
                continue
            item = self._queue[0]
            headers = {"Content-Type": "application/json"}
            secret = self._webhook.get("secret_token")
            if secret:
                headers["X-Telegram-Bot-Api-Secret-Token"] = secret
            try:
                assert self._session is not None
                async with self._session.post(
                    self._webhook["url"], data=json.dumps(item[0]), headers=headers
                ) as resp:
                    body = await resp.read()
                    status = resp.status
                    reason = resp.reason or ""
            except (OSError, asyncio.TimeoutError) as exc:  # noqa: UP041 - aiohttp raises both
                self._webhook_error = (_now(), f"Connection failed: {exc.__class__.__name__}")
                await asyncio.sleep(self.webhook_retry_delay)
                continue
            except Exception as exc:  # aiohttp client errors: keep retrying like Telegram
                self._webhook_error = (_now(), f"Connection failed: {exc}")
                await asyncio.sleep(self.webhook_retry_delay)
                continue
            if 200 <= status < 300:
                if item in self._queue:
                    self._queue.remove(item)
                self._notify()
                await self._webhook_reply(body)
            else:
                message = f"Wrong response from the webhook: {status} {reason}"
                self._webhook_error = (_now(), message)
                self._notify()
                await asyncio.sleep(self.webhook_retry_delay)

    async def _webhook_reply(self, body: bytes) -> None:
        # a webhook may answer with a method call in its response body (Bot API feature)
        try:
            data = json.loads(body) if body.strip() else None
        except ValueError:
            return
        if not isinstance(data, dict) or "method" not in data:
            return
        entry = self._methods.get(str(data.pop("method")).lower())
        if entry is not None:
            await self._call(entry[0], entry[1], Params(data, {}), "WEBHOOK-REPLY")

    # --- chats

    def _target_chat(self, p: Params) -> TgChat:
        raw = p.data.get("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        if isinstance(raw, str) and raw.startswith("@"):
            for chat in self.chats.values():
                if chat.username and chat.username.lower() == raw[1:].lower():
                    return chat
            raise bad_request("chat not found")
        try:
            chat_id = int(raw)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None
        if chat_id in self._migrated:
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                           {"migrate_to_chat_id": self._migrated[chat_id]})
        found = self.chats.get(chat_id)
        if found is None:
            raise bad_request("chat not found")
        return found

    def _writable_chat(self, p: Params) -> TgChat:
        chat = self._target_chat(p)
        if chat.type == "private":
            if chat.id in self._blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if chat.id not in self._started_chats:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        elif chat.members.get(self.bot.id) in ("left", "kicked"):
            raise ApiError(403, "Forbidden: bot is not a member of the supergroup chat")
        return chat

    async def _get_chat(self, p: Params) -> JSON:
        chat = self._target_chat(p).to_api()
        chat.update(
            accent_color_id=0, max_reaction_count=11,
            accepted_gift_types={
                "unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
                "premium_subscription": False, "gifts_from_channels": False,
            },
        )  # fmt: skip
        return chat

    def _member_object(self, chat: TgChat, user_id: int) -> JSON:
        if user_id == self.bot.id:
            user = self.bot.to_api()
        elif user_id in self.users:
            user = self.users[user_id].to_api()
        else:
            raise bad_request("user not found")
        status = chat.members.get(user_id, "left")
        member: JSON = {"status": status, "user": user}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(
                can_be_edited=False, is_anonymous=False, can_manage_chat=True,
                can_delete_messages=True, can_manage_video_chats=True,
                can_restrict_members=True, can_promote_members=False, can_change_info=True,
                can_invite_users=True, can_post_stories=False, can_edit_stories=False,
                can_delete_stories=False, can_pin_messages=True,
            )  # fmt: skip
        elif status == "restricted":
            member.update(
                is_member=True, can_send_messages=False, can_send_audios=False,
                can_send_documents=False, can_send_photos=False, can_send_videos=False,
                can_send_video_notes=False, can_send_voice_notes=False, can_send_polls=False,
                can_send_other_messages=False, can_add_web_page_previews=False,
                can_change_info=False, can_invite_users=False, can_pin_messages=False,
                can_manage_topics=False, until_date=0,
            )  # fmt: skip
        elif status == "kicked":
            member["until_date"] = 0
        return member

    async def _get_chat_member(self, p: Params) -> JSON:
        chat = self._target_chat(p)
        user_id = p.get_int("user_id", required=True)
        assert user_id is not None
        return self._member_object(chat, user_id)

    async def _get_chat_administrators(self, p: Params) -> list[JSON]:
        chat = self._target_chat(p)
        if chat.type == "private":
            raise bad_request("there are no administrators in the private chat")
        order = {"creator": 0, "administrator": 1}
        admins = sorted(
            (uid for uid, st in chat.members.items() if st in order),
            key=lambda uid: order[chat.members[uid]],
        )
        return [self._member_object(chat, uid) for uid in admins]

    async def _get_chat_member_count(self, p: Params) -> int:
        chat = self._target_chat(p)
        present = ("creator", "administrator", "member", "restricted")
        return sum(1 for status in chat.members.values() if status in present)

    async def _send_chat_action(self, p: Params) -> bool:
        chat = self._writable_chat(p)
        action = p.get_str("action") or ""
        if action not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self.chat_actions.append((chat.id, action))
        return True

    # --- sending

    def _check_markup(self, p: Params, chat: TgChat, inline_only: bool = False) -> JSON | None:
        if not p.has("reply_markup"):
            return None
        markup = p.get_json("reply_markup", "can't parse reply keyboard markup JSON object")
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise bad_request("can't parse inline keyboard button: field \"inline_keyboard\""
                                  " must be of type Array")
            if sum(len(r) for r in rows) > 100:
                raise bad_request("reply markup is too long")
            for row in rows:
                for button in row:
                    _check_inline_button(button)
            return cast(JSON, markup)
        if inline_only:
            raise bad_request("inline keyboard expected")
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise bad_request("can't parse keyboard button: field \"keyboard\" must be of "
                                  "type Array")
            for row in rows:
                for button in row:
                    text = button if isinstance(button, str) else (button or {}).get("text")
                    if not isinstance(text, str) or not text:
                        raise bad_request("BUTTON_TEXT_EMPTY")
                    if isinstance(button, dict) and chat.type != "private":
                        if button.get("request_contact"):
                            raise bad_request("phone number can be requested in private chats "
                                              "only")
                        if button.get("request_location"):
                            raise bad_request("location can be requested in private chats only")
            return cast(JSON, markup)
        if markup.get("remove_keyboard") or markup.get("force_reply"):
            return cast(JSON, markup)
        raise bad_request("can't parse reply keyboard markup JSON object")

    def _formatted(self, p: Params, field_name: str, entities_name: str,
                   limit: int, required: bool) -> tuple[str | None, list[JSON]]:  # fmt: skip
        raw = p.get_str(field_name)
        if raw is None or raw == "":
            if required:
                raise bad_request("message text is empty")
            return None, []
        if p.has(entities_name):
            entities = p.get_json(entities_name) or []
            text = raw
        else:
            try:
                text, entities = parse_text(raw, p.get_str("parse_mode"))
            except UnsupportedParseMode:
                raise bad_request("unsupported parse_mode") from None
            except EntityParseError as err:
                raise bad_request(f"can't parse entities: {err}") from None
        if not text.strip():
            if required:
                raise bad_request("message text is empty")
            return None, []
        if len(text) > limit:
            raise bad_request("message is too long" if field_name == "text"
                              else "message caption is too long")
        return text, list(entities)

    def _reply_target(self, p: Params, chat: TgChat) -> JSON | None:
        params = p.get_json("reply_parameters") if p.has("reply_parameters") else None
        if params is None and p.has("reply_to_message_id"):
            params = {"message_id": p.get_int("reply_to_message_id"),
                      "allow_sending_without_reply": p.get_bool("allow_sending_without_reply")}
        if not isinstance(params, dict):
            return None
        key = (chat.id, int(params.get("message_id") or 0))
        target = self._messages.get(key)
        if target is None or key in self._deleted:
            if params.get("allow_sending_without_reply"):
                return None
            raise bad_request("message to be replied not found")
        return self._reply_snapshot(target)

    def _new_bot_message(
        self, p: Params, chat: TgChat, method: str, content: JSON, markup: JSON | None,
        raw_text: str | None,
    ) -> BotMessage:  # fmt: skip
        reply = self._reply_target(p, chat)
        message: JSON = {
            "message_id": self._new_message_id(chat.id),
            "from": self.bot.to_api(),
            "chat": chat.to_api(),
            "date": _now(),
        }
        if reply is not None:
            message["reply_to_message"] = reply
        message.update(content)
        if markup is not None and "inline_keyboard" in markup:
            message["reply_markup"] = copy.deepcopy(markup)
        if markup is not None:
            if "keyboard" in markup:
                self._keyboards[chat.id] = copy.deepcopy(markup)
            elif markup.get("remove_keyboard"):
                self._keyboards[chat.id] = None
        record = BotMessage(
            chat.id, message["message_id"], method, message, markup, raw_text,
            p.get_str("parse_mode"), dict(p.data),
        )  # fmt: skip
        self._messages[(chat.id, record.message_id)] = record
        self._record_event(record, "sent")
        return record

    async def _send_message(self, p: Params) -> JSON:
        chat = self._writable_chat(p)
        text, entities = self._formatted(p, "text", "entities", 4096, required=True)
        markup = self._check_markup(p, chat)
        content: JSON = {"text": text}
        if entities:
            content["entities"] = entities
        preview = p.get_json("link_preview_options") if p.has("link_preview_options") else None
        if preview is None and p.get_bool("disable_web_page_preview"):
            preview = {"is_disabled": True}
        if preview:
            content["link_preview_options"] = preview
        record = self._new_bot_message(p, chat, "sendMessage", content, markup, p.get_str("text"))
        return copy.deepcopy(record.message)

    def _input_file(self, p: Params, name: str) -> tuple[StoredFile | None, Uploaded | None]:
        if name in p.files:
            return None, p.files[name]
        value = p.get_str(name)
        if not value:
            raise bad_request(f"there is no {name} in the request")
        if value.startswith("attach://"):
            part = p.files.get(value[len("attach://") :])
            if part is None:
                raise bad_request(f"there is no {name} in the request")
            return None, part
        if value in self._files:
            return self._files[value], None
        if re.match(r"https?://", value):
            # we cannot fetch the web from tests: keep a placeholder with the URL as content
            return None, Uploaded(value.rsplit("/", 1)[-1], None, value.encode())
        raise bad_request("wrong file identifier/HTTP URL specified")

    async def _send_photo(self, p: Params) -> JSON:
        chat = self._writable_chat(p)
        caption, entities = self._formatted(p, "caption", "caption_entities", 1024, False)
        markup = self._check_markup(p, chat)
        stored, upload = self._input_file(p, "photo")
        if upload is not None:
            size = image_size(upload.data)
            if size is None and not upload.data.startswith(b"http"):
                raise bad_request("IMAGE_PROCESS_FAILED")
            stored = self._store_file(upload.data, "photos", ".jpg", "image/jpeg")
            dims = size or (800, 600)
        else:
            assert stored is not None
            dims = image_size(stored.data) or (800, 600)
        content: JSON = {"photo": [self._photo_size(stored, dims)]}
        if caption is not None:
            content["caption"] = caption
            if entities:
                content["caption_entities"] = entities
        record = self._new_bot_message(p, chat, "sendPhoto", content, markup, p.get_str("caption"))
        return copy.deepcopy(record.message)

    async def _send_document(self, p: Params) -> JSON:
        chat = self._writable_chat(p)
        caption, entities = self._formatted(p, "caption", "caption_entities", 1024, False)
        markup = self._check_markup(p, chat)
        stored, upload = self._input_file(p, "document")
        if upload is not None:
            name = upload.filename or "file"
            suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
            stored = self._store_file(upload.data, "documents", suffix,
                                      upload.content_type or "application/octet-stream", name)
        assert stored is not None
        content: JSON = {"document": self._file_object(
            stored, file_name=stored.file_name, mime_type=stored.mime_type)}
        if caption is not None:
            content["caption"] = caption
            if entities:
                content["caption_entities"] = entities
        record = self._new_bot_message(p, chat, "sendDocument", content, markup,
                                       p.get_str("caption"))
        return copy.deepcopy(record.message)

    # --- editing

    def _editable(self, p: Params) -> BotMessage:
        if p.has("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._target_chat(p)
        message_id = p.get_int("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        key = (chat.id, message_id)
        record = self._messages.get(key)
        if record is None or key in self._deleted:
            raise bad_request("message to edit not found")
        if not isinstance(record, BotMessage):
            raise bad_request("message can't be edited")
        return record

    def _apply_edit(self, record: BotMessage, p: Params, new: JSON, raw_text: str | None,
                    markup: JSON | None) -> JSON:  # fmt: skip
        current = {k: record.message.get(k) for k in new}
        current["reply_markup"] = record.message.get("reply_markup")
        wanted = dict(new)
        wanted["reply_markup"] = markup
        if _same(current, wanted):
            raise bad_request(_NOT_MODIFIED[len("Bad Request: ") :])
        record.history.append(copy.deepcopy(record.message))
        message = copy.deepcopy(record.message)
        for key, value in new.items():
            if value is None or value == []:
                message.pop(key, None)
            else:
                message[key] = value
        if markup is None:
            # an edit without reply_markup drops the inline keyboard (a reply keyboard stays)
            message.pop("reply_markup", None)
            if record.reply_markup and "inline_keyboard" in record.reply_markup:
                record.reply_markup = None
        else:
            message["reply_markup"] = copy.deepcopy(markup)
            record.reply_markup = copy.deepcopy(markup)
        message["edit_date"] = _now()
        record.message = message
        if raw_text is not None:
            record.raw_text = raw_text
            record.parse_mode = p.get_str("parse_mode")
        record.params = dict(p.data)
        self._record_event(record, "edited")
        return copy.deepcopy(message)

    async def _edit_message_text(self, p: Params) -> JSON:
        record = self._editable(p)
        if "text" not in record.message:
            raise bad_request("there is no text in the message to edit")
        text, entities = self._formatted(p, "text", "entities", 4096, required=True)
        markup = self._check_markup(p, self.chats[record.chat_id], inline_only=True)
        new: JSON = {"text": text, "entities": entities or None}
        if p.has("link_preview_options"):
            new["link_preview_options"] = p.get_json("link_preview_options")
        return self._apply_edit(record, p, new, p.get_str("text"), markup)

    async def _edit_message_caption(self, p: Params) -> JSON:
        record = self._editable(p)
        if "text" in record.message:
            raise bad_request("there is no caption in the message to edit")
        caption, entities = self._formatted(p, "caption", "caption_entities", 1024, False)
        markup = self._check_markup(p, self.chats[record.chat_id], inline_only=True)
        new: JSON = {"caption": caption, "caption_entities": entities or None}
        return self._apply_edit(record, p, new, p.get_str("caption") or "", markup)

    async def _edit_message_reply_markup(self, p: Params) -> JSON:
        record = self._editable(p)
        markup = self._check_markup(p, self.chats[record.chat_id], inline_only=True)
        return self._apply_edit(record, p, {}, None, markup)

    async def _delete_message(self, p: Params) -> bool:
        chat = self._target_chat(p)
        message_id = p.get_int("message_id", required=True)
        assert message_id is not None
        key = (chat.id, message_id)
        if key not in self._messages or key in self._deleted:
            raise bad_request("message to delete not found")
        item = self._messages[key]
        if not isinstance(item, BotMessage) and chat.type != "private" \
                and chat.members.get(self.bot.id) not in ("creator", "administrator"):
            raise bad_request("message can't be deleted")
        self._deleted.add(key)
        if isinstance(item, BotMessage):
            item.deleted = True
        return True

    # --- callbacks, files, commands

    async def _answer_callback_query(self, p: Params) -> bool:
        query_id = p.get_str("callback_query_id") or ""
        if query_id not in self._pending_callbacks:
            raise bad_request(_BAD_QUERY[len("Bad Request: ") :])
        text = p.get_str("text")
        if text is not None and len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        del self._pending_callbacks[query_id]
        self.callback_answers.append(
            CallbackAnswer(query_id, text, p.get_bool("show_alert"), p.get_str("url"),
                           p.get_int("cache_time"))
        )  # fmt: skip
        return True

    async def _get_file(self, p: Params) -> JSON:
        file_id = p.get_str("file_id") or ""
        stored = self._files.get(file_id)
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.data) > 20 * 1024 * 1024:
            raise bad_request("file is too big")
        return self._file_object(stored, file_path=stored.file_path)

    async def _set_my_commands(self, p: Params) -> bool:
        commands = p.get_json("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON object")
        for item in commands:
            if not isinstance(item, dict) or not re.fullmatch(
                r"[a-z0-9_]{1,32}", str(item.get("command", ""))
            ):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(item.get("description", ""))) <= 256:
                raise bad_request("command description is empty" if not item.get("description")
                                  else "BOT_COMMAND_DESCRIPTION_INVALID")
        key = _commands_key(p.get_json("scope"), p.get_str("language_code") or "")
        self._commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def _get_my_commands(self, p: Params) -> list[JSON]:
        return self.commands(p.get_json("scope"), p.get_str("language_code") or "")

    async def _delete_my_commands(self, p: Params) -> bool:
        key = _commands_key(p.get_json("scope"), p.get_str("language_code") or "")
        self._commands.pop(key, None)
        return True


# ---------------------------------------------------------------------- helpers


@dataclass
class _WithDescription:
    result: Any
    description: str


def _now() -> int:
    return int(time.time())


def _uid(ref: UserRef) -> int:
    return ref.id if isinstance(ref, TgUser) else int(ref)


def _cid(ref: ChatRef) -> int:
    return ref.id if isinstance(ref, (TgChat, TgUser)) else int(ref)


def _commands_key(scope: Any, language_code: str) -> tuple[str, str]:
    scope = scope if isinstance(scope, dict) and scope else {"type": "default"}
    return json.dumps(scope, sort_keys=True), language_code


def _same(a: Any, b: Any) -> bool:
    # None, [] and missing are the same "nothing" for not-modified detection
    def norm(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items() if v not in (None, [])}
        if isinstance(value, list):
            return [norm(v) for v in value]
        return value

    return bool(norm(a) == norm(b))


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request("can't parse inline keyboard button: InlineKeyboardButton must be an "
                          "Object")
    if not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Field \"text\" must be of type "
                          "String")
    kinds = [k for k in _INLINE_BUTTON_KINDS if k in button]
    if not kinds:
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in "
                          "the inline keyboard")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button and not re.match(r"(https?|tg)://\S+$", str(button["url"])):
        raise bad_request(f"inline keyboard button URL '{button['url']}' is invalid: "
                          "Wrong HTTP URL")


async def _read_params(request: web.Request) -> Params:
    data: JSON = dict(request.query)
    files: dict[str, Uploaded] = {}
    if request.can_read_body:
        ctype = request.content_type
        if ctype == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON encoded request body") from None
            if isinstance(body, dict):
                data.update(body)
        elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, FileField):
                    files[key] = Uploaded(value.filename, value.content_type, value.file.read())
                elif isinstance(value, bytes | bytearray):
                    files[key] = Uploaded(None, None, bytes(value))
                else:
                    data[key] = value
    return Params(data, files)


def _json_response(body: JSON, status: int = 200) -> web.Response:
    return web.Response(
        text=json.dumps(body, ensure_ascii=False), status=status, content_type="application/json"
    )


__all__ = ["ApiError", "BotApiServer", "Params", "utf16_len"]
