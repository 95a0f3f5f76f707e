"""KannelGateway against a real Kannel (bearerbox + smsbox + fakesmsc) on loopback."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest

from bot.sms.kannel import KannelGateway
from flows.sms import SmsError

from .kannel import KannelHarness, free_port


def gateway_for(kannel: KannelHarness, **overrides: object) -> KannelGateway:
    settings: dict[str, object] = {
        "base_url": kannel.base_url,
        "username": kannel.username,
        "password": kannel.password,
        "timeout": 5.0,
    }
    settings.update(overrides)
    return KannelGateway(**settings)  # type: ignore[arg-type]


async def test_message_reaches_the_sms_centre_with_number_and_accented_text(
    kannel: KannelHarness,
) -> None:
    text = "Budget participatif : votre code est 482913. Été à Sète, déjà !"

    await gateway_for(kannel).send("+33612345678", text)

    assert await kannel.wait_for_sms("+33612345678", timeout=10) == text


async def test_text_outside_gsm_alphabet_arrives_intact_via_ucs2(kannel: KannelHarness) -> None:
    # ê, ç, Œ and the curly apostrophe have no GSM 7-bit form: they need UCS-2 to survive.
    text = "Vous êtes inscrit·e ; reçu l’œuvre 123456"

    await gateway_for(kannel).send("+33698765432", text)

    assert await kannel.wait_for_sms("+33698765432", timeout=10) == text


async def test_configured_sender_is_the_one_the_sms_centre_sees(kannel: KannelHarness) -> None:
    await gateway_for(kannel, sender="CD33").send("+33611111111", "code 000111")

    await kannel.wait_for_sms("+33611111111", timeout=10)
    delivered = [sms for sms in kannel.delivered() if sms.to == "+33611111111"]
    assert [sms.sender for sms in delivered] == ["CD33"]


async def test_wrong_password_is_an_sms_error(kannel: KannelHarness) -> None:
    gateway = gateway_for(kannel, password="not-the-password")

    with pytest.raises(SmsError, match="403"):
        await gateway.send("+33622222222", "code 222222")


async def test_unreachable_kannel_is_an_sms_error() -> None:
    gateway = KannelGateway(f"http://127.0.0.1:{free_port()}", "user", "pw", timeout=2)

    with pytest.raises(SmsError, match="unreachable"):
        await gateway.send("+33633333333", "code 333333")


async def test_stopped_smsbox_is_an_sms_error(fresh_kannel: KannelHarness) -> None:
    gateway = gateway_for(fresh_kannel)
    await gateway.send("+33644444444", "code 444444")
    assert await fresh_kannel.wait_for_sms("+33644444444", timeout=10) == "code 444444"

    fresh_kannel.stop_smsbox()

    with pytest.raises(SmsError):
        await gateway.send("+33644444444", "code 555555")


@pytest.fixture
async def silent_server() -> AsyncIterator[int]:
    """A loopback port that accepts connections and never answers."""
    held: list[asyncio.StreamWriter] = []

    async def hold(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_kannel_that_never_answers_is_an_sms_error_after_the_timeout(
    silent_server: int,
) -> None:
    gateway = KannelGateway(f"http://127.0.0.1:{silent_server}", "user", "pw", timeout=0.3)

    with pytest.raises(SmsError, match="in time"):
        await gateway.send("+33655555555", "code 555555")


async def test_logs_name_neither_the_number_nor_the_code_nor_the_password(
    kannel: KannelHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    await gateway_for(kannel).send("+33677777777", "votre code 777123")
    with pytest.raises(SmsError) as refused:
        await gateway_for(kannel, password="wrong-pw").send("+33677777777", "code 777456")

    logged = caplog.text + str(refused.value)
    assert "SMS sent via kannel" in caplog.text
    # httpx logged the request: the line is there, its query string is not.
    assert "/cgi-bin/sendsms" in caplog.text
    for secret in ("33677777777", "777123", "777456", kannel.password, "wrong-pw"):
        assert secret not in logged
