"""Things that happened and must reach people (the proposer, subscribers), whatever the
channel: recorded with the change that caused them, turned into messages by the notifier."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

PROPOSAL_DECIDED = "proposal_decided"
PROPOSAL_REOPENED = "proposal_reopened"
PROPOSAL_EDITED = "proposal_edited"
VOTE_OPENED = "vote_opened"
VOTE_BLOCKED = "vote_blocked"  # the calendar opens the vote but no ballot can be cast
VOTE_CLOSING = "vote_closing"
RESULTS_PUBLISHED = "results_published"


@dataclass(frozen=True)
class Notice:
    """One event to tell: its kind and what the message needs (JSON-safe values)."""

    kind: str
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)
    id: int = 0
