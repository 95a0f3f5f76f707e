"""`budgetbot purge`: delete what is no longer needed, on the campaign's retention rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flows.campaign import Campaign
from flows.publishing import PUBLISHED_KEY, published_at
from storage.db import Database

UPDATE_IDS_KEPT = timedelta(days=30)


@dataclass(frozen=True)
class PurgeReport:
    challenges: int
    update_ids: int
    voters: int
    sms_log: int
    voter_list_due: datetime | None

    def lines(self) -> list[str]:
        out = [f"expired SMS challenges deleted: {self.challenges}",
               f"old update ids deleted: {self.update_ids}"]
        if self.voter_list_due is None:
            out.append("voter list kept: results not published yet")
        elif self.voters or self.sms_log:
            out.append(f"voter list deleted ({self.voters} voters, counts kept), "
                       f"SMS log deleted ({self.sms_log} rows)")
        else:
            out.append(f"voter list kept until {self.voter_list_due:%Y-%m-%d} "
                       f"(retention after the results)")
        return out


async def purge(db_path: Path, campaign: Campaign, now: datetime) -> PurgeReport:
    """Expired codes always; the voter list and SMS log once the retention period is over."""
    db = await Database.open(db_path)
    try:
        async with db.transaction() as uow:
            challenges = await uow.sms.purge_expired(now.timestamp())
            update_ids = await uow.updates.purge_before((now - UPDATE_IDS_KEPT).date())
            published = published_at(await uow.settings.get(PUBLISHED_KEY))
            due = published + timedelta(days=campaign.vote.retention_days) \
                if published else None
            voters = sms_log = 0
            if due is not None and now >= due:
                voters = await uow.voting.purge_voter_list()
                sms_log = await uow.sms.purge_log(now.timestamp())
    finally:
        await db.close()
    return PurgeReport(challenges, update_ids, voters, sms_log, due)
