"""All PostgreSQL repositories over one connection inside one transaction."""

from __future__ import annotations

from psycopg import AsyncConnection, sql

from storage.campaigns import LEGACY, SCOPED_TABLES
from storage.postgres.audit import PgAudit
from storage.postgres.base import Row
from storage.postgres.choices import PgCampaignChoices
from storage.postgres.inbox import PgInbox
from storage.postgres.jobs import PgJobs
from storage.postgres.notices import PgNotices
from storage.postgres.outbox import PgOutbox
from storage.postgres.progress import PgProgress
from storage.postgres.proposals import PgProposals
from storage.postgres.sessions import PgSessions
from storage.postgres.settings import PgSettings
from storage.postgres.sms_challenges import PgSmsChallenges
from storage.postgres.sms_vote import PgSmsInbox, PgSmsReplies, PgSmsSessions
from storage.postgres.subscribers import PgSubscribers
from storage.postgres.updates import PgUpdates
from storage.postgres.voting import BALLOT_REWRITE_LOCK, PgVoting


class PgUnitOfWork:
    def __init__(self, conn: AsyncConnection[Row], campaign: str = "") -> None:
        self._conn = conn
        self.campaign = campaign
        self.sessions = PgSessions(conn, campaign)
        self.proposals = PgProposals(conn, campaign)
        self.audit = PgAudit(conn)
        self.outbox = PgOutbox(conn)
        self.settings = PgSettings(conn, campaign)
        self.subscribers = PgSubscribers(conn, campaign)
        self.updates = PgUpdates(conn)
        self.voting = PgVoting(conn, campaign)
        self.sms = PgSmsChallenges(conn, campaign)
        self.inbox = PgInbox(conn)
        self.progress = PgProgress(conn, campaign)
        self.notices = PgNotices(conn, campaign)
        self.sms_inbox = PgSmsInbox(conn)
        self.sms_sessions = PgSmsSessions(conn, campaign)
        self.sms_replies = PgSmsReplies(conn)
        self.choices = PgCampaignChoices(conn)
        self.jobs = PgJobs(conn)

    def in_campaign(self, campaign_id: str) -> PgUnitOfWork:
        """The same connection and transaction, its scoped repositories on that campaign."""
        return PgUnitOfWork(self._conn, campaign_id)

    async def adopt_legacy(self, campaign_id: str) -> int:
        """Give every row of the single-campaign version (campaign '?') to this campaign:
        how many moved. In this unit of work's transaction; a second call moves nothing.
        The ballot box's rewrite lock first: the scrubber moves no ballot under it, and of
        two workers starting at once the second waits, then finds nothing left to move."""
        if campaign_id == LEGACY:
            return 0
        await self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (BALLOT_REWRITE_LOCK,))
        moved = 0
        for table in SCOPED_TABLES:
            cur = await self._conn.execute(
                sql.SQL("UPDATE {} SET campaign = %s WHERE campaign = %s").format(
                    sql.Identifier(table)), (campaign_id, LEGACY))
            moved += max(cur.rowcount, 0)
        return moved
