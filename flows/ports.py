"""What the flows need from storage, as protocols; `storage/` implements them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from flows.model import Proposal, ProposalFields, ProposalStatus
from flows.replies import Message
from flows.session import Session


class Sessions(Protocol):
    async def load(self, chat_id: int, user_id: int) -> Session: ...
    async def save(self, chat_id: int, user_id: int, session: Session, at: datetime) -> None: ...
    async def delete_user(self, user_id: int) -> None: ...


class Proposals(Protocol):
    async def create(
        self, user_id: int, chat_id: int, language: str, fields: ProposalFields,
        prefix: str, year: int, at: datetime,
    ) -> Proposal: ...
    async def get(self, proposal_id: int) -> Proposal | None: ...
    async def by_reference(self, reference: str) -> Proposal | None: ...
    async def of_user(self, user_id: int) -> list[Proposal]: ...
    async def all(self) -> list[Proposal]: ...
    async def update_fields(self, proposal_id: int, fields: ProposalFields, at: datetime) -> None: ...
    async def set_status(
        self, proposal_id: int, status: ProposalStatus, note: str | None,
        duplicate_of: str | None, decided_by: str | None, at: datetime,
    ) -> None: ...
    async def counts_by_status(self) -> dict[str, int]: ...


class Audit(Protocol):
    async def record(
        self, at: datetime, actor_id: int, actor_name: str, action: str, subject: str,
        detail: dict[str, Any],
    ) -> None: ...


class Outbox(Protocol):
    async def put(self, message: Message) -> None: ...
    async def message_id(self, tag: str) -> tuple[int, int] | None: ...


class Settings(Protocol):
    async def get(self, key: str) -> str | None: ...
    async def put(self, key: str, value: str | None) -> None: ...


class Subscribers(Protocol):
    async def add(self, user_id: int, chat_id: int, language: str, topic: str) -> bool: ...
    async def remove_user(self, user_id: int) -> None: ...
    async def of_topic(self, topic: str) -> list[tuple[int, str]]: ...
    async def is_subscribed(self, user_id: int, topic: str) -> bool: ...


class Updates(Protocol):
    async def first_time(self, update_id: int, at: datetime) -> bool: ...


class UnitOfWork(Protocol):
    """One transaction: everything a handler reads and writes commits together."""

    sessions: Sessions
    proposals: Proposals
    audit: Audit
    outbox: Outbox
    settings: Settings
    subscribers: Subscribers
    updates: Updates
