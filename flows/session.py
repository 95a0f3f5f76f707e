"""A person's place in a dialogue, stored as JSON after every step."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Session(BaseModel):
    """Where one person stands in one chat; `nonce` makes older buttons stale."""

    model_config = ConfigDict(extra="ignore")

    flow: str | None = None
    step: str | None = None
    nonce: int = 0
    history: list[str] = []
    return_to_summary: bool = False
    proposal_id: int | None = None
    draft: dict[str, Any] = {}
    data: dict[str, Any] = {}

    def reset(self) -> Session:
        return Session(nonce=self.nonce + 1)
