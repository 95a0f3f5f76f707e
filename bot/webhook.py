"""The webhook endpoint: answers 200 only once the update is in the inbox."""

from __future__ import annotations

import hmac
import json
import logging

from tornado.httpserver import HTTPServer
from tornado.web import Application, RequestHandler

from bot.polling import Accept, received

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class UpdateHandler(RequestHandler):
    """POST of one Update from Telegram, checked against the secret token."""

    def initialize(self, secret: str, accept: Accept) -> None:
        self._secret = secret.encode()
        self._accept = accept

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            self.send_error(403)
            return
        try:
            raw = json.loads(self.request.body)
        except ValueError:
            self.send_error(400)
            return
        item = received(raw, self.request.body.decode()) if isinstance(raw, dict) else None
        if item is None:
            self.send_error(400)
            return
        try:
            await self._accept([item])
        except Exception:  # not stored: Telegram sends it again
            log.exception("update not stored; Telegram will send it again")
            self.send_error(500)
            return
        self.set_status(200)

    def log_exception(self, *args: object) -> None:
        """Tornado's own traceback could quote the request; ours above says enough."""


def _log_refusals(handler: RequestHandler) -> None:
    """Not a line per update (tornado's access log at INFO): only refused requests."""
    status = handler.get_status()
    if status >= 400:
        log.warning("webhook request refused with %d", status)


class ListenError(Exception):
    """The webhook's address cannot be listened on (a port in use, an address not ours)."""


class WebhookReceiver:
    """An HTTP server on `listen:port` taking Telegram's POSTs at `/path`."""

    def __init__(self, listen: str, port: int, path: str, secret: str, accept: Accept) -> None:
        route = "/" + path.strip("/")
        app = Application([(route, UpdateHandler, {"secret": secret, "accept": accept})],
                          log_function=_log_refusals)
        self._server = HTTPServer(app)
        self._listen, self._port = listen, port

    def start(self) -> None:
        """Bind now: a port in use raises ListenError before Telegram is told the URL."""
        try:
            self._server.listen(self._port, address=self._listen)
        except OSError as exc:
            raise ListenError(f"Cannot listen for the webhook on {self._listen}:{self._port}: "
                              f"{exc.strerror or exc}") from exc

    async def stop(self) -> None:
        self._server.stop()
        await self._server.close_all_connections()

