"""Several statements in one round trip to aiosqlite's worker thread."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar, cast

import aiosqlite

T = TypeVar("T")


async def in_one_hop(conn: aiosqlite.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """Run `work` on the sqlite3 connection in aiosqlite's thread, which owns it.

    Each hop costs thread hand-offs and event-loop wake-ups; aiosqlite has no public call
    for a function, and `_execute` is what each of its methods goes through."""
    result = await conn._execute(lambda: work(conn._conn))  # type: ignore[no-untyped-call]
    return cast(T, result)
