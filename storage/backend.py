"""Which database a `--db` names: a SQLite file (the default) or a postgresql:// URL."""

from __future__ import annotations

import re
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from storage.db import Database as SqliteDatabase

if TYPE_CHECKING:
    from storage.postgres.db import PostgresDatabase

    AnyDatabase = SqliteDatabase | PostgresDatabase
else:
    AnyDatabase = SqliteDatabase  # psycopg is imported only when a URL asks for it

URL_SCHEMES = ("postgresql://", "postgres://")
ENV = "BUDGETBOT_DB"


def is_postgres(target: str | Path) -> bool:
    return str(target).startswith(URL_SCHEMES)


def shown(target: str | Path) -> str:
    """The database as it may be printed or logged: a URL without its password."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", str(target))


# SQLite's answers when another process held the file beyond the busy timeout.
_SQLITE_BUSY = ("database is locked", "database is busy")


def is_transient(exc: BaseException) -> bool:
    """True when `exc` says the database could not be reached or was busy for a while (a
    server restarting, a connection lost, no pooled connection in time), so the same work
    may succeed later; False for anything the work itself got wrong."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _transient_here(current):
            return True
        current = current.__cause__  # raised `from` an outage: still one
    return False


def _transient_here(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.OperationalError):
        return any(busy in str(exc) for busy in _SQLITE_BUSY)
    psycopg = sys.modules.get("psycopg")  # not imported: no psycopg error can be raised
    if psycopg is None:
        return False
    # OperationalError covers a connection refused or lost, the server shutting down or
    # starting up (class 57, 08), the pool's PoolTimeout, and serialization failures and
    # deadlocks (class 40), which are worth a retry too.
    return isinstance(exc, psycopg.OperationalError) and \
        not isinstance(exc, psycopg.errors.QueryCanceled)  # a statement timeout: too slow


async def open_database(target: str | Path) -> AnyDatabase:
    """Open (and migrate) the database `target` names."""
    if is_postgres(target):
        from storage.postgres.db import PostgresDatabase

        return await PostgresDatabase.open(str(target))
    return await SqliteDatabase.open(target)
