"""The campaign a use case acts in, with what it needs to read it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flows.domain.campaign import Campaign
from flows.domain.communes import CommuneDirectory


@dataclass(frozen=True)
class Scope:
    """One campaign: its rules, the communes, the folder its files are relative to, the key
    that hashes phone numbers and accounts."""

    campaign: Campaign
    communes: CommuneDirectory
    campaign_dir: Path
    phone_key: bytes
