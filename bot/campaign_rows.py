"""A database from the single-campaign version, served for one campaign: its rows become
that campaign's (the storage side of several campaigns in one database)."""

from __future__ import annotations

import logging

from storage.backend import AnyDatabase

log = logging.getLogger(__name__)


async def adopt_legacy(db: AnyDatabase, campaign_id: str) -> int:
    """Give the rows written before migration 8 to the one campaign served; how many moved
    (0 on a new database or once done)."""
    async with db.transaction() as uow:
        moved = await uow.adopt_legacy(campaign_id)
    if moved:
        log.info("%d rows from the single-campaign database now belong to campaign %s",
                 moved, campaign_id)
    return moved
