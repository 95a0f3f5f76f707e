"""Small stored records the vote needs: a pending SMS challenge, a paper ballot box total."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Challenge:
    account_hash: str
    phone_hash: str
    code_hash: str
    expires_at: float
    attempts: int
    created_at: float


@dataclass(frozen=True)
class PaperTotal:
    box: str
    proposal_id: int
    votes: int
    entered_by: str
