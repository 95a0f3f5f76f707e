"""Several unmodified `budgetbot run` processes on one PostgreSQL database, as one bot: in
webhook mode behind a small round-robin proxy (what nginx's `upstream` does), or polling."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import psycopg
from aiohttp import web

from tests.botapi import BotApiServer
from tests.e2e.botproc import BotProcess, free_port

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class RoundRobinProxy:
    """Telegram's POSTs handed to each worker in turn; a worker that does not answer (killed)
    is skipped for the next one, as nginx's `proxy_next_upstream` does. With `fan_out`, each
    POST goes to every worker at once: the same update delivered twice, concurrently."""

    def __init__(self, upstreams: list[str]) -> None:
        self.upstreams = upstreams
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/telegram"
        self.fan_out = False
        self.forwarded: dict[str, int] = {u: 0 for u in upstreams}
        self._next = 0
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/telegram", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {"Content-Type": "application/json",
                   SECRET_HEADER: request.headers.get(SECRET_HEADER, "")}
        if self.fan_out:
            statuses = await asyncio.gather(*(self._post(u, body, headers)
                                              for u in self.upstreams))
            return web.Response(status=200 if 200 in statuses else 502)
        start, self._next = self._next, self._next + 1
        for i in range(len(self.upstreams)):
            status = await self._post(self.upstreams[(start + i) % len(self.upstreams)],
                                      body, headers)
            if status != 0:
                return web.Response(status=status)
        return web.Response(status=502)

    async def _post(self, upstream: str, body: bytes, headers: dict[str, str]) -> int:
        """The worker's status; 0 if it could not be reached."""
        assert self._session is not None
        try:
            async with self._session.post(upstream, data=body, headers=headers) as resp:
                await resp.read()
                if resp.status == 200:
                    self.forwarded[upstream] += 1
                return resp.status
        except (aiohttp.ClientError, OSError, TimeoutError):
            return 0


@dataclass
class Cluster:
    """`size` workers sharing `db_url` and one campaign file."""

    server: BotApiServer
    campaign: Path
    db_url: str
    tmp: Path
    size: int
    webhook: bool = True
    env: dict[str, str] = field(default_factory=dict)
    workers: list[BotProcess] = field(default_factory=list)
    proxy: RoundRobinProxy | None = None

    async def start(self) -> None:
        ports = [free_port() for _ in range(self.size)]
        if self.webhook:
            self.proxy = RoundRobinProxy([f"http://127.0.0.1:{p}/telegram" for p in ports])
            await self.proxy.start()
        for i, port in enumerate(ports):
            worker = BotProcess(self.server, self.campaign, self.tmp / f"worker{i}.db",
                                env=self.env, db_url=self.db_url,
                                webhook_port=port if self.webhook else None,
                                public_url=self.proxy.url if self.proxy else None,
                                leads=i == 0)
            await worker.start()
            self.workers.append(worker)

    async def stop(self) -> None:
        await asyncio.gather(*(w.stop() for w in self.workers))
        if self.proxy is not None:
            await self.proxy.stop()

    def stderr(self) -> str:
        return "\n".join(w.stderr() for w in self.workers)


async def kill_at_random(cluster: Cluster, times: int, seed: int, pause: float = 1.0,
                         until: Callable[[], bool] = lambda: False) -> int:
    """Kill -9 a random worker and start it again, `times` times (fewer if `until` comes
    true first); how many kills there were."""
    rng = random.Random(seed)
    kills = 0
    for _ in range(times):
        if until():
            break
        worker = rng.choice(cluster.workers)
        await worker.kill()
        kills += 1
        await asyncio.sleep(pause)
        await worker.start()
        await asyncio.sleep(pause)
    return kills


def rows(url: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql.encode()).fetchall()


async def eventually(check: Callable[[], Awaitable[bool]] | Callable[[], bool],
                     timeout: float) -> None:
    """Wait until `check` holds (polled every 0.2 s); fail after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = check()
        if not isinstance(result, bool):
            result = await result
        if result:
            return
        if loop.time() > deadline:
            raise AssertionError(f"not true within {timeout} s")
        await asyncio.sleep(0.2)
