"""What became of a code's SMS: sent, refused by the gateway, or cut off by a restart.

Each returns who must be told; the presenter of their channel says it."""

from __future__ import annotations

from dataclasses import dataclass

from flows.ports import UnitOfWork


@dataclass(frozen=True)
class CodeReport:
    """A code's SMS as the adapter tried it: its log row, whose code, whom to tell."""

    log_id: int
    account_hash: str
    chat_id: int | None
    language: str


@dataclass(frozen=True)
class CodeNotSent:
    """Tell this chat its code did not go: no try was spent, a new one may be asked for."""

    chat_id: int
    language: str


@dataclass(frozen=True)
class CodeLost:
    """Tell this chat the code it was waiting for was cut off by a restart."""

    chat_id: int
    language: str


@dataclass(frozen=True)
class LostCodes:
    """Rows left at 'sending' by a crash, all now failed, and the voters still waiting."""

    resolved: int
    waiting: list[CodeLost]


async def sms_delivered(uow: UnitOfWork, log_id: int) -> None:
    await uow.sms.set_status(log_id, "sent")


async def sms_failed(uow: UnitOfWork, report: CodeReport) -> CodeNotSent | None:
    """The gateway did not take the SMS: it counts for nothing and the code goes with it."""
    await uow.sms.set_status(report.log_id, "failed")
    await uow.sms.delete(report.account_hash)
    return CodeNotSent(report.chat_id, report.language) if report.chat_id is not None \
        else None


async def resolve_lost(uow: UnitOfWork, before: float | None = None) -> LostCodes:
    """At start: codes whose fate nobody recorded (never stored in clear, so never resent)
    are failed; a voter whose current code it was may ask for a new one at once. With
    `before`, only codes logged before then (other workers may be sending the rest)."""
    lost = await uow.sms.in_flight(before)
    waiting = []
    for row in lost:
        await uow.sms.set_status(row.log_id, "failed")
        if row.chat_id is None:
            continue  # logged before chats were kept: nobody to tell
        if not await uow.sms.take(row.account_hash, row.at):
            continue  # a later code replaced it, or it was used up: nobody waits for this one
        waiting.append(CodeLost(row.chat_id, row.language or "fr"))
    return LostCodes(len(lost), waiting)
