"""A winner's progress as the site shows it; the progress table feeds it (issue 13, item 2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ProgressView:
    """The last news of one winner: its stage, how far along, a note, maybe a photo."""

    stage: str  # one of flows.domain.progress.STAGES (another word is shown as written)
    updated: date
    percent: int | None = None
    note: str | None = None
    photo: str | None = None  # a Telegram file_id, fetched like the proposals' photos
