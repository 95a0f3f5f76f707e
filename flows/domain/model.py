"""The domain's records: a proposal, its draft fields, the decisions on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class ProposalStatus(StrEnum):
    SUBMITTED = "submitted"
    ADMISSIBLE = "admissible"
    INADMISSIBLE = "inadmissible"
    CHANGES_REQUESTED = "changes_requested"
    DUPLICATE = "duplicate"
    WITHDRAWN = "withdrawn"  # by its author, before any decision


DECIDED = frozenset(
    {ProposalStatus.ADMISSIBLE, ProposalStatus.INADMISSIBLE, ProposalStatus.DUPLICATE}
)


class ProposalFields(BaseModel):
    """What a proposer fills in; stored as JSON, every field optional while drafting."""

    model_config = ConfigDict(extra="ignore")

    title: str | None = None
    description: str | None = None
    theme: str | None = None
    commune: str | None = None
    cost: Decimal | None = None
    answers: dict[str, bool] = {}
    photo: str | None = None
    photo_skipped: bool = False
    proposer_name: str | None = None
    proposer_age: int | None = None
    proposer_commune: str | None = None
    proposer_kind: str | None = None
    # The proposer's Telegram name and @username when Telegram gives them, for staff.
    account_name: str | None = None
    account_username: str | None = None


@dataclass(frozen=True)
class Proposal:
    id: int
    reference: str
    user_id: int
    chat_id: int
    language: str
    status: ProposalStatus
    fields: ProposalFields
    submitted_at: datetime
    decision_note: str | None = None
    duplicate_of: str | None = None
    decided_by: str | None = None
