"""All repositories over one connection inside one transaction."""

from __future__ import annotations

import aiosqlite

from storage.audit import SqliteAudit
from storage.inbox import SqliteInbox
from storage.outbox import SqliteOutbox
from storage.proposals import SqliteProposals
from storage.sessions import SqliteSessions
from storage.settings import SqliteSettings
from storage.sms_challenges import SqliteSmsChallenges
from storage.subscribers import SqliteSubscribers
from storage.updates import SqliteUpdates
from storage.voting import SqliteVoting


class SqliteUnitOfWork:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.sessions = SqliteSessions(conn)
        self.proposals = SqliteProposals(conn)
        self.audit = SqliteAudit(conn)
        self.outbox = SqliteOutbox(conn)
        self.settings = SqliteSettings(conn)
        self.subscribers = SqliteSubscribers(conn)
        self.updates = SqliteUpdates(conn)
        self.voting = SqliteVoting(conn)
        self.sms = SqliteSmsChallenges(conn)
        self.inbox = SqliteInbox(conn)
