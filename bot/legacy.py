"""A database from the single-campaign version, served with several campaigns: its rows (of
campaign "?") are adopted by the campaign whose references they carry."""

from __future__ import annotations

import logging

from flows.dialogues.context import Deps
from flows.services.campaigns import Campaigns, legacy_owner
from storage.backend import AnyDatabase

log = logging.getLogger(__name__)
LEGACY = "?"  # the campaign of rows written before campaigns existed (see storage)


class LegacyMismatch(Exception):
    """Legacy rows that no campaign served now can own; the message says what to do."""


async def adopt_legacy(db: AnyDatabase, campaigns: Campaigns[Deps]) -> int:
    """Give the legacy rows to their campaign, in one transaction; how many rows moved."""
    async with db.transaction() as uow:
        legacy = await uow.in_campaign(LEGACY).proposals.all()
        owner = legacy_owner(campaigns, [p.reference for p in sorted(legacy,
                                                                      key=lambda p: p.id)])
        if owner is None:
            served = ", ".join(f"{d.campaign.id} ({d.campaign.reference_prefix}-"
                               f"{d.campaign.reference_year()})" for d in campaigns)
            raise LegacyMismatch(
                f"The database holds proposals from before several campaigns (e.g. "
                f"{legacy[0].reference}) and no campaign served has their reference prefix "
                f"and year: {served}. Add the campaign file they belong to.")
        moved = await uow.adopt_legacy(owner.campaign.id)
    if moved:
        log.info("%d rows of the single-campaign database now belong to campaign %s",
                 moved, owner.campaign.id)
    return moved
