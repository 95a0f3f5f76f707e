"""Proposals and their reference numbers."""

from __future__ import annotations

from datetime import datetime

from flows.domain.model import Proposal, ProposalFields, ProposalStatus
from storage.postgres.base import PgRepository, Row

_SELECT = (
    "SELECT id, reference, user_id, chat_id, language, status, fields, submitted_at, "
    "decision_note, duplicate_of, decided_by FROM proposals "
)


def _proposal(row: Row) -> Proposal:
    return Proposal(
        id=int(row[0]), reference=row[1], user_id=int(row[2]), chat_id=int(row[3]),
        language=row[4], status=ProposalStatus(row[5]),
        fields=ProposalFields.model_validate_json(row[6]),
        submitted_at=datetime.fromisoformat(row[7]), decision_note=row[8],
        duplicate_of=row[9], decided_by=row[10],
    )


class PgProposals(PgRepository):
    async def _next_number(self, name: str) -> int:
        """INSERT ... ON CONFLICT DO UPDATE ... RETURNING: the counter's row lock makes two
        proposals filed at once get two numbers. Not per campaign: the name holds the prefix
        and year, and references are unique across the database."""
        row = await self._row(
            "INSERT INTO counters (name, value) VALUES (%s, 1) "
            "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
            (name,))
        assert row is not None
        return int(row[0])

    async def create(
        self, user_id: int, chat_id: int, language: str, fields: ProposalFields,
        prefix: str, year: int, at: datetime,
    ) -> Proposal:
        number = await self._next_number(f"proposal:{prefix}:{year}")
        reference = f"{prefix}-{year}-{number:04d}"
        row = await self._row(
            "INSERT INTO proposals (campaign, reference, user_id, chat_id, language, status, "
            "theme, commune, cost, fields, submitted_at, updated_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
            (self._campaign, reference, user_id, chat_id, language, ProposalStatus.SUBMITTED.value,
             fields.theme, fields.commune, str(fields.cost), fields.model_dump_json(),
             at.isoformat(), at.isoformat()),
        )
        assert row is not None
        proposal = await self.get(int(row[0]))
        assert proposal is not None
        return proposal

    async def get(self, proposal_id: int) -> Proposal | None:
        row = await self._row(_SELECT + "WHERE campaign = %s AND id = %s",
                              (self._campaign, proposal_id))
        return _proposal(row) if row else None

    async def by_reference(self, reference: str) -> Proposal | None:
        row = await self._row(_SELECT + "WHERE campaign = %s AND reference = %s",
                              (self._campaign, reference.strip().upper()))
        return _proposal(row) if row else None

    async def of_user(self, user_id: int) -> list[Proposal]:
        rows = await self._rows(_SELECT + "WHERE campaign = %s AND user_id = %s ORDER BY id",
                                (self._campaign, user_id))
        return [_proposal(r) for r in rows]

    async def all(self) -> list[Proposal]:
        rows = await self._rows(_SELECT + "WHERE campaign = %s ORDER BY id", (self._campaign,))
        return [_proposal(r) for r in rows]

    async def update_fields(self, proposal_id: int, fields: ProposalFields, at: datetime) -> None:
        await self._run(
            "UPDATE proposals SET fields = %s, theme = %s, commune = %s, cost = %s, "
            "status = %s, updated_at = %s WHERE campaign = %s AND id = %s",
            (fields.model_dump_json(), fields.theme, fields.commune, str(fields.cost),
             ProposalStatus.SUBMITTED.value, at.isoformat(), self._campaign, proposal_id),
        )

    async def correct_fields(self, proposal_id: int, fields: ProposalFields,
                             at: datetime) -> None:
        """Staff's correction of a field: the status and decision stay as they are."""
        await self._run(
            "UPDATE proposals SET fields = %s, theme = %s, commune = %s, cost = %s, "
            "updated_at = %s WHERE campaign = %s AND id = %s",
            (fields.model_dump_json(), fields.theme, fields.commune, str(fields.cost),
             at.isoformat(), self._campaign, proposal_id),
        )

    async def waiting(self, limit: int, offset: int) -> list[Proposal]:
        """Proposals waiting for a decision, the oldest first."""
        rows = await self._rows(
            _SELECT + "WHERE campaign = %s AND status = %s ORDER BY submitted_at, id "
            "LIMIT %s OFFSET %s", (self._campaign, ProposalStatus.SUBMITTED.value, limit, offset))
        return [_proposal(r) for r in rows]

    async def set_status(
        self, proposal_id: int, status: ProposalStatus, note: str | None,
        duplicate_of: str | None, decided_by: str | None, at: datetime,
    ) -> None:
        await self._run(
            "UPDATE proposals SET status = %s, decision_note = %s, duplicate_of = %s, "
            "decided_by = %s, updated_at = %s WHERE campaign = %s AND id = %s",
            (status.value, note, duplicate_of, decided_by, at.isoformat(), self._campaign,
             proposal_id),
        )

    async def change_status(
        self, proposal_id: int, expected: ProposalStatus, status: ProposalStatus,
        note: str | None, duplicate_of: str | None, decided_by: str | None, at: datetime,
    ) -> bool:
        """Set the status only if it still is `expected`. Atomic: one conditional UPDATE; a
        concurrent one waits on the row lock, then re-checks the status (READ COMMITTED)."""
        return await self._run(
            "UPDATE proposals SET status = %s, decision_note = %s, duplicate_of = %s, "
            "decided_by = %s, updated_at = %s WHERE campaign = %s AND id = %s AND status = %s",
            (status.value, note, duplicate_of, decided_by, at.isoformat(), self._campaign,
             proposal_id, expected.value),
        ) == 1

    async def withdraw(self, proposal_id: int, user_id: int, at: datetime) -> bool:
        """Withdraw the author's own proposal if no one has decided on it yet.

        A conditional UPDATE: under READ COMMITTED a concurrent decision holds the row lock,
        and the condition is checked again on the row it committed."""
        done = await self._run(
            "UPDATE proposals SET status = %s, updated_at = %s "
            "WHERE campaign = %s AND id = %s AND user_id = %s AND status = %s",
            (ProposalStatus.WITHDRAWN.value, at.isoformat(), self._campaign, proposal_id,
             user_id,
             ProposalStatus.SUBMITTED.value),
        )
        return done == 1

    async def counts_by_status(self) -> dict[str, int]:
        rows = await self._rows(
            "SELECT status, COUNT(*) FROM proposals WHERE campaign = %s GROUP BY status",
            (self._campaign,))
        return {str(r[0]): int(r[1]) for r in rows}

    async def anonymize(self, proposal_id: int, fields: ProposalFields, at: datetime) -> None:
        """Erase the proposer: their identity fields and the link to their account."""
        await self._run(
            "UPDATE proposals SET fields = %s, user_id = 0, chat_id = 0, updated_at = %s "
            "WHERE campaign = %s AND id = %s",
            (fields.model_dump_json(), at.isoformat(), self._campaign, proposal_id))
