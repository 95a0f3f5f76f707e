"""All repositories over one connection inside one transaction."""

from __future__ import annotations

from collections.abc import Callable

import aiosqlite

from storage.audit import SqliteAudit
from storage.campaigns import LEGACY, SCOPED_TABLES
from storage.choices import SqliteCampaignChoices
from storage.inbox import SqliteInbox
from storage.jobs import SqliteJobs
from storage.notices import SqliteNotices
from storage.outbox import SqliteOutbox
from storage.progress import SqliteProgress
from storage.proposals import SqliteProposals
from storage.sessions import SqliteSessions
from storage.settings import SqliteSettings
from storage.sms_challenges import SqliteSmsChallenges
from storage.sms_vote import SqliteSmsInbox, SqliteSmsReplies, SqliteSmsSessions
from storage.subscribers import SqliteSubscribers
from storage.updates import SqliteUpdates
from storage.voting import SqliteVoting


def _not_durable() -> None:
    """Outside Database.transaction (e.g. scripts), a commit is as durable as it gets."""


class SqliteUnitOfWork:
    def __init__(self, conn: aiosqlite.Connection,
                 durable: Callable[[], None] = _not_durable, campaign: str = "") -> None:
        self._conn = conn
        self._durable = durable
        self.campaign = campaign
        self.sessions = SqliteSessions(conn, campaign)
        self.proposals = SqliteProposals(conn, campaign)
        self.audit = SqliteAudit(conn)
        self.outbox = SqliteOutbox(conn)
        self.settings = SqliteSettings(conn, campaign)
        self.subscribers = SqliteSubscribers(conn, campaign)
        self.updates = SqliteUpdates(conn)
        self.voting = SqliteVoting(conn, durable, campaign)
        self.sms = SqliteSmsChallenges(conn, campaign)
        self.inbox = SqliteInbox(conn, durable)
        self.progress = SqliteProgress(conn, campaign)
        self.notices = SqliteNotices(conn, campaign)
        self.sms_inbox = SqliteSmsInbox(conn, durable)
        self.sms_sessions = SqliteSmsSessions(conn, campaign)
        self.sms_replies = SqliteSmsReplies(conn)
        self.choices = SqliteCampaignChoices(conn)
        self.jobs = SqliteJobs(conn)

    def in_campaign(self, campaign_id: str) -> SqliteUnitOfWork:
        """The same connection and transaction, its scoped repositories on that campaign."""
        return SqliteUnitOfWork(self._conn, self._durable, campaign_id)

    async def adopt_legacy(self, campaign_id: str) -> int:
        """Give every row of the single-campaign version (campaign '?') to this campaign:
        how many moved. In this unit of work's transaction; a second call moves nothing."""
        if campaign_id == LEGACY:
            return 0
        moved = 0
        for table in SCOPED_TABLES:
            cur = await self._conn.execute(
                f"UPDATE {table} SET campaign = ? WHERE campaign = ?", (campaign_id, LEGACY))
            moved += max(cur.rowcount, 0)
        return moved
