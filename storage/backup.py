"""`budgetbot backup`: SQLite's online backup, stripped of what could tie a voter to a ballot."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

# Counted in the live snapshot and again in the restored copy: none may change.
KEPT_TABLES = ("proposals", "voters", "ballots", "paper_totals", "audit_log", "subscribers",
               "settings", "kept_counts", "sms_log")
RECEIPT = re.compile(rb"(?=([0-9A-F]{8}))")
# A receipt lives in its ballot's row and in the UNIQUE index on `ballots.receipt`.
RECEIPT_COPIES = 2
# An SMS sender's ballot in progress: awaiting its code, or its commune (flows.sms_session).
SMS_TICKED = ("(json_array_length(state, '$.choices') > 0 "
              "OR json_type(state, '$.awaiting_commune') = 'array')")


class BackupError(Exception):
    """The copy failed its check after restoring; nothing was written at --out."""


@dataclass(frozen=True)
class BackupReport:
    out: Path
    counts: dict[str, int]
    unsent_receipts_dropped: int
    sessions_unticked: int

    def lines(self) -> list[str]:
        kept = ", ".join(f"{table} {n}" for table, n in self.counts.items())
        return [f"wrote {self.out} (restored and checked: {kept})",
                f"left out: {self.unsent_receipts_dropped} receipt or ballot screen(s) not "
                f"sent yet, ticked choices of {self.sessions_unticked} ballot(s) in progress"]


def backup(db: Path, out: Path) -> BackupReport:
    """Copy `db` (live or not) to `out`, unlink it, restore it and check it, then publish it."""
    partial = out.with_name(out.name + ".partial")
    restored = out.with_name(out.name + ".restored")
    for leftover in (partial, restored):
        leftover.unlink(missing_ok=True)
    try:
        with contextlib.closing(sqlite3.connect(db)) as source, \
                contextlib.closing(sqlite3.connect(partial, isolation_level=None)) as copy:
            source.backup(copy)
            counts = _counts(copy)
            dropped, unticked = _unlink(copy)
        with contextlib.closing(sqlite3.connect(partial)) as copy, \
                contextlib.closing(sqlite3.connect(restored)) as again:
            copy.backup(again)
            _verify(again, restored, counts)
        partial.replace(out)
    finally:
        for leftover in (partial, restored):
            leftover.unlink(missing_ok=True)
    return BackupReport(out, counts, dropped, unticked)


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {table: int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for table in KEPT_TABLES}


def _unlink(conn: sqlite3.Connection) -> tuple[int, int]:
    """Drop unsent receipts and ballot screens, untick ballots in progress, rewrite the file.

    A restored bot then cannot send those receipts again; the voters' ballots are counted."""
    conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
    conn.execute("PRAGMA secure_delete=ON")
    conn.execute("BEGIN IMMEDIATE")
    dropped = conn.execute(
        "DELETE FROM outbox WHERE sent = 0 AND (json_extract(payload, '$.secret') = 1 "
        "OR json_extract(payload, '$.tag') LIKE 'ballot:%')").rowcount
    unticked = conn.execute(
        "UPDATE sessions SET state = json_remove(state, '$.data.choices') "
        "WHERE json_extract(state, '$.data.choices') IS NOT NULL").rowcount
    # Voting by SMS: replies not sent yet (a receipt, the choices understood) go, and the
    # numbers waiting for their confirmation code, or asked their commune, are unticked.
    dropped += conn.execute("DELETE FROM sms_outbox").rowcount
    unticked += conn.execute(
        "UPDATE sms_sessions SET state = json_set(state, '$.choices', json('[]'), "
        f"'$.awaiting_commune', json('null')) WHERE {SMS_TICKED}").rowcount
    conn.execute("COMMIT")
    conn.execute("VACUUM")  # no free page, no slack space keeps what was just removed
    return dropped, unticked


def _verify(conn: sqlite3.Connection, path: Path, counts: dict[str, int]) -> None:
    """The restored copy is sound, whole, and holds each receipt only in the ballot box."""
    check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        raise BackupError(f"the restored copy is damaged: {check}")
    if (found := _counts(conn)) != counts:
        raise BackupError(f"the restored copy lost rows: {found} instead of {counts}")
    linked = conn.execute(
        "SELECT COUNT(*) FROM outbox WHERE sent = 0 AND json_extract(payload, '$.secret') = 1"
    ).fetchone()[0] + conn.execute(
        "SELECT COUNT(*) FROM sessions WHERE json_extract(state, '$.data.choices') IS NOT NULL"
    ).fetchone()[0] + conn.execute(
        "SELECT (SELECT COUNT(*) FROM sms_outbox) + (SELECT COUNT(*) FROM sms_sessions "
        f"WHERE {SMS_TICKED})").fetchone()[0]
    if linked:
        raise BackupError(f"the restored copy still ties {linked} chat(s) to choices")
    receipts = {str(r[0]).encode() for r in
                conn.execute("SELECT receipt FROM ballots WHERE receipt IS NOT NULL")}
    conn.close()
    seen: dict[bytes, int] = {}
    for match in RECEIPT.finditer(path.read_bytes()):
        if match[1] in receipts:
            seen[match[1]] = seen.get(match[1], 0) + 1
    if any(n != RECEIPT_COPIES for n in seen.values()) or len(seen) != len(receipts):
        raise BackupError("a receipt shows up outside the ballot box in the restored copy")
