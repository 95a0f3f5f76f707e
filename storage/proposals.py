"""Proposals and their reference numbers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import aiosqlite

from flows.domain.model import Proposal, ProposalFields, ProposalStatus

_COLUMNS = (
    "id, reference, user_id, chat_id, language, status, fields, submitted_at, "
    "decision_note, duplicate_of, decided_by"
)


def _row(row: Any) -> Proposal:
    return Proposal(
        id=row[0], reference=row[1], user_id=row[2], chat_id=row[3], language=row[4],
        status=ProposalStatus(row[5]), fields=ProposalFields.model_validate_json(row[6]),
        submitted_at=datetime.fromisoformat(row[7]), decision_note=row[8],
        duplicate_of=row[9], decided_by=row[10],
    )


class SqliteProposals:
    def __init__(self, conn: aiosqlite.Connection, campaign: str = "") -> None:
        self._conn = conn
        self._campaign = campaign

    async def _next_number(self, name: str) -> int:
        # Not per campaign: the name holds the prefix and year, and references are unique
        # across the database (two campaigns may not share both).
        async with self._conn.execute(
            "INSERT INTO counters (name, value) VALUES (?, 1) "
            "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value",
            (name,),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        return int(row[0])

    async def create(
        self, user_id: int, chat_id: int, language: str, fields: ProposalFields,
        prefix: str, year: int, at: datetime,
    ) -> Proposal:
        number = await self._next_number(f"proposal:{prefix}:{year}")
        reference = f"{prefix}-{year}-{number:04d}"
        async with self._conn.execute(
            "INSERT INTO proposals (campaign, reference, user_id, chat_id, language, status, "
            "theme, commune, cost, fields, submitted_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (self._campaign, reference, user_id, chat_id, language, ProposalStatus.SUBMITTED.value,
             fields.theme, fields.commune, str(fields.cost), fields.model_dump_json(),
             at.isoformat(), at.isoformat()),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        proposal = await self.get(int(row[0]))
        assert proposal is not None
        return proposal

    async def _one(self, where: str, value: object) -> Proposal | None:
        sql = f"SELECT {_COLUMNS} FROM proposals WHERE campaign = ? AND {where} = ?"
        async with self._conn.execute(sql, (self._campaign, value)) as cur:
            row = await cur.fetchone()
        return _row(row) if row else None

    async def get(self, proposal_id: int) -> Proposal | None:
        return await self._one("id", proposal_id)

    async def by_reference(self, reference: str) -> Proposal | None:
        return await self._one("reference", reference.strip().upper())

    async def _many(self, where: str, params: tuple[object, ...]) -> list[Proposal]:
        sql = f"SELECT {_COLUMNS} FROM proposals WHERE campaign = ? {where} ORDER BY id"
        async with self._conn.execute(sql, (self._campaign, *params)) as cur:
            return [_row(r) for r in await cur.fetchall()]

    async def of_user(self, user_id: int) -> list[Proposal]:
        return await self._many("AND user_id = ?", (user_id,))

    async def all(self) -> list[Proposal]:
        return await self._many("", ())

    async def update_fields(self, proposal_id: int, fields: ProposalFields, at: datetime) -> None:
        await self._conn.execute(
            "UPDATE proposals SET fields = ?, theme = ?, commune = ?, cost = ?, status = ?, "
            "updated_at = ? WHERE campaign = ? AND id = ?",
            (fields.model_dump_json(), fields.theme, fields.commune, str(fields.cost),
             ProposalStatus.SUBMITTED.value, at.isoformat(), self._campaign, proposal_id),
        )

    async def correct_fields(self, proposal_id: int, fields: ProposalFields,
                             at: datetime) -> None:
        """Staff's correction of a field: the status and decision stay as they are."""
        await self._conn.execute(
            "UPDATE proposals SET fields = ?, theme = ?, commune = ?, cost = ?, updated_at = ? "
            "WHERE campaign = ? AND id = ?",
            (fields.model_dump_json(), fields.theme, fields.commune, str(fields.cost),
             at.isoformat(), self._campaign, proposal_id),
        )

    async def waiting(self, limit: int, offset: int) -> list[Proposal]:
        """Proposals waiting for a decision, the oldest first."""
        sql = (f"SELECT {_COLUMNS} FROM proposals WHERE campaign = ? AND status = ? "
               "ORDER BY submitted_at, id LIMIT ? OFFSET ?")
        async with self._conn.execute(
                sql, (self._campaign, ProposalStatus.SUBMITTED.value, limit, offset)) as cur:
            return [_row(r) for r in await cur.fetchall()]

    async def set_status(
        self, proposal_id: int, status: ProposalStatus, note: str | None,
        duplicate_of: str | None, decided_by: str | None, at: datetime,
    ) -> None:
        await self._conn.execute(
            "UPDATE proposals SET status = ?, decision_note = ?, duplicate_of = ?, "
            "decided_by = ?, updated_at = ? WHERE campaign = ? AND id = ?",
            (status.value, note, duplicate_of, decided_by, at.isoformat(), self._campaign,
             proposal_id),
        )

    async def change_status(
        self, proposal_id: int, expected: ProposalStatus, status: ProposalStatus,
        note: str | None, duplicate_of: str | None, decided_by: str | None, at: datetime,
    ) -> bool:
        """Set the status only if it still is `expected`; atomic (one statement)."""
        cur = await self._conn.execute(
            "UPDATE proposals SET status = ?, decision_note = ?, duplicate_of = ?, "
            "decided_by = ?, updated_at = ? WHERE campaign = ? AND id = ? AND status = ?",
            (status.value, note, duplicate_of, decided_by, at.isoformat(), self._campaign,
             proposal_id, expected.value),
        )
        return cur.rowcount == 1

    async def withdraw(self, proposal_id: int, user_id: int, at: datetime) -> bool:
        """Withdraw the author's own proposal if no one has decided on it yet; atomic."""
        cur = await self._conn.execute(
            "UPDATE proposals SET status = ?, updated_at = ? "
            "WHERE campaign = ? AND id = ? AND user_id = ? AND status = ?",
            (ProposalStatus.WITHDRAWN.value, at.isoformat(), self._campaign, proposal_id, user_id,
             ProposalStatus.SUBMITTED.value),
        )
        return cur.rowcount == 1

    async def counts_by_status(self) -> dict[str, int]:
        sql = "SELECT status, COUNT(*) FROM proposals WHERE campaign = ? GROUP BY status"
        async with self._conn.execute(sql, (self._campaign,)) as cur:
            return {str(r[0]): int(r[1]) for r in await cur.fetchall()}

    async def anonymize(self, proposal_id: int, fields: ProposalFields, at: datetime) -> None:
        """Erase the proposer: their identity fields and the link to their account."""
        await self._conn.execute(
            "UPDATE proposals SET fields = ?, user_id = 0, chat_id = 0, updated_at = ? "
            "WHERE campaign = ? AND id = ?",
            (fields.model_dump_json(), at.isoformat(), self._campaign, proposal_id),
        )
