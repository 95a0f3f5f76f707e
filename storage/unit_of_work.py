"""All repositories over one connection inside one transaction."""

from __future__ import annotations

import aiosqlite

from storage.audit import SqliteAudit
from storage.outbox import SqliteOutbox
from storage.proposals import SqliteProposals
from storage.sessions import SqliteSessions
from storage.settings import SqliteSettings
from storage.subscribers import SqliteSubscribers
from storage.updates import SqliteUpdates


class SqliteUnitOfWork:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.sessions = SqliteSessions(conn)
        self.proposals = SqliteProposals(conn)
        self.audit = SqliteAudit(conn)
        self.outbox = SqliteOutbox(conn)
        self.settings = SqliteSettings(conn)
        self.subscribers = SqliteSubscribers(conn)
        self.updates = SqliteUpdates(conn)
