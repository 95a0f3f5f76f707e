"""build_gateway: from the campaign file's [sms] table and the environment to a gateway."""

from __future__ import annotations

import io
import tomllib

import pytest
from pydantic import ValidationError

from bot.sms.brevo import BrevoGateway
from bot.sms.console import ConsoleGateway
from bot.sms.factory import SmsSettings, build_gateway
from bot.sms.kannel import KannelGateway

from .brevo_stub import BrevoStub


def settings_from_toml(text: str) -> SmsSettings:
    return SmsSettings.model_validate(tomllib.loads(text)["sms"])


def test_console_is_the_default_and_writes_to_the_given_stream() -> None:
    assert isinstance(build_gateway(SmsSettings(), env={}), ConsoleGateway)


async def test_console_gateway_uses_the_console_stream() -> None:
    stream = io.StringIO()
    gateway = build_gateway(SmsSettings(kind="console"), env={}, console_stream=stream)

    await gateway.send("+33612345678", "code 123456")

    assert stream.getvalue().endswith(": code 123456\n")


def test_kannel_from_toml_reads_the_password_from_the_named_variable() -> None:
    settings = settings_from_toml(
        """
        [sms]
        kind = "kannel"
        sender = "CD33"
        kannel_url = "http://127.0.0.1:13013"
        kannel_username = "budgetbot"
        kannel_password_env = "MY_KANNEL_PW"
        """
    )

    gateway = build_gateway(settings, env={"MY_KANNEL_PW": "s3cret"})

    assert isinstance(gateway, KannelGateway)


@pytest.mark.parametrize("env", [{}, {"KANNEL_PASSWORD": ""}])
def test_kannel_without_its_password_names_the_variable(env: dict[str, str]) -> None:
    settings = SmsSettings(kind="kannel", kannel_url="http://k:13013", kannel_username="u")

    with pytest.raises(ValueError, match="KANNEL_PASSWORD"):
        build_gateway(settings, env=env)


def test_kannel_without_url_or_username_is_invalid() -> None:
    with pytest.raises(ValidationError, match="kannel_url, kannel_username"):
        SmsSettings(kind="kannel")


def test_brevo_without_its_api_key_names_the_variable() -> None:
    settings = SmsSettings(kind="brevo", sender="CDBudget")

    with pytest.raises(ValueError, match="BREVO_API_KEY"):
        build_gateway(settings, env={"KANNEL_PASSWORD": "x"})


def test_brevo_needs_a_sender_it_accepts() -> None:
    with pytest.raises(ValidationError, match="sender"):
        SmsSettings(kind="brevo")
    with pytest.raises(ValidationError, match="sender"):
        SmsSettings(kind="brevo", sender="Budget participatif")


async def test_brevo_gateway_from_settings_posts_to_the_configured_base_url(
    brevo_stub: BrevoStub,
) -> None:
    settings = SmsSettings(kind="brevo", sender="CDBudget", brevo_base_url=brevo_stub.base_url)

    gateway = build_gateway(settings, env={"BREVO_API_KEY": "key-from-env"})
    await gateway.send("+33612345678", "code 123456")

    assert isinstance(gateway, BrevoGateway)
    assert brevo_stub.requests[0].headers["api-key"] == "key-from-env"


def test_secrets_cannot_be_written_in_the_table() -> None:
    with pytest.raises(ValidationError, match="kannel_password"):
        SmsSettings.model_validate(
            {
                "kind": "kannel",
                "kannel_url": "http://k",
                "kannel_username": "u",
                "kannel_password": "plain",
            }
        )


def test_unknown_kind_is_invalid() -> None:
    with pytest.raises(ValidationError):
        SmsSettings.model_validate({"kind": "carrier-pigeon"})


def test_timeout_must_be_positive() -> None:
    with pytest.raises(ValidationError):
        SmsSettings(timeout_seconds=0)
