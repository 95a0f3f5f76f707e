"""The lean Bot API client against the Bot API test server: same shapes, same errors as PTB."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter

from bot.bot_api import BotApiClient
from bot.outbox_sender import wait_seconds
from bot.transport import TelegramTransport, markup, markup_json
from flows.replies import CallbackAnswer, Choice, Message
from tests.botapi import BotApiServer
from tests.e2e.botproc import TOKEN

KEYBOARD = ((Choice("Oui", "q:1"), Choice("Non", "q:0")), (Choice("Retour", "back"),))


@pytest.fixture
async def transport(tg: BotApiServer) -> AsyncIterator[TelegramTransport]:
    async with Bot(TOKEN, base_url=tg.base_url, base_file_url=tg.base_file_url) as bot:
        sender = TelegramTransport(bot, BotApiClient(bot.base_url))
        yield sender
        await sender.close()


@pytest.mark.parametrize("message", [
    Message(1, "Oui ?", keyboard=KEYBOARD),
    Message(1, "Votre numéro ?", request_contact="Partager mon numéro"),
    Message(1, "Où ?", request_location="Envoyer ma position"),
    Message(1, "Merci", remove_reply_keyboard=True),
    Message(1, "Rien"),
])
def test_reply_markup_is_the_object_python_telegram_bot_would_send(message: Message) -> None:
    ptb = markup(message)
    assert markup_json(message) == (ptb.to_dict() if ptb is not None else None)


async def test_a_message_with_buttons_reaches_the_chat_as_sent(
        tg: BotApiServer, transport: TelegramTransport) -> None:
    marie = tg.add_user(first_name="Marie")
    message_id = await transport.deliver(Message(marie.id, "<b>Voter</b> ?", keyboard=KEYBOARD))
    sent = tg.sent_messages(marie)
    assert [(m.message_id, m.text, m.parse_mode) for m in sent] == \
        [(message_id, "Voter ?", "HTML")]
    assert sent[0].button_texts == ["Oui", "Non", "Retour"]
    assert sent[0].callback_data("Retour") == "back"


async def test_an_edit_replaces_text_and_buttons_and_a_same_edit_counts_as_done(
        tg: BotApiServer, transport: TelegramTransport) -> None:
    marie = tg.add_user(first_name="Marie")
    message_id = await transport.deliver(Message(marie.id, "Voter ?", keyboard=KEYBOARD))
    edit = Message(marie.id, "Choix noté", edit_message_id=message_id)
    await transport.deliver(edit)
    await transport.deliver(edit)  # Telegram: "message is not modified"
    assert tg.message(marie, message_id).text == "Choix noté"  # type: ignore[union-attr]
    assert tg.message(marie, message_id).inline_keyboard == []  # type: ignore[union-attr]


async def test_a_button_answer_is_shown_as_an_alert(
        tg: BotApiServer, transport: TelegramTransport) -> None:
    marie = tg.add_user(first_name="Marie")
    shown = await transport.deliver(Message(marie.id, "Voter ?", keyboard=KEYBOARD))
    query = tg.inject_callback(marie, tg.message(marie, shown), "q:1")  # type: ignore[arg-type]
    await transport.answer(CallbackAnswer(query, "Déjà voté", alert=True))
    answer = await tg.wait_for_callback_answer(query)
    assert (answer.text, answer.show_alert) == ("Déjà voté", True)


async def test_a_429_is_raised_with_telegrams_delay(
        tg: BotApiServer, transport: TelegramTransport) -> None:
    marie = tg.add_user(first_name="Marie")
    tg.fail_next("sendMessage", retry_after=7)
    with pytest.raises(RetryAfter) as raised:
        await transport.deliver(Message(marie.id, "Bonjour"))
    assert wait_seconds(raised.value) == 7
    assert tg.sent_messages(marie) == []


async def test_a_person_who_blocked_the_bot_is_forbidden(
        tg: BotApiServer, transport: TelegramTransport) -> None:
    marie = tg.add_user(first_name="Marie")
    tg.block_bot(marie)
    with pytest.raises(Forbidden):
        await transport.deliver(Message(marie.id, "Bonjour"))


async def test_a_bad_request_says_what_telegram_said(
        tg: BotApiServer, transport: TelegramTransport) -> None:
    marie = tg.add_user(first_name="Marie")
    tg.fail_next("sendMessage", error_code=400, description="Bad Request: chat not found")
    with pytest.raises(BadRequest, match=r"^Chat not found$"):  # as PTB words it
        await transport.deliver(Message(marie.id, "Bonjour"))


async def test_a_group_turned_supergroup_raises_its_new_id(
        tg: BotApiServer, transport: TelegramTransport) -> None:
    admin = tg.add_user(first_name="Admin")
    group = tg.add_group("Équipe", admins=[admin], chat_type="group")
    new = tg.migrate_to_supergroup(group, admin)
    with pytest.raises(ChatMigrated) as raised:
        await transport.deliver(Message(group.id, "Bonjour"))
    assert raised.value.new_chat_id == new.id


async def test_a_connection_closed_while_idle_is_replaced_without_losing_or_doubling() -> None:
    """The server closes each connection after one answer (as servers do with idle ones)."""
    requests: list[bytes] = []
    connections = 0

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        requests.append(await reader.readexactly(length))
        body = b'{"ok":true,"result":{"message_id":%d}}' % len(requests)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        await writer.drain()
        writer.close()  # without "Connection: close": the client finds out on reuse

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = BotApiClient(f"http://127.0.0.1:{port}/bot{TOKEN}")
    try:
        first = await client.call("sendMessage", {"chat_id": 1, "text": "un"})
        await asyncio.sleep(0.05)
        second = await client.call("sendMessage", {"chat_id": 1, "text": "deux"})
    finally:
        await client.close()
        server.close()
        await server.wait_closed()
    assert (first, second) == ({"message_id": 1}, {"message_id": 2})
    assert [r.decode() for r in requests] == ['{"chat_id":1,"text":"un"}',
                                             '{"chat_id":1,"text":"deux"}']
    assert connections == 2


async def test_calls_one_after_another_share_one_connection(tg: BotApiServer) -> None:
    marie = tg.add_user(first_name="Marie")
    client = BotApiClient(f"{tg.base_url}{TOKEN}")
    opened = 0
    real_open = asyncio.open_connection

    async def counting(*args: object, **kwargs: object) -> object:
        nonlocal opened
        opened += 1
        return await real_open(*args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(asyncio, "open_connection", counting)
        for n in range(5):
            await client.call("sendMessage", {"chat_id": marie.id, "text": f"n°{n}"})
    await client.close()
    assert [m.text for m in tg.sent_messages(marie)] == [f"n°{n}" for n in range(5)]
    assert opened == 1


def test_a_proxy_in_the_environment_leaves_the_calls_to_python_telegram_bot(
        monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"https://api.telegram.org/bot{TOKEN}"
    assert BotApiClient.fits(url)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    assert not BotApiClient.fits(url)
    monkeypatch.setenv("NO_PROXY", "api.telegram.org")
    assert BotApiClient.fits(url)


async def test_without_the_lean_client_messages_go_through_python_telegram_bot(
        tg: BotApiServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(BotApiClient, "fits", staticmethod(lambda base_url: False))
    marie = tg.add_user(first_name="Marie")
    async with Bot(TOKEN, base_url=tg.base_url, base_file_url=tg.base_file_url) as bot:
        transport = TelegramTransport(bot)
        shown = await transport.deliver(Message(marie.id, "Voter ?", keyboard=KEYBOARD))
        await transport.deliver(Message(marie.id, "Noté", edit_message_id=shown))
        await transport.close()
    assert [(m.text, m.inline_keyboard) for m in tg.sent_messages(marie)] == [("Noté", [])]
