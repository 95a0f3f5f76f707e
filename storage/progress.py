"""Winners' progress entries: the news staff record, corrections included."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import aiosqlite

from flows.domain.progress import NewProgress, ProgressEntry

_COLUMNS = "id, proposal_id, stage, percent, note, photo, at, by_name, replaces"


def _entry(row: Iterable[object]) -> ProgressEntry:
    id_, proposal_id, stage, percent, note, photo, at, by, replaces = tuple(row)
    return ProgressEntry(id=int(str(id_)), proposal_id=int(str(proposal_id)), stage=str(stage),
                         percent=int(str(percent)), note=str(note),
                         photo=None if photo is None else str(photo),
                         at=datetime.fromisoformat(str(at)), by=str(by),
                         replaces=None if replaces is None else int(str(replaces)))


class SqliteProgress:
    def __init__(self, conn: aiosqlite.Connection, campaign: str = "") -> None:
        self._conn = conn
        self._campaign = campaign

    async def add(self, new: NewProgress, at: datetime,
                  replaces: int | None = None) -> ProgressEntry:
        cur = await self._conn.execute(
            "INSERT INTO progress (campaign, proposal_id, stage, percent, note, photo, at, "
            "by_name, replaces) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (self._campaign, new.proposal_id, new.stage, new.percent, new.note, new.photo,
             at.isoformat(), new.by, replaces))
        assert cur.lastrowid is not None
        return ProgressEntry(cur.lastrowid, new.proposal_id, new.stage, new.percent, new.note,
                             new.photo, at, new.by, replaces)

    async def correct(self, last_id: int, new: NewProgress,
                      at: datetime) -> ProgressEntry | None:
        """Replace entry `last_id` if it is still the project's latest; else None (atomic)."""
        cur = await self._conn.execute(
            "UPDATE progress SET replaced = 1 WHERE id = ? AND campaign = ? AND proposal_id = ? "
            "AND replaced = 0 AND id = (SELECT max(id) FROM progress WHERE campaign = ? "
            "AND proposal_id = ? AND replaced = 0)",
            (last_id, self._campaign, new.proposal_id, self._campaign, new.proposal_id))
        if cur.rowcount != 1:
            return None
        return await self.add(new, at, replaces=last_id)

    async def last(self, proposal_id: int) -> ProgressEntry | None:
        sql = (f"SELECT {_COLUMNS} FROM progress WHERE campaign = ? AND proposal_id = ? "
               "AND replaced = 0 ORDER BY id DESC LIMIT 1")
        rows = list(await self._conn.execute_fetchall(sql, (self._campaign, proposal_id)))
        return _entry(rows[0]) if rows else None

    async def history(self, proposal_id: int) -> list[ProgressEntry]:
        """The project's current entries (corrected ones left out), oldest first."""
        sql = (f"SELECT {_COLUMNS} FROM progress WHERE campaign = ? AND proposal_id = ? "
               "AND replaced = 0 ORDER BY id")
        rows = await self._conn.execute_fetchall(sql, (self._campaign, proposal_id))
        return [_entry(r) for r in rows]

    async def latest(self) -> dict[int, ProgressEntry]:
        """Each project's latest entry, by proposal id."""
        sql = (f"SELECT {_COLUMNS} FROM progress WHERE id IN (SELECT max(id) FROM progress "
               "WHERE campaign = ? AND replaced = 0 GROUP BY proposal_id)")
        rows = await self._conn.execute_fetchall(sql, (self._campaign,))
        return {e.proposal_id: e for e in map(_entry, rows)}
