"""Which database a `--db` names: a SQLite file (the default) or a postgresql:// URL."""

from __future__ import annotations

import re
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


async def open_database(target: str | Path) -> AnyDatabase:
    """Open (and migrate) the database `target` names."""
    if is_postgres(target):
        from storage.postgres.db import PostgresDatabase

        return await PostgresDatabase.open(str(target))
    return await SqliteDatabase.open(target)
