"""A finished campaign's site, written once per module by the real `budgetbot site` command
with its photos fetched from the Bot API test server; a headless Chromium to read it."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.botapi.models import make_png
from tests.botapi.server import BotApiServer

from .chromium import Browser, browser
from .site_db import Campaign, fill

ROOT = Path(__file__).resolve().parents[2]
GERS_FILE = ROOT / "examples" / "gers.toml"
# Screenshots kept after the run (ignored by git), besides the copies in the test's tmp dir.
KEPT = ROOT / "test-output" / "site"
# Photos for these GERS positions; the third is a file_id the Bot API does not know.
PHOTO_COLOURS = {1: (200, 60, 20), 4: (30, 120, 40)}
UNKNOWN_PHOTO = (5, "AgACAgQAAxkBAAIBnotafileofthisbot")


@dataclass
class Site:
    out: Path
    db: Path
    campaign: Campaign
    photos: dict[int, bytes]  # proposal id → the bytes the proposer sent
    stdout: str
    stderr: str
    returncode: int


async def run_site_command(db: Path, out: Path, server: BotApiServer | None) -> tuple[int, str,
                                                                                        str]:
    """``python -m bot site`` as a user runs it: the token in the environment when given."""
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    args = [sys.executable, "-m", "bot", "site", "--campaign", str(GERS_FILE), "--db", str(db),
            "--out", str(out)]
    if server is not None:
        env["TELEGRAM_BOT_TOKEN"] = server.token
        args += ["--base-url", server.url]
    process = await asyncio.create_subprocess_exec(*args, cwd=ROOT, env=env,
                                                   stdout=asyncio.subprocess.PIPE,
                                                   stderr=asyncio.subprocess.PIPE)
    stdout, stderr = await process.communicate()
    assert process.returncode is not None
    return process.returncode, stdout.decode(), stderr.decode()


async def build_site(tmp: Path, published: bool) -> Site:
    async with BotApiServer() as server:
        proposer = server.add_user("Jeanne")
        sent = {n: make_png(32, 24, colour) for n, colour in PHOTO_COLOURS.items()}
        file_ids = {n: server.inject_photo(proposer, data)["message"]["photo"][-1]["file_id"]
                    for n, data in sent.items()}
        file_ids[UNKNOWN_PHOTO[0]] = UNKNOWN_PHOTO[1]
        db = tmp / "gers.sqlite3"
        campaign = await fill(db, file_ids, published=published)
        code, stdout, stderr = await run_site_command(db, tmp / "site", server)
    by_id = {pid: sent[n] for n, pid in enumerate(campaign.ids, start=1) if n in sent}
    return Site(tmp / "site", db, campaign, by_id, stdout, stderr, code)


@pytest.fixture(scope="module")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return asyncio.run(build_site(tmp_path_factory.mktemp("published"), published=True))


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    yield from browser(tmp_path_factory.mktemp("chromium"))
