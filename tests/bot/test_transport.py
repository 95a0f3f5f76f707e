"""The Telegram transport against the Bot API test server: one upload per picture."""

from __future__ import annotations

from telegram import Bot

from bot.transport import TelegramTransport
from flows.replies import Message
from tests.botapi import BotApiServer
from tests.botapi.models import make_png
from tests.e2e.botproc import TOKEN


async def test_the_same_chart_to_many_people_is_uploaded_once(tg: BotApiServer) -> None:
    people = [tg.add_user(first_name=f"P{i}") for i in range(3)]
    chart, other = make_png(), make_png(width=3, height=2)
    async with Bot(TOKEN, base_url=tg.base_url, base_file_url=tg.base_file_url) as bot:
        transport = TelegramTransport(bot)
        for person in people:
            await transport.deliver(Message(person.id, "Résultats", photo_png=chart))
        await transport.deliver(Message(people[0].id, "Autre", photo_png=other))
    calls = tg.calls("sendPhoto")
    assert [bool(c.files) for c in calls] == [True, False, False, True]
    assert calls[1].params["photo"] == calls[2].params["photo"]
    assert [len(tg.sent_messages(p)) for p in people] == [2, 1, 1]  # everyone got the chart
