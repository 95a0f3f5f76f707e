"""Tests of the Bot API test server, driven by the real python-telegram-bot."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import ClientSession, FormData, web
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    RetryAfter,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from .formatting import parse_html, parse_markdown_v2
from .models import BotMessage, make_png
from .server import BotApiServer

TOKEN = "123456:TEST-secret_token"


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    """A started server, stopped after the test."""
    srv = BotApiServer(token=TOKEN, bot_username="budgetbot")
    await srv.start()
    yield srv
    await srv.stop()


def build_app(server: BotApiServer) -> Application[Any, Any, Any, Any, Any, Any]:
    """An Application pointed at the test server, with echo/menu/contact handlers."""
    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = ReplyKeyboardMarkup(
            [[KeyboardButton("Partager mon numéro", request_contact=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
        await update.effective_message.reply_text("Bienvenue !", reply_markup=keyboard)

    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton("Voter", callback_data="vote:1")],
             [InlineKeyboardButton("Règlement", url="https://example.org/reglement")]]
        )  # fmt: skip
        await update.effective_message.reply_html("<b>Menu</b> du budget", reply_markup=markup)

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Merci !", show_alert=True)
        await query.edit_message_text(f"Choix enregistré : {query.data}")

    async def contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.contact is not None
        own = message.contact.user_id == message.from_user.id if message.from_user else False
        await message.reply_text(
            f"Numéro {message.contact.phone_number} ({'vérifié' if own else 'refusé'})",
            reply_markup=ReplyKeyboardRemove(),
        )

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_message.text
        await update.effective_message.reply_text(update.effective_message.text)

    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("menu", menu))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.CONTACT, contact))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return app


@pytest.fixture
async def polling_app(
    server: BotApiServer,
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """The bot running with long polling against the server."""
    app = build_app(server)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(timeout=dt.timedelta(seconds=5))
    yield app
    await app.updater.stop()
    await app.stop()
    await app.shutdown()


async def raw_call(server: BotApiServer, method: str, **params: Any) -> tuple[int, Any]:
    """POST a JSON Bot API call and return (HTTP status, decoded body)."""
    async with (
        ClientSession() as session,
        session.post(f"{server.base_url}{server.token}/{method}", json=params) as resp,
    ):
        return resp.status, await resp.json()


# ---------------------------------------------------------------------- end to end with PTB


async def test_echo_conversation_over_long_polling(
    server: BotApiServer, polling_app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    marie = server.add_user(first_name="Marie", language_code="fr")
    update = server.inject_text(marie, "/start")
    assert update["message"]["entities"] == [{"offset": 0, "length": 6, "type": "bot_command"}]

    welcome = await server.wait_for_message(marie, timeout=5)
    assert welcome.text == "Bienvenue !"
    assert welcome.message["from"]["is_bot"] is True
    assert welcome.message["from"]["username"] == "budgetbot"
    assert welcome.keyboard[0][0] == {"text": "Partager mon numéro", "request_contact": True}
    assert "reply_markup" not in welcome.message  # Message.reply_markup is inline-only
    assert server.reply_keyboard(marie) is not None

    server.inject_text(marie, "Bonjour le bot")
    echo = await server.wait_for_message(marie, timeout=5)
    assert echo.text == "Bonjour le bot"
    assert echo.message_id > welcome.message_id
    history = server.chat_history(marie)
    assert [m.get("text") for m in history] == [
        "/start", "Bienvenue !", "Bonjour le bot", "Bonjour le bot",
    ]  # fmt: skip
    assert [m["message_id"] for m in history] == [1, 2, 3, 4]

    server.inject_contact(marie, phone_number="+33612345678")
    reply = await server.wait_for_message(marie, timeout=5)
    assert reply.text == "Numéro +33612345678 (vérifié)"
    assert server.reply_keyboard(marie) is None
    server.inject_contact(marie, phone_number="+33699999999", contact_user_id=42, forwarded=True)
    reply = await server.wait_for_message(marie, timeout=5)
    assert reply.text == "Numéro +33699999999 (refusé)"
    await server.wait_idle(timeout=5)


async def test_callback_query_answered_and_message_edited(
    server: BotApiServer, polling_app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    paul = server.add_user(first_name="Paul")
    server.inject_text(paul, "/menu")
    menu = await server.wait_for_message(paul, timeout=5)
    assert menu.text == "Menu du budget"
    assert menu.entities == [{"offset": 0, "length": 4, "type": "bold"}]
    assert menu.button_texts == ["Voter", "Règlement"]

    query_id = server.inject_callback(paul, menu, menu.callback_data("Voter"))
    answer = await server.wait_for_callback_answer(query_id, timeout=5)
    assert (answer.text, answer.show_alert) == ("Merci !", True)

    edited = await server.wait_for_message(paul, timeout=5)
    assert edited.event == "edited"
    assert edited.message_id == menu.message_id
    assert edited.text == "Choix enregistré : vote:1"
    live = server.last_message(paul)
    assert live is not None and live.edited and live.history[0]["text"] == "Menu du budget"
    assert live.inline_keyboard == []  # edit without reply_markup removes the keyboard
    assert "edit_date" in live.message

    # the same query cannot be answered twice
    status, body = await raw_call(server, "answerCallbackQuery", callback_query_id=query_id)
    assert status == 400
    assert body == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: query is too old and response timeout expired or query "
        "ID is invalid",
    }


async def test_photo_round_trip_and_user_photo_download(server: BotApiServer) -> None:
    anna = server.add_user(first_name="Anna")
    image = make_png(20, 10)
    async with Bot(TOKEN, base_url=server.base_url, base_file_url=server.base_file_url) as bot:
        sent = await bot.send_photo(anna.id, photo=image, caption="<i>Projet</i> n°3",
                                    parse_mode="HTML")  # fmt: skip
        assert sent.caption == "Projet n°3"
        assert (sent.photo[-1].width, sent.photo[-1].height) == (20, 10)
        upload = server.calls("sendPhoto")[0]
        assert upload.files == ["photo"]
        file = await bot.get_file(sent.photo[-1].file_id)
        assert file.file_path is not None and file.file_path.startswith(server.base_file_url)
        assert bytes(await file.download_as_bytearray()) == image

        # resend by file_id, then edit the caption
        again = await bot.send_photo(anna.id, photo=sent.photo[-1].file_id)
        assert again.photo[-1].file_id == sent.photo[-1].file_id
        edited = await bot.edit_message_caption(anna.id, again.message_id, caption="Nouveau")
        assert isinstance(edited, object) and server.last_message(anna) is not None
        last = server.last_message(anna)
        assert last is not None and last.caption == "Nouveau" and last.edited

        update = server.inject_photo(anna, caption="ma photo")
        file_id = update["message"]["photo"][-1]["file_id"]
        user_file = await bot.get_file(file_id)
        assert bytes(await user_file.download_as_bytearray()) == server.file_bytes(file_id)

        with pytest.raises(BadRequest, match="Invalid file_id"):
            await bot.get_file("nope")
        with pytest.raises(BadRequest, match="Image_process_failed"):
            await bot.send_photo(anna.id, photo=b"not an image")


async def test_chat_member_statuses(server: BotApiServer) -> None:
    boss, staff, member, gone = (server.add_user(first_name=n) for n in "ABCD")
    group = server.add_group(title="Staff", admins=[staff], members=[member, gone], creator=boss)
    server.set_member_status(group, gone, "left")
    assert group.id < 0
    async with Bot(TOKEN, base_url=server.base_url) as bot:
        statuses = {
            u.first_name: (await bot.get_chat_member(group.id, u.id)).status
            for u in (boss, staff, member, gone)
        }
        assert statuses == {"A": "creator", "B": "administrator", "C": "member", "D": "left"}
        admins = await bot.get_chat_administrators(group.id)
        assert [a.user.id for a in admins] == [boss.id, staff.id, server.bot.id]
        assert (await bot.get_chat_member(group.id, server.bot.id)).status == "administrator"
        assert (await bot.get_chat_member(member.id, member.id)).status == "member"
        chat = await bot.get_chat(group.id)
        assert (chat.type, chat.title) == ("supergroup", "Staff")
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.get_chat_member(-100999, boss.id)
        with pytest.raises(BadRequest, match="Phone number can be requested in private chats only"):
            await bot.send_message(
                group.id, "x",
                reply_markup=ReplyKeyboardMarkup([[KeyboardButton("tel", request_contact=True)]]),
            )  # fmt: skip


async def test_a_promotion_reaches_a_bot_that_asked_for_chat_member_updates(
        server: BotApiServer) -> None:
    boss, paul = server.add_user(first_name="Boss"), server.add_user(first_name="Paul")
    group = server.add_group(title="Staff", members=[paul], creator=boss)
    async with Bot(TOKEN, base_url=server.base_url) as bot:
        await bot.get_updates(timeout=0, allowed_updates=["message"])
        server.set_member_status(group, paul, "administrator", by=boss)
        assert await bot.get_updates(timeout=0) == ()  # not asked for: dropped
        await bot.get_updates(timeout=0, allowed_updates=["message", "chat_member"])
        server.set_member_status(group, paul, "member", by=boss)
        (update,) = await bot.get_updates(timeout=0)
    assert update.chat_member is not None
    change = update.chat_member
    assert (change.chat.id, change.from_user.id) == (group.id, boss.id)
    assert (change.old_chat_member.status, change.new_chat_member.status) == (
        "administrator", "member")
    assert change.new_chat_member.user.id == paul.id


async def test_a_slowed_method_answers_late_for_its_chat_only(server: BotApiServer) -> None:
    anna = server.add_user(first_name="Anna")
    group = server.add_group(title="Staff", admins=[anna])
    server.slow_down("getChatMember", 0.5, chat=group)
    async with Bot(TOKEN, base_url=server.base_url) as bot:
        loop = asyncio.get_running_loop()
        start = loop.time()
        await bot.get_chat_member(anna.id, anna.id)
        fast = loop.time() - start
        await bot.get_chat_member(group.id, anna.id)
        slow = loop.time() - start - fast
    assert fast < 0.4 <= 0.5 <= slow + 0.01


async def test_webhook_mode_delivers_with_secret_header(server: BotApiServer) -> None:
    port = free_port()
    app = build_app(server)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_webhook(
        listen="127.0.0.1", port=port, url_path="hook", secret_token="s3cr3t-Token",
        webhook_url=f"http://127.0.0.1:{port}/hook",
    )  # fmt: skip
    try:
        assert server.webhook_url == f"http://127.0.0.1:{port}/hook"
        lea = server.add_user(first_name="Léa")
        server.inject_text(lea, "par webhook")
        reply = await server.wait_for_message(lea, timeout=5)
        assert reply.text == "par webhook"

        status, body = await raw_call(server, "getUpdates")
        assert status == 409
        assert body["description"] == (
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first"
        )
        info = await app.bot.get_webhook_info()
        assert info.url == server.webhook_url and info.pending_update_count == 0
        with pytest.raises(Conflict):
            await app.bot.get_updates()
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def test_webhook_post_shape_and_retry(server: BotApiServer) -> None:
    received: list[tuple[dict[str, str], Any]] = []
    answers = [500, 200]

    async def hook(request: web.Request) -> web.Response:
        received.append((dict(request.headers), await request.json()))
        status = answers.pop(0)
        if status != 200:
            return web.Response(status=status)
        # a webhook may answer with a method call, executed by the server
        chat_id = received[-1][1]["message"]["chat"]["id"]
        return web.json_response({"method": "sendMessage", "chat_id": chat_id, "text": "ack"})

    receiver = web.Application()
    receiver.router.add_post("/tg", hook)
    runner = web.AppRunner(receiver)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        status, body = await raw_call(
            server, "setWebhook", url=f"http://127.0.0.1:{port}/tg", secret_token="abc_DEF-1"
        )
        assert (status, body) == (200, {"ok": True, "result": True,
                                         "description": "Webhook was set"})  # fmt: skip
        user = server.add_user()
        update = server.inject_text(user, "hello")
        await server.wait_until(lambda: len(received) == 2, timeout=5)
        headers, payload = received[1]
        assert headers["X-Telegram-Bot-Api-Secret-Token"] == "abc_DEF-1"
        assert headers["Content-Type"].startswith("application/json")
        assert payload == received[0][1] == update
        await server.wait_idle(timeout=2)
        _, info = await raw_call(server, "getWebhookInfo")
        assert info["result"]["last_error_message"] == (
            "Wrong response from the webhook: 500 Internal Server Error"
        )
        ack = await server.wait_for_message(user, timeout=2)
        assert ack.text == "ack" and server.calls("sendMessage")[0].http_method == "WEBHOOK-REPLY"
        _, body = await raw_call(server, "deleteWebhook")
        assert body["description"] == "Webhook was deleted"
    finally:
        await runner.cleanup()


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_retry_after_once(server: BotApiServer) -> None:
    user = server.add_user()
    server.fail_next("sendMessage", retry_after=3)
    status, body = await raw_call(server, "sendMessage", chat_id=user.id, text="x")
    assert (status, body) == (429, {
        "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    })  # fmt: skip
    status, _ = await raw_call(server, "sendMessage", chat_id=user.id, text="x")
    assert status == 200

    server.fail_next("SENDMESSAGE", retry_after=1)
    async with Bot(TOKEN, base_url=server.base_url) as bot:
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(user.id, "bonjour")
        assert caught.value.retry_after in (1, dt.timedelta(seconds=1))
        sent = await bot.send_message(user.id, "bonjour")  # the retry goes through
        assert sent.text == "bonjour"
    assert len(server.calls("sendMessage")) == 4


async def test_a_group_upgraded_to_a_supergroup_moves_to_a_new_id(server: BotApiServer) -> None:
    admin = server.add_user()
    group = server.add_group(admins=[admin], chat_type="group")
    supergroup = server.migrate_to_supergroup(group, by=admin)
    assert supergroup.type == "supergroup" and supergroup.id != group.id
    async with Bot(TOKEN, base_url=server.base_url) as bot:
        updates = await bot.get_updates()
        assert [(u.message.chat.id, u.message.migrate_to_chat_id, u.message.migrate_from_chat_id)
                for u in updates if u.message] == [(group.id, supergroup.id, None),
                                                   (supergroup.id, None, group.id)]
        with pytest.raises(ChatMigrated) as caught:
            await bot.send_message(group.id, "bonjour")
        assert caught.value.new_chat_id == supergroup.id
        sent = await bot.send_message(supergroup.id, "bonjour")
        assert sent.chat.id == supergroup.id


# ---------------------------------------------------------------------- protocol details


async def test_errors_match_the_real_api(server: BotApiServer) -> None:
    user = server.add_user()
    cases: list[tuple[dict[str, Any], str]] = [
        ({"chat_id": 999, "text": "x"}, "Bad Request: chat not found"),
        ({"chat_id": user.id, "text": ""}, "Bad Request: message text is empty"),
        ({"chat_id": user.id, "text": "a" * 4097}, "Bad Request: message is too long"),
        ({"chat_id": user.id, "text": "<b>gras", "parse_mode": "HTML"},
         'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"'),
        ({"chat_id": user.id, "text": "<p>x</p>", "parse_mode": "HTML"},
         'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 0'),
        ({"chat_id": user.id, "text": "x",
          "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "é" * 33}]]}},
         "Bad Request: BUTTON_DATA_INVALID"),
        ({"chat_id": user.id, "text": "x", "reply_parameters": {"message_id": 77}},
         "Bad Request: message to be replied not found"),
    ]  # fmt: skip
    for params, description in cases:
        status, body = await raw_call(server, "sendMessage", **params)
        assert (status, body) == (400, {"ok": False, "error_code": 400,
                                        "description": description}), params  # fmt: skip
    assert len(server.sent_messages(user)) == 0

    async with ClientSession() as session:
        async with session.post(f"{server.url}/bot1:wrong/getMe") as resp:
            assert resp.status == 401
            assert await resp.json() == {"ok": False, "error_code": 401,
                                         "description": "Unauthorized"}  # fmt: skip
        async with session.post(f"{server.base_url}{server.token}/noSuchMethod") as resp:
            assert resp.status == 404
    with pytest.raises(InvalidToken):
        await Bot("1:wrong", base_url=server.base_url).initialize()

    server.block_bot(user)
    status, body = await raw_call(server, "sendMessage", chat_id=user.id, text="x")
    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")
    stranger = server.add_user(started=False)
    async with Bot(TOKEN, base_url=server.base_url) as bot:
        with pytest.raises(Forbidden, match="initiate conversation"):
            await bot.send_message(stranger.id, "hello")


async def test_edit_validation(server: BotApiServer) -> None:
    user = server.add_user()
    async with Bot(TOKEN, base_url=server.base_url) as bot:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
        sent = await bot.send_message(user.id, "Texte", reply_markup=markup)
        with pytest.raises(BadRequest, match="Message is not modified"):
            await bot.edit_message_text("Texte", user.id, sent.message_id, reply_markup=markup)
        edited = await bot.edit_message_reply_markup(user.id, sent.message_id)
        assert isinstance(edited, object)
        record = server.message(user, sent.message_id)
        assert isinstance(record, BotMessage) and record.inline_keyboard == []
        with pytest.raises(BadRequest, match="Message to edit not found"):
            await bot.edit_message_text("x", user.id, 999)
        with pytest.raises(BadRequest, match="There is no caption"):
            await bot.edit_message_caption(user.id, sent.message_id, caption="c")
        assert await bot.delete_message(user.id, sent.message_id)
        assert record.deleted and server.last_message(user) is None
        with pytest.raises(BadRequest, match="Message to delete not found"):
            await bot.delete_message(user.id, sent.message_id)
        await bot.send_chat_action(user.id, "typing")
        assert server.chat_actions == [(user.id, "typing")]


async def test_get_updates_semantics(server: BotApiServer) -> None:
    user = server.add_user()
    loop = asyncio.get_running_loop()

    started = loop.time()
    status, body = await raw_call(server, "getUpdates", timeout=1)
    assert (status, body["result"]) == (200, [])
    assert loop.time() - started >= 0.9  # long poll waited

    first = server.inject_text(user, "un")
    started = loop.time()
    _, body = await raw_call(server, "getUpdates", timeout=10)
    assert loop.time() - started < 1  # returns at once when updates are queued
    assert body["result"] == [first]

    # not confirmed yet: delivered again; then offset confirms it
    _, body = await raw_call(server, "getUpdates")
    assert body["result"] == [first]
    second = server.inject_text(user, "deux")
    third = server.inject_text(user, "trois")
    _, body = await raw_call(server, "getUpdates", offset=first["update_id"] + 1, limit=1)
    assert body["result"] == [second]
    assert third["update_id"] > second["update_id"] > first["update_id"]

    # a long poll is woken by an injection
    async def inject_later() -> None:
        await asyncio.sleep(0.2)
        server.inject_text(user, "quatre")

    task = asyncio.create_task(inject_later())
    _, body = await raw_call(server, "getUpdates", offset=third["update_id"] + 1, timeout=5)
    await task
    assert [u["message"]["text"] for u in body["result"]] == ["quatre"]
    last_id = body["result"][-1]["update_id"]

    # allowed_updates filters, and is remembered
    _, body = await raw_call(server, "getUpdates", offset=last_id + 1,
                             allowed_updates=["callback_query"])  # fmt: skip
    server.inject_text(user, "ignoré")
    _, body = await raw_call(server, "getUpdates")
    assert body["result"] == []
    _, body = await raw_call(server, "getUpdates", allowed_updates=[])

    # inject_raw redelivers the very same update
    again = server.inject_raw(first)
    _, body = await raw_call(server, "getUpdates")
    assert body["result"] == [again] and again["update_id"] == first["update_id"]
    _, body = await raw_call(server, "getUpdates", offset=first["update_id"] + 1)
    assert body["result"] == []


async def test_parameters_in_json_form_and_multipart(server: BotApiServer) -> None:
    user = server.add_user()
    markup = {"inline_keyboard": [[{"text": "OK", "callback_data": "ok"}]]}
    url = f"{server.base_url}{server.token}"
    async with ClientSession() as session:
        form = {"chat_id": str(user.id), "text": "form", "reply_markup": json.dumps(markup)}
        async with session.post(f"{url}/SendMessage", data=form) as resp:
            body = await resp.json()
            assert body["result"]["reply_markup"] == markup
        async with session.get(f"{url}/sendmessage", params={"chat_id": user.id,
                                                              "text": "get"}) as resp:
            assert (await resp.json())["result"]["text"] == "get"
        data = FormData()
        data.add_field("chat_id", str(user.id))
        data.add_field("reply_markup", json.dumps(markup))
        data.add_field("photo", make_png(), filename="p.png", content_type="image/png")
        async with session.post(f"{url}/sendPhoto", data=data) as resp:
            result = (await resp.json())["result"]
            assert result["photo"][0]["width"] == 4 and result["reply_markup"] == markup
    assert [m.method for m in server.sent_messages(user)] == [
        "sendMessage", "sendMessage", "sendPhoto",
    ]  # fmt: skip

    async with Bot(TOKEN, base_url=server.base_url) as bot:
        me = await bot.get_me()
        assert (me.id, me.username, me.is_bot) == (123456, "budgetbot", True)
        await bot.set_my_commands([BotCommand("start", "Commencer"), BotCommand("vote", "Voter")])
        await bot.set_my_commands([BotCommand("start", "Start")], language_code="en")
        assert [c.command for c in await bot.get_my_commands()] == ["start", "vote"]
        assert [c.description for c in await bot.get_my_commands(language_code="en")] == ["Start"]
        assert server.commands()[1] == {"command": "vote", "description": "Voter"}
        with pytest.raises(BadRequest):
            await bot.set_my_commands([BotCommand("Bad-Name", "x")])
        assert await bot.delete_webhook()
        assert await bot.close() and await bot.log_out()


def test_formatting_parsers() -> None:
    text, entities = parse_html('<b>a</b> é😀 <a href="https://x.org">lien</a> &lt;3')
    assert text == "a é😀 lien <3"
    assert entities == [
        {"offset": 0, "length": 1, "type": "bold"},
        {"offset": 6, "length": 4, "type": "text_link", "url": "https://x.org"},
    ]  # 😀 counts two UTF-16 units
    text, entities = parse_markdown_v2(r"*Vote* ouvert \!")
    assert (text, entities) == ("Vote ouvert !", [{"offset": 0, "length": 4, "type": "bold"}])


async def test_concurrent_polls_and_group_commands(server: BotApiServer) -> None:
    first = asyncio.create_task(raw_call(server, "getUpdates", timeout=5))
    await asyncio.sleep(0.1)
    second = asyncio.create_task(raw_call(server, "getUpdates", timeout=0))
    status, body = await first
    assert (status, body["error_code"]) == (409, 409)
    assert body["description"].startswith("Conflict: terminated by other getUpdates request")
    assert (await second)[0] == 200

    admin = server.add_user(first_name="Admin")
    group = server.add_group(title="Staff", admins=[admin])
    update = server.inject_text(admin, "/stats@budgetbot now", chat=group)
    message = update["message"]
    assert message["chat"] == {"id": group.id, "type": "supergroup", "title": "Staff"}
    assert message["entities"] == [{"offset": 0, "length": 16, "type": "bot_command"}]
    edited = server.inject_edited_text(admin, update, "/stats@budgetbot later")
    assert edited["edited_message"]["message_id"] == message["message_id"]
    _, body = await raw_call(server, "getUpdates", offset=-1)
    assert body["result"] == [edited]  # a negative offset keeps only the last update
    status, body = await raw_call(server, "sendMessage", chat_id=group.id, text="Fin.",
                                  parse_mode="MarkdownV2")  # fmt: skip
    assert body["description"] == (
        "Bad Request: can't parse entities: Character '.' is reserved and must be escaped "
        "with the preceding '\\'"
    )
