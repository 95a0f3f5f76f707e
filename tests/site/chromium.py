"""Headless Chromium (Debian's package) driven over the DevTools protocol, for the site tests.

One browser process; each test opens a tab over a WebSocket, loads a page, reads what a
reader sees (``innerText``, images, tables, headings, colours) and takes screenshots.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

# The flags known to work on these machines: without the network ones, Chromium's own calls
# home are refused by the closed network, many at a time.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--remote-debugging-port=0", "--remote-allow-origins=*")
INSTALL_HINT = "install it with `apt-get install -y chromium` (as .ci/run does)"
# A full-page screenshot taller than this is cut: the top of a long page is what matters.
MAX_SHOT_HEIGHT = 12_000

# What a reader gets from a page, computed in the page.
READ_PAGE = r"""
(() => {
  const lum = (c) => {
    const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = getComputedStyle(el).backgroundColor, m = c.match(/[\d.]+/g);
      if (m && (m.length < 4 || Number(m[3]) > 0)) return c;
    }
    return "rgb(255, 255, 255)";
  };
  const lowContrast = [];
  for (const el of document.body.querySelectorAll("*")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.getClientRects().length === 0) continue;
    const a = lum(getComputedStyle(el).color), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) lowContrast.push([el.tagName, el.textContent.trim().slice(0, 40), ratio]);
  }
  const twin = document.querySelector("header a[hreflang]");
  return {
    lang: document.documentElement.lang,
    title: document.title,
    text: document.body.innerText,
    main: document.querySelector("main").innerText,
    images: [...document.images].map((i) => ({src: i.getAttribute("src"),
      alt: i.getAttribute("alt"), loaded: i.complete && i.naturalWidth > 0})),
    captions: [...document.querySelectorAll("table")].map((t) =>
      t.caption ? t.caption.innerText : null),
    headings: [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) =>
      [Number(h.tagName[1]), h.innerText]),
    links: [...document.querySelectorAll("a[href]")].map((a) => a.href),
    twin: twin ? {href: twin.href, lang: twin.lang, text: twin.innerText} : null,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    lowContrast,
  };
})()
"""


def chromium_binary() -> str:
    """Debian's chromium, or skip the calling test when it is not installed."""
    found = shutil.which("chromium")
    if found is None:
        pytest.skip(f"chromium not found; {INSTALL_HINT}")
    return found


class Browser:
    """A headless Chromium with a fresh profile, listening for DevTools on a free port."""

    def __init__(self, binary: str, profile: Path) -> None:
        self.profile = profile
        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.port = self._wait_port()

    def _wait_port(self, timeout: float = 30.0) -> int:
        # Chromium writes the port it chose in this file once it listens.
        active = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with {self.process.returncode}")
            if active.exists() and (lines := active.read_text().split()):
                return int(lines[0])
            time.sleep(0.05)
        raise TimeoutError("chromium did not open its DevTools port")

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Tab:
    """One page of the browser, spoken to over its DevTools WebSocket."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

    async def __aenter__(self) -> Tab:
        self._http = aiohttp.ClientSession()
        async with self._http.put(f"http://127.0.0.1:{self.port}/json/new?about:blank") as r:
            target = await r.json(content_type=None)
        self._target = target["id"]
        self._socket = await self._http.ws_connect(target["webSocketDebuggerUrl"],
                                                   max_msg_size=0)
        self._reader = asyncio.create_task(self._read())
        await self.send("Page.enable")
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._reader.cancel()
        await self._socket.close()
        async with self._http.get(f"http://127.0.0.1:{self.port}/json/close/{self._target}"):
            pass
        await self._http.close()

    async def _read(self) -> None:
        async for message in self._socket:
            data = json.loads(message.data)
            if "id" in data:
                future = self._waiting.pop(data["id"])
                if "error" in data:
                    future.set_exception(RuntimeError(data["error"]))
                else:
                    future.set_result(data.get("result", {}))
            else:
                self._events.put_nowait((data["method"], data.get("params")))

    async def send(self, method: str, **params: Any) -> Any:
        ident = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting[ident] = future
        await self._socket.send_json({"id": ident, "method": method, "params": params})
        return await asyncio.wait_for(future, 30)

    async def view(self, width: int, height: int, scale: float = 1, mobile: bool = False) -> None:
        """The window's CSS size; a 1280 px window at 200 % zoom is 640 CSS px at scale 2."""
        await self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                        deviceScaleFactor=scale, mobile=mobile)

    async def goto(self, url: str) -> None:
        while not self._events.empty():
            self._events.get_nowait()
        await self.send("Page.navigate", url=url)
        while True:
            method, _ = await asyncio.wait_for(self._events.get(), 30)
            if method == "Page.loadEventFired":
                return

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression,
                                 returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    async def read(self) -> dict[str, Any]:
        """What a reader gets from the page (see READ_PAGE)."""
        value: dict[str, Any] = await self.evaluate(READ_PAGE)
        return value

    async def screenshot(self, path: Path) -> None:
        """The whole page (up to MAX_SHOT_HEIGHT) as a PNG at ``path``."""
        metrics = await self.send("Page.getLayoutMetrics")
        size = metrics["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"],
                "height": min(size["height"], MAX_SHOT_HEIGHT), "scale": 1}
        shot = await self.send("Page.captureScreenshot", format="png",
                               captureBeyondViewport=True, clip=clip)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))


def browser(tmp: Path) -> Iterator[Browser]:
    """A browser for a module of tests, closed after them."""
    started = Browser(chromium_binary(), tmp / "chromium-profile")
    try:
        yield started
    finally:
        started.close()
