"""The audit log: who did what to which record, append only."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from storage.postgres.base import PgRepository


class PgAudit(PgRepository):
    async def record(
        self, at: datetime, actor_id: int, actor_name: str, action: str, subject: str,
        detail: dict[str, Any],
    ) -> None:
        await self._run(
            "INSERT INTO audit_log (at, actor_id, actor_name, action, subject, detail) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            (at.isoformat(), actor_id, actor_name, action, subject,
             json.dumps(detail, ensure_ascii=False, default=str)),
        )

    async def forget_actor(self, actor_id: int) -> None:
        await self._run(
            "UPDATE audit_log SET actor_id = 0 WHERE actor_id = %s AND actor_name = 'citizen'",
            (actor_id,),
        )

    async def entries(self, subject: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT at, actor_id, actor_name, action, subject, detail FROM audit_log"
        if subject is None:
            rows = await self._rows(sql + " ORDER BY id")
        else:
            rows = await self._rows(sql + " WHERE subject = %s ORDER BY id", (subject,))
        keys = ("at", "actor_id", "actor_name", "action", "subject")
        return [dict(zip(keys, r[:5], strict=True)) | {"detail": json.loads(r[5])} for r in rows]
