"""`budgetbot purge`: delete what is no longer needed, on the campaign's retention rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.campaign_rows import adopt_legacy
from flows.dialogues.publishing import PUBLISHED_KEY, published_at
from flows.domain.campaign import Campaign
from storage.backend import AnyDatabase, open_database

UPDATE_IDS_KEPT = timedelta(days=30)
# Telegram keeps an undelivered update for 24 hours: an older id can no longer come back.
REDELIVERY_WINDOW = timedelta(hours=24)
MAINTENANCE_KEY = "maintenance_at"
MAINTENANCE_EVERY = timedelta(hours=1)
# An SMS sender's place (maybe choices awaiting their code) is useless once the code is dead:
# a code lives at most 60 min (campaign.py caps code_ttl_minutes), plus an hour's margin, so
# a place goes 2 to 3 hours after the sender's last message (maintenance runs hourly).
SMS_SESSION_IDLE = timedelta(minutes=60) + timedelta(hours=1)


@dataclass(frozen=True)
class Upkeep:
    update_ids: int
    outbox_rows: int
    sms_sessions: int


async def maintain(db: AnyDatabase, now: datetime, force: bool = False) -> Upkeep | None:
    """The running bot's periodic clean-up, at most once an hour: ids of updates too old to
    be redelivered, outbox rows of messages done with, SMS senders' places left unconfirmed.
    None when it was not due."""
    async with db.transaction() as uow:
        last = await uow.settings.get(MAINTENANCE_KEY)
        if not force and last and now - datetime.fromisoformat(last) < MAINTENANCE_EVERY:
            return None
        update_ids = await uow.updates.purge_before((now - REDELIVERY_WINDOW).date())
        outbox_rows = await uow.outbox.prune()
        # Kannel sends a message again within minutes (http-request-retry) or after its own
        # restart: ids of SMS received before yesterday can no longer come back.
        await uow.sms_inbox.forget_seen((now - REDELIVERY_WINDOW).date().isoformat())
        sms_sessions = await uow.sms_sessions.forget_idle((now - SMS_SESSION_IDLE).timestamp())
        await uow.settings.put(MAINTENANCE_KEY, now.isoformat())
    return Upkeep(update_ids, outbox_rows, sms_sessions)


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


async def purge(db_path: str | Path, campaign: Campaign, now: datetime) -> PurgeReport:
    """Expired codes always; the voter list and SMS log once the retention period is over."""
    db = await open_database(db_path)
    try:
        await adopt_legacy(db, campaign.id)
        async with db.transaction() as unscoped:
            uow = unscoped.in_campaign(campaign.id)
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
