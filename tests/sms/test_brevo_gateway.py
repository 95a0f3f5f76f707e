"""BrevoGateway against a loopback stub that checks the documented request shape."""

from __future__ import annotations

import logging

import pytest

from bot.sms.brevo import BrevoGateway
from flows.sms import SmsError

from .brevo_stub import BrevoStub
from .kannel import free_port

API_KEY = "xkeysib-test-0123456789"


def gateway_for(stub: BrevoStub, **overrides: object) -> BrevoGateway:
    settings: dict[str, object] = {
        "api_key": API_KEY,
        "sender": "CDBudget",
        "base_url": stub.base_url,
        "timeout": 2.0,
    }
    settings.update(overrides)
    return BrevoGateway(**settings)  # type: ignore[arg-type]


async def test_request_follows_the_documented_shape(brevo_stub: BrevoStub) -> None:
    await gateway_for(brevo_stub).send("+33612345678", "Votre code : 123456")

    [request] = brevo_stub.requests
    assert request.method == "POST"
    assert request.path == "/v3/transactionalSMS/send"
    assert request.query == ""
    assert request.headers["api-key"] == API_KEY
    assert request.headers["accept"] == "application/json"
    assert request.headers["content-type"] == "application/json"
    body = request.json()
    assert set(body) == {"sender", "recipient", "content", "type", "unicodeEnabled"}
    assert body["sender"] == "CDBudget"
    assert body["recipient"] == "33612345678"
    assert body["content"] == "Votre code : 123456"
    assert body["type"] == "transactional"
    assert body["unicodeEnabled"] is False


async def test_body_is_utf8_json_and_unicode_is_enabled_for_non_gsm_text(
    brevo_stub: BrevoStub,
) -> None:
    text = "Vous êtes inscrit·e, reçu : 123456"

    await gateway_for(brevo_stub).send("+33612345678", text)

    [request] = brevo_stub.requests
    assert request.json()["content"] == text
    assert request.json()["unicodeEnabled"] is True
    assert text.encode("utf-8") in request.body or "\\u00ea" in request.body.decode()


async def test_accented_text_in_gsm_alphabet_keeps_unicode_disabled(
    brevo_stub: BrevoStub,
) -> None:
    # é, è, à, ù are in the GSM alphabet: no need to pay for a UCS-2 message.
    await gateway_for(brevo_stub).send("+33612345678", "Été à Sète, déjà ? Code 123456")

    assert brevo_stub.requests[0].json()["unicodeEnabled"] is False


@pytest.mark.parametrize("status", [200, 201, 202])
async def test_any_success_status_is_accepted(brevo_stub: BrevoStub, status: int) -> None:
    brevo_stub.status = status

    await gateway_for(brevo_stub).send("+33612345678", "code 123456")

    assert len(brevo_stub.requests) == 1


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (400, {"code": "invalid_parameter", "message": "sender is invalid"}, "invalid_parameter"),
        (401, {"code": "unauthorized", "message": "Key not found"}, "API key rejected"),
        (402, {"code": "not_enough_credits", "message": "Not enough credits"}, "credits"),
        (429, {"code": "too_many_requests", "message": "slow down"}, "rate limited"),
        (500, "<html>oops</html>", "server error"),
    ],
)
async def test_documented_error_answers_are_sms_errors(
    brevo_stub: BrevoStub, status: int, body: object, expected: str
) -> None:
    brevo_stub.status = status
    brevo_stub.body = body

    with pytest.raises(SmsError, match=expected) as raised:
        await gateway_for(brevo_stub).send("+33612345678", "code 123456")

    assert f"HTTP {status}" in str(raised.value)


async def test_error_message_quoting_the_number_or_text_is_redacted(
    brevo_stub: BrevoStub,
) -> None:
    brevo_stub.status = 400
    brevo_stub.body = {"code": "invalid_parameter", "message": "33612345678: bad code 123456"}

    with pytest.raises(SmsError) as raised:
        await gateway_for(brevo_stub).send("+33612345678", "code 123456")

    assert "33612345678" not in str(raised.value)
    assert "invalid_parameter" in str(raised.value)


async def test_slow_brevo_is_an_sms_error_after_the_timeout(brevo_stub: BrevoStub) -> None:
    brevo_stub.hang = True

    with pytest.raises(SmsError, match="in time"):
        await gateway_for(brevo_stub, timeout=0.2).send("+33612345678", "code 123456")


async def test_unreachable_brevo_is_an_sms_error() -> None:
    gateway = BrevoGateway(API_KEY, "CDBudget", base_url=f"http://127.0.0.1:{free_port()}")

    with pytest.raises(SmsError, match="unreachable"):
        await gateway.send("+33612345678", "code 123456")


async def test_logs_name_neither_number_nor_code_nor_key(
    brevo_stub: BrevoStub, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    await gateway_for(brevo_stub).send("+33612345678", "votre code 987654")

    assert "SMS sent via brevo" in caplog.text
    for secret in ("33612345678", "987654", API_KEY):
        assert secret not in caplog.text


@pytest.mark.parametrize("sender", ["", "Budget Part", "BudgetParticip", "1234567890123456"])
def test_sender_brevo_would_refuse_is_rejected_upfront(sender: str) -> None:
    with pytest.raises(ValueError, match="sender"):
        BrevoGateway(API_KEY, sender)


def test_numeric_sender_up_to_15_digits_is_accepted() -> None:
    BrevoGateway(API_KEY, "336123456789012")
