"""The `budgetbot` command: run, demo, check, export, purge, backup, tally."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import secrets
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.logs import LogLevelError, configure
from flows.domain.campaign import Campaign, CampaignError, load_campaign
from flows.domain.ordering import EXPLAINED


def _campaign(path: str) -> Campaign | None:
    try:
        return load_campaign(path)
    except CampaignError as exc:
        print(exc, file=sys.stderr)
        return None


def _database_problem(path: str) -> str | None:
    """Why the SQLite file cannot be used, found before an event loop starts; None if usable."""
    try:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA user_version").fetchone()
    except sqlite3.Error as exc:
        return f"Cannot use the database {path}: {exc}"
    return None


def _database_usable(path: str) -> bool:
    """Say why the database cannot be used, if it cannot; True when it can."""
    problem = _database_problem(path)
    if problem:
        print(problem, file=sys.stderr)
    return problem is None


def cmd_check(args: argparse.Namespace) -> int:
    campaign = _campaign(args.file)
    if campaign is None:
        return 2
    from bot.settings import sms_settings

    try:
        sms_settings(campaign, Path(args.file))
    except CampaignError as exc:
        print(exc, file=sys.stderr)
        return 2
    phases = ", ".join(f"{p.kind.value} {p.start:%Y-%m-%d}→{p.end:%Y-%m-%d}"
                       for p in campaign.phases)
    print(f"{args.file}: OK — {campaign.name.fr} (département {campaign.department}), "
          f"{campaign.budget.total} €, {len(campaign.themes)} themes; phases: {phases}")
    print(f"vote.order = \"{campaign.vote.order}\": {EXPLAINED[campaign.vote.order]}")
    return 0


WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def cmd_run(args: argparse.Namespace) -> int:
    campaign = _campaign(args.campaign)
    if campaign is None:
        return 2
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        print("TELEGRAM_BOT_TOKEN is not set: put the token BotFather gave you in it.",
              file=sys.stderr)
        return 2
    secret = os.environ.get("BUDGETBOT_WEBHOOK_SECRET") or secrets.token_urlsafe(32)
    if args.webhook_url and not WEBHOOK_SECRET.fullmatch(secret):
        print("BUDGETBOT_WEBHOOK_SECRET may only hold 1 to 256 letters, digits, '_' or '-' "
              "(Telegram refuses any other).", file=sys.stderr)
        return 2
    if not _database_usable(args.db):
        return 2
    from telegram.error import InvalidToken, NetworkError

    from bot.app import WebhookSettings, serve
    from bot.settings import (
        SettingsError,
        outbox_rate,
        phone_key,
        secrecy_window,
        sms_gateway,
        sms_inbound,
    )
    from bot.sms_channel import SmsListenError

    try:
        key = phone_key(os.environ)
        gateway = sms_gateway(campaign, Path(args.campaign), os.environ)
        window = secrecy_window(os.environ)
        inbound = sms_inbound(campaign, Path(args.campaign), os.environ, args.sms_port)
    except (SettingsError, CampaignError) as exc:
        print(exc, file=sys.stderr)
        return 2
    webhook = WebhookSettings(args.webhook_url, args.listen, args.port, args.url_path,
                              secret) if args.webhook_url else None
    try:
        asyncio.run(serve(campaign, Path(args.db), token, key, gateway, args.base_url,
                          poll_timeout=args.poll_timeout, webhook=webhook,
                          campaign_dir=Path(args.campaign).parent, secrecy_window=window,
                          per_second=outbox_rate(os.environ), sms_inbound=inbound))
    except InvalidToken:
        print("The Bot API server refused TELEGRAM_BOT_TOKEN: copy the token BotFather gave "
              "you again.", file=sys.stderr)
        return 2
    except NetworkError as exc:
        print(f"Cannot reach the Bot API server at {args.base_url or 'api.telegram.org'}: "
              f"{exc}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:
        print(f"Cannot use the database {args.db}: {exc}", file=sys.stderr)
        return 2
    except SmsListenError as exc:
        print(f"Cannot listen for Kannel's SMS ([sms] inbound_port) on {exc.strerror}",
              file=sys.stderr)
        return 2
    except OSError as exc:
        if not args.webhook_url:
            raise
        print(f"Cannot listen for the webhook on {args.listen}:{args.port}: {exc.strerror}",
              file=sys.stderr)
        return 2
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    campaign = _campaign(args.campaign)
    if campaign is None:
        return 2
    if not _database_usable(args.db):
        return 2
    from bot.demo import run_demo
    from bot.settings import demo_phone_key
    from bot.sms import ConsoleGateway

    try:
        key, created = demo_phone_key(Path(args.db))
        if created:
            print(f"(demo: created a secret key for phone hashes in {args.db}.key)")
        # The demo's SMS codes show in this terminal, whatever gateway the campaign names.
        asyncio.run(run_demo(campaign, Path(args.db), lang=args.lang, phone_key=key,
                             gateway=ConsoleGateway(sys.stdout)))
    except KeyboardInterrupt:
        print(f"\n(demo left; your place is kept in {args.db})")
    except (sqlite3.Error, OSError) as exc:
        print(f"Cannot use the database {args.db}: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_tally(args: argparse.Namespace) -> int:
    from bot.tally_cli import run_tally

    return run_tally(args.file, args.rule, args.json)


def cmd_export(args: argparse.Namespace) -> int:
    campaign = _campaign(args.campaign)
    if campaign is None:
        return 2
    from bot.export import export_campaign
    from flows.domain.communes import load_communes

    pb, csv = asyncio.run(export_campaign(Path(args.db), campaign, load_communes(),
                                          Path(args.out), Path(args.campaign).parent))
    print(f"wrote {pb} (anonymous ballots, pabulib format) and {csv} (projects and results)")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    campaign = _campaign(args.campaign)
    if campaign is None:
        return 2
    from datetime import UTC, datetime

    from bot.maintenance import purge

    report = asyncio.run(purge(Path(args.db), campaign, datetime.now(UTC)))
    print("\n".join(report.lines()))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from storage.backup import BackupError, backup

    if not Path(args.db).is_file():
        print(f"Cannot back up {args.db}: no such file.", file=sys.stderr)
        return 2
    try:
        report = backup(Path(args.db), Path(args.out))
    except (BackupError, sqlite3.Error, OSError) as exc:
        print(f"Backup of {args.db} failed: {exc}", file=sys.stderr)
        return 1
    print("\n".join(report.lines()))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="budgetbot", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the Telegram bot (token in TELEGRAM_BOT_TOKEN)")
    run.add_argument("--campaign", required=True, help="campaign TOML file")
    run.add_argument("--db", default="budgetbot.sqlite3", help="SQLite file (created if absent)")
    run.add_argument("--base-url", help="Bot API server root, e.g. http://127.0.0.1:8081")
    run.add_argument("--poll-timeout", type=int, default=30, help="long polling timeout (s)")
    run.add_argument("--webhook-url", help="public HTTPS URL: switches to webhook mode; the "
                     "secret token comes from BUDGETBOT_WEBHOOK_SECRET (random if unset)")
    run.add_argument("--listen", default="127.0.0.1", help="webhook listen address")
    run.add_argument("--port", type=int, default=8443, help="webhook listen port")
    run.add_argument("--url-path", default="telegram", help="webhook path")
    run.add_argument("--sms-port", type=int, help="port for Kannel's SMS get-url (voting by "
                     "plain SMS; else [sms] inbound_port); secret in BUDGETBOT_SMS_SECRET")
    run.set_defaults(func=cmd_run)

    demo = sub.add_parser("demo", help="chat with the bot in this terminal")
    demo.add_argument("--campaign", default="examples/gers.toml", help="campaign TOML file")
    demo.add_argument("--db", default="demo.sqlite3", help="SQLite file")
    demo.add_argument("--lang", choices=["fr", "en"], default="fr")
    demo.set_defaults(func=cmd_demo)

    check = sub.add_parser("check", help="validate a campaign file and explain every problem")
    check.add_argument("file")
    check.set_defaults(func=cmd_check)

    export = sub.add_parser("export", help="write the anonymous ballots (.pb) and a projects CSV")
    export.add_argument("--campaign", required=True)
    export.add_argument("--db", required=True)
    export.add_argument("--out", default=".", help="folder to write into")
    export.set_defaults(func=cmd_export)

    purge = sub.add_parser("purge", help="delete expired codes and, after the retention "
                           "period, the voter list (counts are kept)")
    purge.add_argument("--campaign", required=True)
    purge.add_argument("--db", required=True)
    purge.set_defaults(func=cmd_purge)

    backup = sub.add_parser("backup", help="a consistent copy of the database, live, that "
                            "ties no voter to a ballot; verified by restoring it")
    backup.add_argument("--db", required=True, help="the SQLite file (the bot may be running)")
    backup.add_argument("--out", required=True, help="the backup file to write")
    backup.set_defaults(func=cmd_backup)

    tally = sub.add_parser("tally", help="count the winners of a pabulib .pb election")
    tally.add_argument("file")
    tally.add_argument("--rule", default="auto")
    tally.add_argument("--json", action="store_true")
    tally.set_defaults(func=cmd_tally)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    try:
        configure(os.environ)
    except LogLevelError as exc:
        print(exc, file=sys.stderr)
        return 2
    args = parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
