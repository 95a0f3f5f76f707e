"""The endpoint Kannel's smsbox calls for each SMS received (`sms-service` with a `get-url`).

It answers 200 only once the message is committed to the SMS inbox (Kannel retries anything
else, with `http-request-retry`); the answer's body is empty, so Kannel sends no reply of its
own (`omit-empty = true`): replies go through sendsms, from the SMS outbox."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from tornado.httpserver import HTTPServer
from tornado.web import Application, RequestHandler

log = logging.getLogger(__name__)

# Kannel's escape codes for the get-url (user guide, "Parameters (Escape Codes)").
GET_URL_QUERY = "secret={secret}&id=%I&from=%p&to=%P&time=%t&coding=%c&charset=%C&text=%b"


@dataclass(frozen=True)
class MobileOriginated:
    """One SMS as Kannel hands it over: its id (%I), sender (%p), text, time (%t)."""

    message_id: str
    sender: str
    text: str
    time: str

    def __repr__(self) -> str:  # the number and the text stay out of logs and tracebacks
        return "MobileOriginated(...)"


Accept = Callable[[MobileOriginated], Awaitable[None]]


def decode_text(raw: bytes, coding: str, charset: str) -> str:
    """The text from %b's bytes: UTF-16BE for UCS-2 (coding 2), else the charset Kannel
    names (%C), UTF-8 for 7-bit messages (Kannel's internal form)."""
    name = charset.strip().upper()
    if coding.strip() == "2" or name in ("UTF-16BE", "UCS-2", "UCS2", "UTF-16"):
        return raw.decode("utf-16-be", errors="replace")
    try:
        return raw.decode(name or "utf-8", errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


class MoHandler(RequestHandler):
    """GET from smsbox, checked against the shared secret."""

    def initialize(self, secret: str, accept: Accept) -> None:
        self._secret = secret.encode()
        self._accept = accept

    def _argument(self, name: str) -> bytes:
        values = self.request.query_arguments.get(name)
        return values[0] if values else b""

    def _ascii(self, name: str) -> str:
        return self._argument(name).decode("ascii", errors="replace").strip()

    async def get(self) -> None:
        if not hmac.compare_digest(self._argument("secret"), self._secret):
            self.send_error(403)
            return
        sender = self._ascii("from")
        if not sender:
            self.send_error(400)
            return
        text = decode_text(self._argument("text"), self._ascii("coding"), self._ascii("charset"))
        message = MobileOriginated(self._ascii("id"), sender, text, self._ascii("time"))
        try:
            await self._accept(message)
        except Exception:  # not stored: Kannel asks again (http-request-retry)
            log.exception("SMS not stored; Kannel will send it again")
            self.send_error(500)
            return
        self.set_status(200)
        self.set_header("Content-Type", "text/plain; charset=UTF-8")
        self.finish("")

    def log_exception(self, *args: object) -> None:
        """Tornado's own traceback would quote the URL: the number and the text are in it."""


def _log_refusals(handler: RequestHandler) -> None:
    status = handler.get_status()
    if status >= 400:
        log.warning("SMS endpoint request refused with %d", status)


class SmsReceiver:
    """An HTTP server on `listen:port` taking Kannel's GETs at `/path`."""

    def __init__(self, listen: str, port: int, path: str, secret: str, accept: Accept) -> None:
        route = "/" + path.strip("/")
        app = Application([(route, MoHandler, {"secret": secret, "accept": accept})],
                          log_function=_log_refusals)
        self._server = HTTPServer(app)
        self._listen, self._port = listen, port

    def start(self) -> None:
        """Bind now: a port in use raises OSError at start, not later."""
        self._server.listen(self._port, address=self._listen)

    async def stop(self) -> None:
        self._server.stop()
        await self._server.close_all_connections()
