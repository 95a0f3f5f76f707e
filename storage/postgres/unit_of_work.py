"""All PostgreSQL repositories over one connection inside one transaction."""

from __future__ import annotations

from psycopg import AsyncConnection

from storage.postgres.audit import PgAudit
from storage.postgres.base import Row
from storage.postgres.choices import PgCampaignChoices
from storage.postgres.inbox import PgInbox
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
from storage.postgres.voting import PgVoting


class PgUnitOfWork:
    def __init__(self, conn: AsyncConnection[Row]) -> None:
        self.sessions = PgSessions(conn)
        self.proposals = PgProposals(conn)
        self.audit = PgAudit(conn)
        self.outbox = PgOutbox(conn)
        self.settings = PgSettings(conn)
        self.subscribers = PgSubscribers(conn)
        self.updates = PgUpdates(conn)
        self.voting = PgVoting(conn)
        self.sms = PgSmsChallenges(conn)
        self.inbox = PgInbox(conn)
        self.progress = PgProgress(conn)
        self.notices = PgNotices(conn)
        self.sms_inbox = PgSmsInbox(conn)
        self.sms_sessions = PgSmsSessions(conn)
        self.sms_replies = PgSmsReplies(conn)
        self.choices = PgCampaignChoices(conn)

    def in_campaign(self, campaign_id: str) -> PgUnitOfWork:
        return self  # placeholder until campaigns-store's campaign-scoped repositories

    async def adopt_legacy(self, campaign_id: str) -> int:
        return 0  # placeholder until campaigns-store's migration of "?" rows
