"""Events waiting for the notifier, written in the transaction of the change they tell."""

from __future__ import annotations

import json
from datetime import datetime

from flows.domain.notices import Notice
from storage.postgres.base import PgRepository


class PgNotices(PgRepository):
    async def record(self, notice: Notice) -> int:
        row = await self._row(
            "INSERT INTO notices (campaign, kind, at, data) VALUES (%s, %s, %s, %s) "
            "RETURNING id",
            (self._campaign, notice.kind, notice.at.isoformat(),
             # Amounts (Decimal) are kept as their exact text.
             json.dumps(notice.data, ensure_ascii=False, default=str)))
        return int(row[0]) if row else 0

    async def claim(self, limit: int) -> list[Notice]:
        """Atomic: FOR UPDATE SKIP LOCKED then DELETE in one statement, so two workers never
        take the same row and neither waits for the other."""
        rows = await self._rows(
            "DELETE FROM notices WHERE id IN (SELECT id FROM notices WHERE campaign = %s "
            "ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED) RETURNING id, kind, at, data",
            (self._campaign, limit))
        notices = [Notice(str(r[1]), datetime.fromisoformat(str(r[2])), json.loads(r[3]),
                          int(r[0])) for r in rows]
        return sorted(notices, key=lambda n: n.id)
