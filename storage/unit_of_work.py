"""All repositories over one connection inside one transaction."""

from __future__ import annotations

from collections.abc import Callable

import aiosqlite

from storage.audit import SqliteAudit
from storage.choices import SqliteCampaignChoices
from storage.inbox import SqliteInbox
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
                 durable: Callable[[], None] = _not_durable) -> None:
        self.sessions = SqliteSessions(conn)
        self.proposals = SqliteProposals(conn)
        self.audit = SqliteAudit(conn)
        self.outbox = SqliteOutbox(conn)
        self.settings = SqliteSettings(conn)
        self.subscribers = SqliteSubscribers(conn)
        self.updates = SqliteUpdates(conn)
        self.voting = SqliteVoting(conn, durable)
        self.sms = SqliteSmsChallenges(conn)
        self.inbox = SqliteInbox(conn, durable)
        self.progress = SqliteProgress(conn)
        self.notices = SqliteNotices(conn)
        self.sms_inbox = SqliteSmsInbox(conn, durable)
        self.sms_sessions = SqliteSmsSessions(conn)
        self.sms_replies = SqliteSmsReplies(conn)
        self.choices = SqliteCampaignChoices(conn)

    def in_campaign(self, campaign_id: str) -> SqliteUnitOfWork:
        return self  # placeholder until campaigns-store's campaign-scoped repositories

    async def adopt_legacy(self, campaign_id: str) -> int:
        return 0  # placeholder until campaigns-store's migration of "?" rows
