"""Winners' progress entries: the news staff record, corrections included."""

from __future__ import annotations

from datetime import datetime

from flows.domain.progress import NewProgress, ProgressEntry
from storage.postgres.base import PgRepository, Row

_COLUMNS = "id, proposal_id, stage, percent, note, photo, at, by_name, replaces"


def _entry(row: Row) -> ProgressEntry:
    id_, proposal_id, stage, percent, note, photo, at, by, replaces = row
    return ProgressEntry(id=int(id_), proposal_id=int(proposal_id), stage=str(stage),
                         percent=int(percent), note=str(note),
                         photo=None if photo is None else str(photo),
                         at=datetime.fromisoformat(str(at)), by=str(by),
                         replaces=None if replaces is None else int(replaces))


class PgProgress(PgRepository):
    async def add(self, new: NewProgress, at: datetime,
                  replaces: int | None = None) -> ProgressEntry:
        row = await self._row(
            "INSERT INTO progress (campaign, proposal_id, stage, percent, note, photo, at, "
            "by_name, replaces) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
            (self._campaign, new.proposal_id, new.stage, new.percent, new.note, new.photo,
             at.isoformat(), new.by, replaces))
        assert row is not None
        return ProgressEntry(int(row[0]), new.proposal_id, new.stage, new.percent, new.note,
                             new.photo, at, new.by, replaces)

    async def correct(self, last_id: int, new: NewProgress,
                      at: datetime) -> ProgressEntry | None:
        """Replace entry `last_id` if it is still the project's latest; else None.

        Atomic: the project's rows are locked (FOR UPDATE) before the check, so a second
        correction or new entry at once waits, then sees `last_id` is no longer the latest."""
        await self._rows(
            "SELECT id FROM progress WHERE campaign = %s AND proposal_id = %s FOR UPDATE",
            (self._campaign, new.proposal_id))
        changed = await self._run(
            "UPDATE progress SET replaced = 1 WHERE id = %s AND campaign = %s "
            "AND proposal_id = %s AND replaced = 0 AND id = (SELECT max(id) FROM progress "
            "WHERE campaign = %s AND proposal_id = %s AND replaced = 0)",
            (last_id, self._campaign, new.proposal_id, self._campaign, new.proposal_id))
        if changed != 1:
            return None
        return await self.add(new, at, replaces=last_id)

    async def last(self, proposal_id: int) -> ProgressEntry | None:
        row = await self._row(
            f"SELECT {_COLUMNS} FROM progress WHERE campaign = %s AND proposal_id = %s "
            "AND replaced = 0 ORDER BY id DESC LIMIT 1", (self._campaign, proposal_id))
        return _entry(row) if row else None

    async def history(self, proposal_id: int) -> list[ProgressEntry]:
        """The project's current entries (corrected ones left out), oldest first."""
        rows = await self._rows(
            f"SELECT {_COLUMNS} FROM progress WHERE campaign = %s AND proposal_id = %s "
            "AND replaced = 0 ORDER BY id", (self._campaign, proposal_id))
        return [_entry(r) for r in rows]

    async def latest(self) -> dict[int, ProgressEntry]:
        """Each project's latest entry, by proposal id."""
        rows = await self._rows(
            f"SELECT {_COLUMNS} FROM progress WHERE id IN (SELECT max(id) FROM progress "
            "WHERE campaign = %s AND replaced = 0 GROUP BY proposal_id)", (self._campaign,))
        return {e.proposal_id: e for e in map(_entry, rows)}
