"""Sends SMS through Brevo's transactional SMS API (`POST /v3/transactionalSMS/send`)."""

from __future__ import annotations

import logging
import re
from typing import Any

import httpx

from bot.sms.gsm import fits_gsm7
from flows.sms import SmsError

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.brevo.com"
SEND_PATH = "/v3/transactionalSMS/send"
# Brevo: "limited to 11 for alphanumeric characters and 15 for numeric characters".
_ALNUM_SENDER = re.compile(r"[A-Za-z0-9]{1,11}")
_NUMERIC_SENDER = re.compile(r"[0-9]{1,15}")
_DOCUMENTED_ERRORS = {
    400: "bad request",
    401: "API key rejected",
    402: "not enough SMS credits",
    429: "rate limited",
}


def check_sender(sender: str) -> str:
    """Return `sender` if Brevo accepts it as an SMS sender name, else raise ValueError."""
    if _ALNUM_SENDER.fullmatch(sender) or _NUMERIC_SENDER.fullmatch(sender):
        return sender
    raise ValueError(
        f"Brevo SMS sender {sender!r} must be 1-11 letters/digits or 1-15 digits, no spaces"
    )


class BrevoGateway:
    """Hands messages to Brevo; any answer but a 2xx, or no answer, is an SmsError."""

    def __init__(
        self,
        api_key: str,
        sender: str,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 10.0,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        """`base_url` is configurable so tests can point it at loopback; `client` is borrowed."""
        if not api_key:
            raise ValueError("Brevo API key is empty")
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self._api_key = api_key
        self._sender = check_sender(sender)
        self._url = base_url.rstrip("/") + SEND_PATH
        self._timeout = timeout
        self._client = client

    def _body(self, to_e164: str, text: str) -> dict[str, Any]:
        return {
            "sender": self._sender,
            # Brevo documents the recipient as digits with the country code ("33689965433").
            "recipient": to_e164.removeprefix("+"),
            "content": text,
            "type": "transactional",
            # With false Brevo replaces ê, ç, Œ… by their unaccented form; keep them when needed.
            "unicodeEnabled": not fits_gsm7(text),
        }

    async def _post(self, client: httpx.AsyncClient, body: dict[str, Any]) -> httpx.Response:
        headers = {"api-key": self._api_key, "accept": "application/json"}
        return await client.post(self._url, json=body, headers=headers, timeout=self._timeout)

    async def send(self, to_e164: str, text: str) -> None:
        """Send one SMS; raises SmsError when Brevo does not take it."""
        body = self._body(to_e164, text)
        try:
            if self._client is not None:
                response = await self._post(self._client, body)
            else:
                async with httpx.AsyncClient() as client:
                    response = await self._post(client, body)
        except httpx.TimeoutException:
            raise SmsError("brevo did not answer in time") from None
        except httpx.HTTPError as exc:
            raise SmsError(f"brevo unreachable ({type(exc).__name__})") from None
        if not response.is_success:
            raise SmsError(_describe_error(response, hidden=(body["recipient"], text)))
        log.info("SMS sent via brevo")


def _describe_error(response: httpx.Response, hidden: tuple[str, ...]) -> str:
    """Summarise Brevo's error answer ({"code", "message"}) minus the number and the text."""
    status = response.status_code
    summary = _DOCUMENTED_ERRORS.get(status, "server error" if status >= 500 else "refused")
    detail = ""
    try:
        payload = response.json()
    except ValueError:
        payload = None
    if isinstance(payload, dict):
        code = payload.get("code")
        message = payload.get("message")
        detail = " - ".join(str(part) for part in (code, message) if part)
        # The message may quote what it rejects: the number and the code must stay out of logs.
        for secret in hidden:
            if secret:
                detail = detail.replace(secret, "<hidden>")
    if detail:
        detail = ": " + detail[:300]
    return f"brevo {summary} (HTTP {status}){detail}"
