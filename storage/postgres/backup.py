"""`budgetbot backup` on PostgreSQL: a psql script (schema, then COPY data) written from one
REPEATABLE READ snapshot, restored into a scratch schema and checked before it is published.

Not pg_dump: it writes each table in its physical order, and the voter list and the ballot
box were written together, row for row. Here every table comes out sorted by its key (the
ballots by their random id, the voters by a keyed hash), and what ties a chat to its choices
(unsent receipts and ballot screens, ticked choices of a ballot in progress) is left out.

Restore onto an empty database:  psql -v ON_ERROR_STOP=1 -f BACKUP.sql postgresql://..."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
from psycopg import IsolationLevel

from storage.backup import KEPT_TABLES, BackupError, BackupReport
from storage.postgres.schema import MIGRATIONS

Conn = psycopg.Connection[tuple[Any, ...]]

# Rows that tie a chat to a ballot (see storage/backup.py): left out, or their choices cut.
_SECRET_OUTBOX = ("sent = 0 AND payload <> '' AND ((payload::json ->> 'secret') = 'true' "
                  "OR starts_with(COALESCE(payload::json ->> 'tag', ''), 'ballot:'))")
_TICKED = "(state::jsonb -> 'data') ? 'choices'"
# An SMS sender's ballot in progress: awaiting its code, or its commune (flows.sms_session).
_SMS_TICKED = ("(jsonb_array_length(COALESCE(state::jsonb -> 'choices', '[]')) > 0 "
               "OR jsonb_typeof(state::jsonb -> 'awaiting_commune') = 'array')")
RECEIPT = re.compile(rb"(?=([0-9A-F]{8}))")
COPY_END = b"\\."


def backup(url: str, out: Path) -> BackupReport:
    """Write the backup of the database at `url` to `out`, once restored and checked."""
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with psycopg.connect(url) as conn:
            conn.isolation_level = IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            with conn.transaction():  # one snapshot for every table
                counts, dropped, unticked = _dump(conn, partial)
        with psycopg.connect(url) as conn, conn.transaction(force_rollback=True):
            _verify(conn, partial, counts)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(out, counts, dropped, unticked)


def _one(conn: Conn, sql: str, params: tuple[object, ...] = ()) -> Any:
    row = conn.execute(sql.encode(), params).fetchone()
    assert row is not None
    return row[0]


def _tables(conn: Conn) -> list[str]:
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = "
        "current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'budgetbot_schema' "
        "ORDER BY table_name").fetchall()
    return [str(r[0]) for r in rows]


def _columns(conn: Conn, table: str) -> list[str]:
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = %s ORDER BY ordinal_position", (table,)).fetchall()
    return [str(r[0]) for r in rows]


def _key(conn: Conn, table: str) -> list[str]:
    """The primary key's columns: the order rows are written in, never the order of writing."""
    rows = conn.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary "
        "ORDER BY array_position(i.indkey, a.attnum)", (table,)).fetchall()
    return [str(r[0]) for r in rows]


def _select(table: str, columns: list[str], key: list[str]) -> str:
    shown = [f'"{c}"' for c in columns]
    where = ""
    if table == "outbox":
        where = f" WHERE NOT ({_SECRET_OUTBOX})"
    elif table == "sessions":
        shown = [f"CASE WHEN {_TICKED} THEN (state::jsonb #- '{{data,choices}}')::text "
                 "ELSE state END" if c == "state" else f'"{c}"' for c in columns]
    elif table == "sms_outbox":  # replies not sent yet: a receipt, the choices understood
        where = " WHERE false"
    elif table == "sms_sessions":  # numbers waiting for their code or commune, unticked
        shown = [f"CASE WHEN {_SMS_TICKED} THEN jsonb_set(jsonb_set(state::jsonb, "
                 "'{choices}', '[]'), '{awaiting_commune}', 'null')::text ELSE state END"
                 if c == "state" else f'"{c}"' for c in columns]
    order = ", ".join(f'"{c}"' for c in key) or "1"
    return f'SELECT {", ".join(shown)} FROM "{table}"{where} ORDER BY {order}'


def _dump(conn: Conn, path: Path) -> tuple[dict[str, int], int, int]:
    version = int(_one(conn, "SELECT version FROM budgetbot_schema"))
    if version > len(MIGRATIONS):
        raise BackupError(f"the database's schema ({version}) is newer than this budgetbot's")
    dropped = int(_one(conn, f"SELECT COUNT(*) FROM outbox WHERE {_SECRET_OUTBOX}")) + \
        int(_one(conn, "SELECT COUNT(*) FROM sms_outbox"))
    unticked = int(_one(conn, f"SELECT COUNT(*) FROM sessions WHERE {_TICKED}")) + \
        int(_one(conn, f"SELECT COUNT(*) FROM sms_sessions WHERE {_SMS_TICKED}"))
    counts = {table: int(_one(conn, f'SELECT COUNT(*) FROM "{table}"'))
              for table in KEPT_TABLES}
    with path.open("wb") as out:
        out.write(b"-- budgetbot backup: restore with psql -v ON_ERROR_STOP=1 -f onto an "
                  b"empty database\nBEGIN;\n")
        out.write(b"CREATE TABLE budgetbot_schema (version INTEGER NOT NULL);\n")
        for script in MIGRATIONS[:version]:
            for statement in filter(str.strip, script.split(";")):
                out.write(statement.strip().encode() + b";\n")
        out.write(f"INSERT INTO budgetbot_schema (version) VALUES ({version});\n".encode())
        for table in _tables(conn):
            columns = _columns(conn, table)
            names = ", ".join(f'"{c}"' for c in columns)
            out.write(f'COPY "{table}" ({names}) FROM stdin;\n'.encode())
            query = _select(table, columns, _key(conn, table))
            with conn.cursor().copy(f"COPY ({query}) TO STDOUT".encode()) as copy:
                for data in copy:
                    out.write(bytes(data))
            out.write(COPY_END + b"\n")
        for table, column in conn.execute(
                "SELECT table_name, column_name FROM information_schema.columns WHERE "
                "table_schema = current_schema() AND is_identity = 'YES' ORDER BY 1"):
            out.write(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                      f'COALESCE(MAX("{column}"), 0) + 1, false) FROM "{table}";\n'.encode())
        out.write(b"COMMIT;\n")
    return counts, dropped, unticked


def _statements(path: Path) -> Iterator[tuple[bytes, bytes | None]]:
    """The script's statements, each with its COPY data (None for plain SQL)."""
    lines = iter(path.read_bytes().splitlines(keepends=True))
    pending = b""
    for line in lines:
        if line.startswith(b"--") or line.strip() in (b"BEGIN;", b"COMMIT;"):
            continue
        if line.startswith(b"COPY ") and line.rstrip().endswith(b"FROM stdin;"):
            data = bytearray()
            for row in lines:
                if row.rstrip(b"\n") == COPY_END:
                    break
                data += row
            yield line.rstrip().rstrip(b";"), bytes(data)
            continue
        pending += line
        if line.rstrip().endswith(b";"):
            yield pending, None
            pending = b""


def _verify(conn: Conn, path: Path, counts: dict[str, int]) -> None:
    """Restore the script into a scratch schema (rolled back): whole, and tying no one."""
    scratch = f"budgetbot_restore_{secrets.token_hex(6)}"
    conn.execute(f"CREATE SCHEMA {scratch}".encode())
    conn.execute(f"SET LOCAL search_path TO {scratch}".encode())
    for statement, data in _statements(path):
        if data is None:
            conn.execute(statement)
        else:
            with conn.cursor().copy(statement) as copy:
                copy.write(data)
    found = {table: int(_one(conn, f'SELECT COUNT(*) FROM "{table}"')) for table in KEPT_TABLES}
    if found != counts:
        raise BackupError(f"the restored copy lost rows: {found} instead of {counts}")
    linked = int(_one(conn, f"SELECT COUNT(*) FROM outbox WHERE {_SECRET_OUTBOX}")) + \
        int(_one(conn, f"SELECT COUNT(*) FROM sessions WHERE {_TICKED}")) + \
        int(_one(conn, "SELECT COUNT(*) FROM sms_outbox")) + \
        int(_one(conn, f"SELECT COUNT(*) FROM sms_sessions WHERE {_SMS_TICKED}"))
    if linked:
        raise BackupError(f"the restored copy still ties {linked} chat(s) to choices")
    receipts = {str(r[0]).encode() for r in
                conn.execute("SELECT receipt FROM ballots WHERE receipt IS NOT NULL")}
    seen: dict[bytes, int] = {}
    for match in RECEIPT.finditer(path.read_bytes()):
        if match[1] in receipts:
            seen[match[1]] = seen.get(match[1], 0) + 1
    if any(n != 1 for n in seen.values()) or len(seen) != len(receipts):
        raise BackupError("a receipt shows up outside the ballot box in the backup")
