"""The `budgetbot` command: run, demo, check, export, site, purge, backup, tally."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

DB_ENV = "BUDGETBOT_DB"  # the --db of every command, when it is not given

# Imports are made where they are used, so that `budgetbot tally` (a counting tool, timed
# as a whole process) loads neither asyncio, pydantic, phonenumbers nor the storage layer.


def _is_url(target: str | Path) -> bool:
    from storage.backend import is_postgres

    return is_postgres(target)


def _shown(target: str | Path) -> str:
    from storage.backend import shown

    return shown(target)


def _db_errors(target: str) -> tuple[type[Exception], ...]:
    """What a failing database raises: sqlite3's errors, or psycopg's for a URL."""
    import sqlite3

    if _is_url(target):
        import psycopg

        return sqlite3.Error, psycopg.Error
    return (sqlite3.Error,)


def _fail(exc: Exception) -> int:
    """A command that cannot start: one message on stderr, exit 2."""
    print(exc, file=sys.stderr)
    return 2


def cmd_check(args: argparse.Namespace) -> int:
    from bot.campaign_files import campaign_paths, clashes, open_campaign
    from bot.settings import sms_settings
    from flows.domain.campaign import CampaignError
    from flows.domain.ordering import EXPLAINED

    try:
        paths = campaign_paths(args.file)
    except CampaignError as exc:
        return _fail(exc)
    sources, failed = [], []
    for path in paths:  # every file's problems at once, not the first file's only
        try:
            source = open_campaign(path)
            sms_settings(source.campaign, source.path)
            sources.append(source)
        except CampaignError as exc:
            failed.append(str(exc))
    if failed:
        print("\n".join(failed), file=sys.stderr)
        return 2
    for source in sources:
        campaign = source.campaign
        phases = ", ".join(f"{p.kind.value} {p.start:%Y-%m-%d}→{p.end:%Y-%m-%d}"
                           for p in campaign.phases)
        print(f"{source.path}: OK — {campaign.name.fr} (département {campaign.department}), "
              f"{campaign.budget.total} €, {len(campaign.themes)} themes; phases: {phases}")
        print(f"vote.order = \"{campaign.vote.order}\": {EXPLAINED[campaign.vote.order]}")
    problems = clashes(sources)
    if problems:
        from bot.campaign_files import CampaignClash

        return _fail(CampaignClash([s.path for s in sources], problems))
    if len(sources) > 1:
        print(f"{len(sources)} campaigns can run together; each one's start link is "
              "https://t.me/<your bot>?start=<id>: "
              + ", ".join(s.campaign.id for s in sources))
    return 0


WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def cmd_run(args: argparse.Namespace) -> int:
    import asyncio

    from bot.wiring import SetupError, for_run, load_all

    try:
        sources = load_all(args.campaign)
    except SetupError as exc:
        return _fail(exc)
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        print("TELEGRAM_BOT_TOKEN is not set: put the token BotFather gave you in it.",
              file=sys.stderr)
        return 2
    # Unset: the cluster's own, drawn once and kept in the database (bot.cluster).
    secret = os.environ.get("BUDGETBOT_WEBHOOK_SECRET") or None
    if args.webhook_url and secret is not None and not WEBHOOK_SECRET.fullmatch(secret):
        print("BUDGETBOT_WEBHOOK_SECRET may only hold 1 to 256 letters, digits, '_' or '-' "
              "(Telegram refuses any other).", file=sys.stderr)
        return 2
    from telegram.error import InvalidToken, NetworkError

    from bot.app import WebhookSettings, serve
    from bot.legacy import LegacyMismatch
    from bot.settings import SettingsError, outbox_rate, secrecy_window
    from bot.sms_channel import SmsListenError
    from bot.webhook import ListenError

    try:
        wiring = for_run(sources, args.db, os.environ, args.sms_port)
        window = secrecy_window(os.environ)
    except (SetupError, SettingsError) as exc:
        return _fail(exc)
    webhook = WebhookSettings(args.webhook_url, args.listen, args.port, args.url_path,
                              secret) if args.webhook_url else None
    try:
        asyncio.run(serve(wiring, token, args.base_url, poll_timeout=args.poll_timeout,
                          webhook=webhook, secrecy_window=window,
                          per_second=outbox_rate(os.environ)))
    except InvalidToken:
        print("The Bot API server refused TELEGRAM_BOT_TOKEN: copy the token BotFather gave "
              "you again.", file=sys.stderr)
        return 2
    except NetworkError as exc:
        print(f"Cannot reach the Bot API server at {args.base_url or 'api.telegram.org'}: "
              f"{exc}", file=sys.stderr)
        return 1
    except _db_errors(args.db) as exc:
        print(f"Cannot use the database {_shown(args.db)}: {exc}", file=sys.stderr)
        return 2
    except SmsListenError as exc:
        print(f"Cannot listen for Kannel's SMS ([sms] inbound_port) on {exc.strerror}",
              file=sys.stderr)
        return 2
    except (ListenError, LegacyMismatch) as exc:
        return _fail(exc)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    import asyncio

    from bot.wiring import SetupError, for_demo, load

    try:
        wiring, created = for_demo(load(args.campaign), args.db, sys.stdout,
                                    os.environ)
    except SetupError as exc:
        return _fail(exc)
    from bot.demo import run_demo

    if created:
        print(f"(demo: created a secret key for phone hashes in {args.db}.key)")
    try:
        asyncio.run(run_demo(wiring, lang=args.lang))
    except KeyboardInterrupt:
        print(f"\n(demo left; your place is kept in {_shown(args.db)})")
    except _db_errors(args.db) as exc:
        print(f"Cannot use the database {_shown(args.db)}: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_tally(args: argparse.Namespace) -> int:
    from bot.tally_cli import run_tally

    return run_tally(args.file, args.rule, args.json)


def cmd_export(args: argparse.Namespace) -> int:
    import asyncio

    from bot.wiring import SetupError, existing_database, load

    out = Path(args.out)
    try:
        source = load(args.campaign)
        db = existing_database(args.db)
        if out.exists() and not out.is_dir():
            raise SetupError(f"Cannot export into {out}: it is a file, not a folder.")
    except SetupError as exc:
        return _fail(exc)
    from bot.export import export_campaign
    from flows.domain.communes import load_communes

    try:
        pb, csv = asyncio.run(export_campaign(db, source, load_communes(), out))
    except OSError as exc:
        about = exc.filename and Path(exc.filename) != out  # the file it is about, if not --out
        reason = f"{exc.filename}: {exc.strerror}" if about else exc.strerror or str(exc)
        print(f"Cannot export into {out}: {reason}", file=sys.stderr)
        return 2
    print(f"wrote {pb} (anonymous ballots, pabulib format) and {csv} (projects and results)")
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from bot.wiring import SetupError, existing_database, load

    try:
        source = load(args.campaign)
        db = existing_database(args.db)
    except SetupError as exc:
        return _fail(exc)
    from bot.site.cli import write_site_command

    return write_site_command(source, db, Path(args.out),
                              os.environ.get("TELEGRAM_BOT_TOKEN", "").strip(), args.base_url)


def cmd_purge(args: argparse.Namespace) -> int:
    import asyncio

    from bot.wiring import SetupError, existing_database, load

    try:
        source = load(args.campaign)
        db = existing_database(args.db)
    except SetupError as exc:
        return _fail(exc)
    from datetime import UTC, datetime

    from bot.maintenance import purge

    report = asyncio.run(purge(db, source.campaign, datetime.now(UTC)))
    print("\n".join(report.lines()))
    return 0


def _backup_target_problem(db: Path, out: Path) -> str | None:
    """Why --out cannot take the backup: it would replace the live database (or its -wal),
    is a folder, or is in a folder that does not exist; None when it can."""
    live = db.resolve()
    if out.resolve() in {live, *(live.with_name(live.name + s) for s in ("-wal", "-shm"))}:
        return "that is the database itself; name another file."
    if out.is_dir():
        return f"it is a folder; name a file in it, e.g. {out / 'budgetbot-backup.sqlite3'}"
    if not out.absolute().parent.is_dir():
        return f"there is no folder {out.absolute().parent}."
    return None


def cmd_backup(args: argparse.Namespace) -> int:
    import sqlite3

    from storage.backup import BackupError, backup

    if _is_url(args.db):
        return _backup_postgres(args.db, Path(args.out))
    if not Path(args.db).is_file():
        print(f"Cannot back up {args.db}: no such file.", file=sys.stderr)
        return 2
    problem = _backup_target_problem(Path(args.db), Path(args.out))
    if problem:
        print(f"Cannot write the backup to {args.out}: {problem}", file=sys.stderr)
        return 2
    try:
        report = backup(Path(args.db), Path(args.out))
    except (BackupError, sqlite3.Error, OSError) as exc:
        print(f"Backup of {args.db} failed: {exc}", file=sys.stderr)
        return 1
    print("\n".join(report.lines()))
    return 0


def _backup_postgres(url: str, out: Path) -> int:
    import psycopg

    from storage.backup import BackupError
    from storage.postgres.backup import backup

    if out.is_dir() or not out.absolute().parent.is_dir():
        print(f"Cannot write the backup to {out}: name a file in an existing folder.",
              file=sys.stderr)
        return 2
    try:
        report = backup(url, out)
    except (BackupError, psycopg.Error, OSError) as exc:
        print(f"Backup of {_shown(url)} failed: {exc}", file=sys.stderr)
        return 1
    print("\n".join(report.lines()))
    return 0


def _db_option(command: argparse.ArgumentParser, fallback: str | None, what: str) -> None:
    """--db: a SQLite file or a postgresql:// URL, from BUDGETBOT_DB when not given."""
    default = os.environ.get(DB_ENV) or fallback
    command.add_argument("--db", default=default, required=default is None,
                         help=f"{what}, or a postgresql://user@host/db URL "
                         f"(default: ${DB_ENV}, else {fallback or 'required'})")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="budgetbot", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the Telegram bot (token in TELEGRAM_BOT_TOKEN)")
    run.add_argument("--campaign", required=True, nargs="+", action="extend",
                     help="campaign TOML file(s), or a folder of them: one bot serves them all")
    _db_option(run, "budgetbot.sqlite3", "SQLite file (created if absent)")
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
    _db_option(demo, "demo.sqlite3", "SQLite file")
    demo.add_argument("--lang", choices=["fr", "en"], default="fr")
    demo.set_defaults(func=cmd_demo)

    check = sub.add_parser("check", help="validate campaign files (or folders of them), alone "
                           "and together, and explain every problem")
    check.add_argument("file", nargs="+")
    check.set_defaults(func=cmd_check)

    export = sub.add_parser("export", help="write the anonymous ballots (.pb) and a projects CSV")
    export.add_argument("--campaign", required=True)
    _db_option(export, None, "SQLite file")
    export.add_argument("--out", default=".", help="folder to write into")
    export.set_defaults(func=cmd_export)

    site = sub.add_parser("site", help="write a static website of the projects, the published "
                          "results and the open data (photos need TELEGRAM_BOT_TOKEN)")
    site.add_argument("--campaign", required=True, help="campaign TOML file")
    _db_option(site, None, "the campaign's SQLite file")
    site.add_argument("--out", required=True, help="folder to write the site into")
    site.add_argument("--base-url", help="Bot API server root for the photos, e.g. "
                      "http://127.0.0.1:8081")
    site.set_defaults(func=cmd_site)

    purge = sub.add_parser("purge", help="delete expired codes and, after the retention "
                           "period, the voter list (counts are kept)")
    purge.add_argument("--campaign", required=True)
    _db_option(purge, None, "SQLite file")
    purge.set_defaults(func=cmd_purge)

    backup = sub.add_parser("backup", help="a consistent copy of the database, live, that "
                            "ties no voter to a ballot; verified by restoring it")
    _db_option(backup, None, "the SQLite file (the bot may be running)")
    backup.add_argument("--out", required=True, help="the backup file to write")
    backup.set_defaults(func=cmd_backup)

    tally = sub.add_parser("tally", help="count the winners of a pabulib .pb election")
    tally.add_argument("file")
    tally.add_argument("--rule", default="auto")
    tally.add_argument("--json", action="store_true")
    tally.set_defaults(func=cmd_tally)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments[:1] == ["tally"]:
        # Counting runs on one core: numpy's BLAS would start a thread per core, for nothing.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        from bot.tally_cli import main as tally_main

        return tally_main(arguments[1:])
    from bot.logs import LogLevelError, configure

    try:
        configure(os.environ)
    except LogLevelError as exc:
        print(exc, file=sys.stderr)
        return 2
    args = parser().parse_args(arguments)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
