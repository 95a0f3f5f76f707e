"""One place builds what a command runs on: the campaign and its folder, the commune
directory, the phone key, the chart maker, the SMS gateway and the database (a SQLite file,
or a postgresql:// URL).

`budgetbot run`, `demo`, `export`, `purge` and the tests' harness all come through here, so
a relative path in the campaign always starts from the campaign file's folder."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.campaign_files import CampaignSource, open_campaign
from bot.chart import chart_maker
from bot.resident import resident_communes
from bot.settings import (
    SettingsError,
    demo_phone_key,
    phone_key,
    sms_gateway,
    sms_inbound,
)
from bot.sms import ConsoleGateway
from bot.sms_channel import SmsInbound
from flows.dialogues.context import ChartMaker, Deps
from flows.domain.campaign import CampaignError
from flows.domain.communes import CommuneDirectory
from flows.sms import SmsGateway
from storage.backend import is_postgres, shown

__all__ = ["CampaignSource", "SetupError", "Wiring", "build_deps", "database_problem",
           "existing_database", "for_demo", "for_run", "load", "open_campaign"]


class SetupError(Exception):
    """What stops a command before it starts, in one message naming the field and file."""


@dataclass(frozen=True)
class Wiring:
    """The long-lived dependencies of a running bot or demo."""

    deps: Deps
    gateway: SmsGateway
    db_path: str | Path  # a SQLite file, or a postgresql:// URL
    sms_inbound: SmsInbound | None = None  # where Kannel hands over SMS; None: no SMS voting


def build_deps(source: CampaignSource, key: bytes, communes: CommuneDirectory,
               chart: ChartMaker | None = chart_maker) -> Deps:
    """The flows' collaborators; the only place one is made (the tests' harness too)."""
    return Deps(source.campaign, communes, key, source.folder, chart)


def load(path: str | Path) -> CampaignSource:
    """The campaign file and the files it names, or a SetupError listing every problem."""
    try:
        return open_campaign(path)
    except CampaignError as exc:
        raise SetupError(str(exc)) from exc


def database_problem(path: str | Path) -> str | None:
    """Why the database cannot be used, found before an event loop starts; None if usable."""
    if is_postgres(path):
        import psycopg

        try:
            psycopg.connect(str(path), connect_timeout=10).close()
        except psycopg.Error as exc:
            return f"Cannot use the database {shown(path)}: {exc}"
        return None
    try:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA user_version").fetchone()
    except sqlite3.Error as exc:
        return f"Cannot use the database {path}: {exc}"
    return None


def usable_database(path: str | Path) -> str | Path:
    """A database that opens (a SQLite file is created if absent)."""
    db = path if is_postgres(path) else Path(path)
    problem = database_problem(db)
    if problem:
        raise SetupError(problem)
    return db


def existing_database(path: str | Path) -> str | Path:
    """A database that already exists: a mistyped --db must not read a new, empty one."""
    if is_postgres(path):
        return usable_database(path)
    db = Path(path)
    if not db.is_file():
        raise SetupError(f"Cannot use the database {db}: no such file.")
    return usable_database(db)


def for_run(source: CampaignSource, db_path: str | Path, env: Mapping[str, str],
            sms_port: int | None = None) -> Wiring:
    """`budgetbot run`: the phone key from the environment, the campaign's SMS gateway, and
    Kannel's endpoint for voting by SMS when the campaign (or `sms_port`) asks for it."""
    db = usable_database(db_path)
    try:
        key = phone_key(env)
        gateway = sms_gateway(source.campaign, source.path, env)
        inbound = sms_inbound(source.campaign, source.path, env, sms_port)
    except (SettingsError, CampaignError) as exc:
        raise SetupError(str(exc)) from exc
    return Wiring(build_deps(source, key, resident_communes()), gateway, db, inbound)


def for_demo(source: CampaignSource, db_path: str | Path, out: TextIO,
             env: Mapping[str, str]) -> tuple[Wiring, bool]:
    """`budgetbot demo`: a key kept beside the database (from the environment on PostgreSQL:
    no file to keep it beside), SMS codes printed to `out`; (wiring, whether the key file was
    just created)."""
    db = usable_database(db_path)
    try:
        if isinstance(db, str):
            key, created = phone_key(env), False
        else:
            key, created = demo_phone_key(db)
    except SettingsError as exc:
        raise SetupError(str(exc)) from exc
    except OSError as exc:
        raise SetupError(f"Cannot keep the demo's phone key beside {db}: "
                         f"{exc.strerror or exc}") from exc
    # The demo's SMS codes show in the terminal, whatever gateway the campaign names.
    return Wiring(build_deps(source, key, resident_communes()), ConsoleGateway(out), db), created
