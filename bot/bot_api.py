"""A lean Bot API client for the hot calls: JSON over HTTP/1.1 keep-alive, PTB's errors.

python-telegram-bot's client (httpx, httpcore) spent more CPU per call than the rest of
handling an update: pool bookkeeping, request and response objects, header models. The Bot
API needs little: a POST of a JSON object to /bot<token>/<method>, an answer
{"ok": ..., "result" | "description", "error_code", "parameters"}
(https://core.telegram.org/bots/api#making-requests). Errors are raised as the same
telegram.error types PTB raises, so callers treat both clients alike."""

from __future__ import annotations

import asyncio
import contextlib
import json
import ssl
import time
import urllib.request
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

CONNECTIONS = 64  # at most this many calls on the wire at once
TIMEOUT = 15.0  # seconds for a whole call: connect, send, answer
IDLE_KEPT = 30.0  # seconds an idle connection is reused; servers close them after a while
MAX_ANSWER = 64 * 1024 * 1024


class _Conn:
    """One HTTP/1.1 connection, reused while the server keeps it open."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.idle_since = time.monotonic()

    def usable(self) -> bool:
        return not self.reader.at_eof() and not self.writer.is_closing() and \
            time.monotonic() - self.idle_since < IDLE_KEPT

    def close(self) -> None:
        self.writer.close()


class _StaleConnection(Exception):
    """A reused connection the server had closed before our request reached it."""


class BotApiClient:
    """POSTs JSON to `base_url` (PTB's Bot.base_url: scheme, host, /bot<token>)."""

    def __init__(self, base_url: str, connections: int = CONNECTIONS,
                 timeout: float = TIMEOUT) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an HTTP URL: {parts.scheme}://{parts.hostname}")
        self._host = parts.hostname
        self._port = parts.port or (443 if parts.scheme == "https" else 80)
        self._tls = ssl.create_default_context() if parts.scheme == "https" else None
        self._path = parts.path.rstrip("/")
        host = self._host if ":" not in self._host else f"[{self._host}]"
        default = (parts.scheme == "https") == (self._port == 443) and self._port in (80, 443)
        self._host_header = host if default else f"{host}:{self._port}"
        self._idle: list[_Conn] = []
        self._slots = asyncio.Semaphore(connections)
        self._timeout = timeout

    @staticmethod
    def fits(base_url: str) -> bool:
        """False where PTB's client should stay: a proxy configured in the environment
        (httpx follows HTTP(S)_PROXY, this client does not) or a URL it cannot serve."""
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        proxies = urllib.request.getproxies()
        return (parts.scheme not in proxies and "all" not in proxies) or \
            bool(urllib.request.proxy_bypass(parts.hostname))

    async def call(self, method: str, params: dict[str, Any]) -> Any:
        """The `result` of a Bot API method; a telegram.error.TelegramError if refused."""
        body = json.dumps({k: v for k, v in params.items() if v is not None},
                          ensure_ascii=False, separators=(",", ":")).encode()
        head = (f"POST {self._path}/{method} HTTP/1.1\r\nHost: {self._host_header}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                "Connection: keep-alive\r\n\r\n").encode("ascii")
        try:
            async with asyncio.timeout(self._timeout), self._slots:
                status, payload = await self._exchange(head + body)
        except TimeoutError:
            raise TimedOut() from None
        except (OSError, EOFError, ValueError, asyncio.IncompleteReadError,
                asyncio.LimitOverrunError, _StaleConnection) as exc:
            raise NetworkError(f"Bot API call failed: {exc!r}") from exc
        return _result(status, payload)

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
            with contextlib.suppress(Exception):
                await conn.writer.wait_closed()

    async def _exchange(self, request: bytes) -> tuple[int, bytes]:
        """Send on an idle connection, or a new one if the server had closed the idle one."""
        while self._idle:
            conn = self._idle.pop()
            if not conn.usable():
                conn.close()
                continue
            try:
                return await self._on(conn, request, reused=True)
            except _StaleConnection:
                continue
        reader, writer = await asyncio.open_connection(
            self._host, self._port, ssl=self._tls,
            server_hostname=self._host if self._tls else None)
        return await self._on(_Conn(reader, writer), request, reused=False)

    async def _on(self, conn: _Conn, request: bytes, reused: bool) -> tuple[int, bytes]:
        try:
            try:
                conn.writer.write(request)
                await conn.writer.drain()
                status_line = await conn.reader.readline()
            except ConnectionError as exc:
                if reused:  # reset while idle (see below)
                    raise _StaleConnection() from exc
                raise
            if not status_line and reused:
                # Closed by the server while idle: the request never reached the API, so it
                # is sent again on a fresh connection.
                raise _StaleConnection()
            status, keep = await _read_head(conn.reader, status_line)
            payload = await _read_body(conn.reader, keep)
        except BaseException:
            conn.close()
            raise
        if keep.reusable:
            conn.idle_since = time.monotonic()
            self._idle.append(conn)
        else:
            conn.close()
        return status, payload


class _Head:
    def __init__(self) -> None:
        self.length: int | None = None
        self.chunked = False
        self.reusable = True


async def _read_head(reader: asyncio.StreamReader, status_line: bytes) -> tuple[int, _Head]:
    parts = status_line.split(None, 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
        raise ValueError("not an HTTP/1.x answer")
    status, head = int(parts[1]), _Head()
    head.reusable = parts[0] == b"HTTP/1.1"
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == b"content-length":
            head.length = int(value)
        elif name == b"transfer-encoding":
            head.chunked = b"chunked" in value
        elif name == b"connection":
            head.reusable = value == b"keep-alive" or (head.reusable and value != b"close")
    return status, head


async def _read_body(reader: asyncio.StreamReader, head: _Head) -> bytes:
    if head.chunked:
        chunks: list[bytes] = []
        while True:
            size = int((await reader.readline()).split(b";")[0].strip(), 16)
            if size == 0:
                while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            if sum(map(len, chunks)) + size > MAX_ANSWER:
                raise ValueError("answer too large")
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
    if head.length is not None:
        if head.length > MAX_ANSWER:
            raise ValueError("answer too large")
        return await reader.readexactly(head.length)
    head.reusable = False  # the body ends when the server closes
    return await reader.read(MAX_ANSWER)


_ERRORS: dict[int, type[TelegramError]] = {
    HTTPStatus.FORBIDDEN: Forbidden, HTTPStatus.UNAUTHORIZED: InvalidToken,
    HTTPStatus.NOT_FOUND: InvalidToken, HTTPStatus.BAD_REQUEST: BadRequest,
    HTTPStatus.CONFLICT: Conflict,
}


def _result(status: int, payload: bytes) -> Any:
    """The answer's result, or the error PTB would raise for it (its _request_wrapper)."""
    try:
        answer = json.loads(payload)
    except ValueError:
        answer = None
    if 200 <= status <= 299:
        if not isinstance(answer, dict) or "result" not in answer:
            raise TelegramError("Invalid server response")
        return answer["result"]
    try:
        message = f"{HTTPStatus(status).phrase} ({status})"
    except ValueError:
        message = f"Unknown HTTPError ({status})"
    if isinstance(answer, dict):
        message = str(answer.get("description") or message)
        parameters = answer.get("parameters") or {}
        if parameters.get("migrate_to_chat_id"):
            raise ChatMigrated(int(parameters["migrate_to_chat_id"]))
        if parameters.get("retry_after"):
            raise RetryAfter(int(parameters["retry_after"]))
    raise _ERRORS.get(status, NetworkError)(message)
