"""`budgetbot run` refuses a bad configuration with exit 2 and one clear line, no traceback."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

import pytest

from tests.botapi import BotApiServer
from tests.cli.helpers import ROOT, budgetbot
from tests.e2e.botproc import PHONE_KEY, TOKEN


def test_run_without_a_token_exits_2_and_says_which_variable() -> None:
    done = budgetbot("run", "--campaign", "examples/gers.toml", "--db", "/nonexistent/x.db")
    assert done.returncode == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in done.stderr
    assert "Traceback" not in done.stderr


def test_run_with_a_broken_campaign_exits_2_before_anything_else(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('id = "x"\n', encoding="utf-8")
    done = budgetbot("run", "--campaign", str(path), env={"TELEGRAM_BOT_TOKEN": TOKEN})
    assert done.returncode == 2
    assert done.stderr.startswith(f"{path}: ")
    assert "department: this field is required" in done.stderr


@pytest.mark.parametrize("key", [None, "too-short"])
def test_run_without_a_long_phone_key_exits_2_and_says_how_to_make_one(key: str | None) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, **({"BUDGETBOT_PHONE_KEY": key} if key else {})}
    done = budgetbot("run", "--campaign", "examples/gers.toml", env=env)
    assert done.returncode == 2
    assert "BUDGETBOT_PHONE_KEY must hold a secret of at least 32 characters" in done.stderr
    assert "openssl rand -hex 32" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("window", ["30", "soon", "0"])
def test_a_secrecy_window_over_10_seconds_or_not_a_number_exits_2(window: str) -> None:
    done = budgetbot("run", "--campaign", "examples/gers.toml",
                     env={"TELEGRAM_BOT_TOKEN": TOKEN, "BUDGETBOT_PHONE_KEY": PHONE_KEY,
                          "BUDGETBOT_SECRECY_WINDOW": window})
    assert done.returncode == 2
    assert done.stderr.strip() == ("BUDGETBOT_SECRECY_WINDOW must be a number of seconds from "
                                   "0.1 to 10 (e.g. BUDGETBOT_SECRECY_WINDOW=5), "
                                   f"not {window!r}.")


def test_backup_of_a_missing_database_exits_2_naming_it(tmp_path: Path) -> None:
    done = budgetbot("backup", "--db", str(tmp_path / "none.sqlite3"),
                     "--out", str(tmp_path / "copy.sqlite3"))
    assert done.returncode == 2
    assert done.stderr.strip() == f"Cannot back up {tmp_path / 'none.sqlite3'}: no such file."
    assert not (tmp_path / "none.sqlite3").exists()


def test_an_unknown_log_level_exits_2_and_lists_the_levels() -> None:
    done = budgetbot("check", "examples/gers.toml", env={"BUDGETBOT_LOG": "loud"})
    assert done.returncode == 2
    assert done.stderr.strip() == ("BUDGETBOT_LOG must be one of DEBUG, INFO, WARNING, ERROR, "
                                   "CRITICAL (e.g. BUDGETBOT_LOG=WARNING), not 'loud'.")


def test_a_webhook_secret_telegram_would_refuse_exits_2() -> None:
    done = budgetbot("run", "--campaign", "examples/gers.toml", "--webhook-url",
                     "https://bot.example.org/telegram",
                     env={"TELEGRAM_BOT_TOKEN": TOKEN, "BUDGETBOT_WEBHOOK_SECRET": "a b+c",
                          "BUDGETBOT_PHONE_KEY": PHONE_KEY})
    assert done.returncode == 2
    assert "BUDGETBOT_WEBHOOK_SECRET may only hold" in done.stderr
    assert "Traceback" not in done.stderr


async def run(*args: str, token: str = TOKEN) -> tuple[int, str]:
    """`budgetbot run ARGS` to its end; the exit code and all of stderr."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": token, "BUDGETBOT_PHONE_KEY": PHONE_KEY}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--campaign", "examples/gers.toml", *args,
        cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    try:
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode is not None
    return proc.returncode, err.decode().strip()


async def test_a_token_the_server_refuses_exits_2(tg: BotApiServer, tmp_path: Path) -> None:
    code, err = await run("--db", str(tmp_path / "b.db"), "--base-url", tg.url,
                          token="999:not-this-bot-secret")
    assert code == 2
    assert "not-this-bot-secret" not in err  # a token is a password: never echoed
    assert err == ("The Bot API server refused TELEGRAM_BOT_TOKEN: copy the token BotFather "
                    "gave you again.")


async def test_a_database_that_cannot_be_opened_exits_2_naming_it(
        tg: BotApiServer, tmp_path: Path) -> None:
    db = tmp_path / "no-such-dir" / "b.db"
    code, err = await run("--db", str(db), "--base-url", tg.url)
    assert code == 2
    assert err == f"Cannot use the database {db}: unable to open database file"


async def test_an_unreachable_bot_api_exits_1_naming_the_address(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    code, err = await run("--db", str(tmp_path / "b.db"), "--base-url", url)
    assert code == 1
    assert err.startswith(f"Cannot reach the Bot API server at {url}: ")
    assert len(err.splitlines()) == 1


async def test_a_webhook_port_already_taken_exits_2(tg: BotApiServer, tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, err = await run("--db", str(tmp_path / "b.db"), "--base-url", tg.url,
                              "--webhook-url", f"http://127.0.0.1:{port}/telegram",
                              "--port", str(port))
    assert code == 2
    assert err == f"Cannot listen for the webhook on 127.0.0.1:{port}: Address already in use"
