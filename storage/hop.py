"""The SQLite connection: short statements on the event loop's thread, slow work off it."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import aiosqlite

T = TypeVar("T")


class Connection(aiosqlite.Connection):
    """aiosqlite's connection, whose statements run where they are awaited.

    A round trip to aiosqlite's thread (two thread hand-offs, two event-loop wake-ups) costs
    more than the short indexed statement it carries, several times per unit of work; and
    Database's lock already makes the statements take turns. So every aiosqlite method runs
    its statement at once on the caller's thread; what may wait on the disk (a COMMIT can
    checkpoint and sync, a deliberate checkpoint does) goes to aiosqlite's thread through
    `off_loop`. The sqlite3 connection is opened with check_same_thread=False and SQLite's
    own mutex (serialized mode) guards it."""

    async def _execute(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if not self._running or self._connection is None:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)

    async def off_loop(self, fn: Callable[[], T]) -> T:
        """Run `fn` in aiosqlite's thread: for what may wait on the disk."""
        result = await super()._execute(fn)  # type: ignore[no-untyped-call]
        return cast(T, result)

    async def commit(self) -> None:
        """COMMIT off the loop: it may run an automatic checkpoint, which syncs files."""
        await self.off_loop(self._conn.commit)


def connect(path: str | Path) -> Connection:
    """Open (with `await`) the database file in autocommit mode, as Database drives it."""
    connector = functools.partial(sqlite3.connect, str(path), isolation_level=None,
                                  check_same_thread=False)
    return Connection(connector, 64)


async def in_one_hop(conn: aiosqlite.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """Run `work` on the sqlite3 connection: several statements for one await.

    On a plain aiosqlite connection (scripts, tests) that is one round trip to its thread,
    which owns the connection; on ours it runs at once (see Connection)."""
    result = await conn._execute(lambda: work(conn._conn))  # type: ignore[no-untyped-call]
    return cast(T, result)
