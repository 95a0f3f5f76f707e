"""One place builds what a command runs on: the campaign and its folder, the commune
directory, the phone key, the chart maker, the SMS gateway and the database (a SQLite file,
or a postgresql:// URL).

`budgetbot run`, `demo`, `export`, `purge` and the tests' harness all come through here, so
a relative path in the campaign always starts from the campaign file's folder."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from bot.campaign_files import CampaignSource, open_campaign, open_campaigns
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
from flows.services.campaigns import Campaigns
from flows.sms import SmsGateway
from storage.backend import is_postgres, shown

__all__ = ["CampaignSource", "SetupError", "Wiring", "build_deps", "database_problem",
           "existing_database", "for_demo", "for_run", "load", "load_all", "open_campaign"]


class SetupError(Exception):
    """What stops a command before it starts, in one message naming the field and file."""


@dataclass(frozen=True)
class Wiring:
    """The long-lived dependencies of a running bot or demo. `deps` and `gateway` are the
    first campaign's, or the one voting by plain SMS (`sms_inbound`); `campaigns` all of
    them, each with its own SMS gateway in `gateways` (by campaign id)."""

    deps: Deps
    gateway: SmsGateway
    db_path: str | Path  # a SQLite file, or a postgresql:// URL
    sms_inbound: SmsInbound | None = None  # where Kannel hands over SMS; None: no SMS voting
    several: Campaigns[Deps] | None = None
    gateways: Mapping[str, SmsGateway] = field(default_factory=dict)

    @property
    def campaigns(self) -> Campaigns[Deps]:
        return self.several if self.several is not None else Campaigns.of([self.deps])

    def gateway_of(self, deps: Deps) -> SmsGateway:
        return self.gateways.get(deps.campaign.id, self.gateway)


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


def load_all(paths: Sequence[str | Path]) -> list[CampaignSource]:
    """Several campaign files (or folders of them), each checked, then checked together."""
    try:
        return open_campaigns(paths)
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


def for_run(sources: CampaignSource | Sequence[CampaignSource], db_path: str | Path,
            env: Mapping[str, str], sms_port: int | None = None) -> Wiring:
    """`budgetbot run`: the phone key from the environment, each campaign's SMS gateway, and
    Kannel's endpoint for voting by SMS when a campaign (or `sms_port`) asks for it."""
    sources = [sources] if isinstance(sources, CampaignSource) else list(sources)
    db = usable_database(db_path)
    try:
        key = phone_key(env)
        gateways = {s.campaign.id: sms_gateway(s.campaign, s.path, env) for s in sources}
        inbound = {s.campaign.id: sms_inbound(s.campaign, s.path, env,
                                              sms_port if len(sources) == 1 else None)
                   for s in sources}
    except (SettingsError, CampaignError) as exc:
        raise SetupError(str(exc)) from exc
    voting_by_sms = [cid for cid, endpoint in inbound.items() if endpoint is not None]
    if sms_port is not None and len(sources) > 1 and not voting_by_sms:
        raise SetupError("--sms-port: with several campaigns, set [sms] inbound_port in the "
                         "file of the campaign that takes votes by plain SMS.")
    communes = resident_communes()
    campaigns = Campaigns.of([build_deps(s, key, communes) for s in sources])
    main = campaigns.by_id(voting_by_sms[0]) if voting_by_sms else campaigns.first
    assert main is not None
    endpoint = inbound[main.campaign.id]
    if endpoint is not None and sms_port is not None:
        endpoint = replace(endpoint, port=sms_port)
    return Wiring(main, gateways[main.campaign.id], db, endpoint, campaigns, gateways)


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
