"""A loopback HTTP server standing in for api.brevo.com: records requests, replies as told."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web


@dataclass(frozen=True)
class RecordedRequest:
    """What the adapter sent, untouched, for field-by-field checks."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body)


@dataclass
class BrevoStub:
    """Replies with `status` and `body` (JSON when not str); `hang` withholds any answer."""

    base_url: str = ""
    status: int = 201
    body: Any = field(default_factory=lambda: {"messageId": 1511882900176220})
    hang: bool = False
    requests: list[RecordedRequest] = field(default_factory=list)
    released: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.Response:
        """Record the request, then answer with the configured reply."""
        self.requests.append(
            RecordedRequest(
                method=request.method,
                path=request.path,
                query=request.query_string,
                # Header names are case-insensitive; store them lower-cased to compare simply.
                headers={k.lower(): v for k, v in request.headers.items()},
                body=await request.read(),
            )
        )
        if self.hang:
            await self.released.wait()
        if isinstance(self.body, str):
            return web.Response(status=self.status, text=self.body)
        return web.json_response(self.body, status=self.status)


@pytest.fixture
async def brevo_stub() -> AsyncIterator[BrevoStub]:
    """A running stub on a free loopback port; every path is routed to it."""
    stub = BrevoStub()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", stub.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    stub.base_url = f"http://127.0.0.1:{port}"
    try:
        yield stub
    finally:
        # Let a hanging handler finish, or the runner's cleanup would wait for it.
        stub.released.set()
        await runner.cleanup()
