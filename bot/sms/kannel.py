"""Sends SMS through a Kannel smsbox, with its `/cgi-bin/sendsms` HTTP interface."""

from __future__ import annotations

import logging

import httpx

from bot.sms.gsm import fits_gsm7
from flows.sms import SmsError

log = logging.getLogger(__name__)

SENDSMS_PATH = "/cgi-bin/sendsms"
# Kannel's user guide: "0: Accepted for delivery" and "3: Queued for later delivery" (HTTP 202).
_ACCEPTED_PREFIXES = ("0:", "3:")
# Kannel's `coding` CGI variable: 0 is the GSM 7-bit alphabet, 2 is UCS-2.
_CODING_GSM7 = "0"
_CODING_UCS2 = "2"


class _RedactSendsmsQuery(logging.Filter):
    """Strips the query from sendsms URLs in httpx's request log: it holds the number,
    the text (the code) and the password."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(
            isinstance(arg, httpx.URL) and arg.path.endswith(SENDSMS_PATH) for arg in record.args
        ):
            record.args = tuple(
                arg.copy_with(query=None)
                if isinstance(arg, httpx.URL) and arg.path.endswith(SENDSMS_PATH)
                else arg
                for arg in record.args
            )
        return True


_REDACTOR = _RedactSendsmsQuery()


def _install_redactor() -> None:
    # httpx logs every request URL at INFO on its own logger; a logger filter sees those records.
    httpx_logger = logging.getLogger("httpx")
    if _REDACTOR not in httpx_logger.filters:
        httpx_logger.addFilter(_REDACTOR)


class KannelGateway:
    """Hands messages to Kannel's smsbox; anything but "accepted" or "queued" is an SmsError."""

    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        sender: str | None = None,
        timeout: float = 10.0,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        """`base_url` is the smsbox root (http://host:sendsms-port); `client` is borrowed."""
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self._url = base_url.rstrip("/") + SENDSMS_PATH
        self._username = username
        self._password = password
        self._sender = sender
        self._timeout = timeout
        self._client = client
        _install_redactor()

    def _params(self, to_e164: str, text: str) -> dict[str, str]:
        params = {
            "username": self._username,
            "password": self._password,
            "to": to_e164,
            "text": text,
            "charset": "UTF-8",
            # Accented capitals, ê, ç… are not in GSM 7-bit: Kannel would turn them into "?".
            "coding": _CODING_GSM7 if fits_gsm7(text) else _CODING_UCS2,
        }
        if self._sender is not None:
            params["from"] = self._sender
        return params

    async def _get(self, client: httpx.AsyncClient, params: dict[str, str]) -> httpx.Response:
        return await client.get(self._url, params=params, timeout=self._timeout)

    async def send(self, to_e164: str, text: str) -> None:
        """Send one SMS; raises SmsError unless Kannel accepted or queued it."""
        params = self._params(to_e164, text)
        try:
            if self._client is not None:
                response = await self._get(self._client, params)
            else:
                async with httpx.AsyncClient() as client:
                    response = await self._get(client, params)
        except httpx.TimeoutException:
            # `from None`: the httpx exception carries the request, whose URL holds the secrets.
            raise SmsError("kannel did not answer in time") from None
        except httpx.HTTPError as exc:
            raise SmsError(f"kannel unreachable ({type(exc).__name__})") from None
        body = response.text.strip()
        if response.status_code != 202 or not body.startswith(_ACCEPTED_PREFIXES):
            # Kannel's answers ("Authorization failed for sendsms", …) never echo number or text.
            status = response.status_code
            raise SmsError(f"kannel refused the message: HTTP {status} {body[:200]!r}")
        log.info("SMS sent via kannel")
