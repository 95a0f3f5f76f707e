"""The Telegram channel of the notifier: each notice as messages in the outbox, in each
recipient's language (the proposer's, or the one a subscriber chose)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flows.dialogues import vote_opening
from flows.dialogues.context import Context, Deps, Turn
from flows.dialogues.staff_corrections import VIEWS
from flows.domain import dates
from flows.domain.admissibility import Violation
from flows.domain.campaign import PhaseKind
from flows.domain.model import ProposalFields, ProposalStatus
from flows.domain.notices import (
    PROPOSAL_DECIDED,
    PROPOSAL_EDITED,
    PROPOSAL_REOPENED,
    RESULTS_PUBLISHED,
    VOTE_BLOCKED,
    VOTE_CLOSING,
    VOTE_OPENED,
    Notice,
)
from flows.events import Incoming, Sender, Unsupported
from flows.i18n import Safe
from flows.ports import UnitOfWork
from flows.replies import Choice, Keyboard, Message
from flows.services.publication import audience
from flows.services.reminders import UNFINISHED
from flows.services.scope import Scope
from flows.session import Session

# Broadcasts go after replies: a person waiting for an answer is not kept behind them.
BROADCAST_PRIORITY = 10


@dataclass(frozen=True)
class TelegramNotices:
    """Renders notices with the dialogues' catalog texts and queues them as outbox rows."""

    deps: Deps

    async def deliver(self, uow: UnitOfWork, scope: Scope, notice: Notice) -> int:
        render = RENDER.get(notice.kind)
        if render is None:  # a notice for another channel only
            return 0
        messages = await render(self, uow, notice)
        for message in messages:
            for part in message.parts():
                await uow.outbox.put(part)
        return len(messages)

    def speaking(self, uow: UnitOfWork, chat_id: int, language: str, notice: Notice) -> Context:
        """A context that writes to `chat_id` in `language`; no update started it."""
        incoming = Incoming(0, Sender(chat_id, chat_id, language), Unsupported("notice"),
                            notice.at)
        return Context(self.deps, uow, incoming, Turn(Session(), PhaseKind.CLOSED), language)

    async def _to_proposer(self, uow: UnitOfWork, notice: Notice) -> list[Message]:
        proposal = await uow.proposals.get(int(notice.data["proposal_id"]))
        if proposal is None or not proposal.chat_id:  # the proposer asked to be forgotten
            return []
        them = self.speaking(uow, proposal.chat_id, proposal.language, notice)
        title = proposal.fields.title or ""
        if notice.kind == PROPOSAL_REOPENED:
            return [Message(proposal.chat_id, them.t("outcome_reopened",
                                                     reference=proposal.reference,
                                                     title=title))]
        if notice.kind == PROPOSAL_EDITED:
            return [_edited(them, proposal.chat_id, proposal.reference, title, notice)]
        keyboard: Keyboard = ()
        if proposal.status == ProposalStatus.CHANGES_REQUESTED:
            keyboard = ((Choice(them.t("btn_fix"), f"g|fix|{proposal.id}"),),)
        if proposal.status == ProposalStatus.SUBMITTED:  # reopened since: nothing to say
            return []
        return [Message(proposal.chat_id, them.t(f"outcome_{proposal.status.value}",
                                                 reference=proposal.reference, title=title,
                                                 note=proposal.decision_note or "",
                                                 original=proposal.duplicate_of or ""),
                        keyboard)]

    async def _vote_opened(self, uow: UnitOfWork, notice: Notice) -> list[Message]:
        """Subscribers told; staff told how many, and (when the calendar opened it) of the
        proposals left waiting."""
        staff = self.staff(uow, notice)
        waiting = int(notice.data.get("waiting") or 0)
        warning = [Message(staff.sender.chat_id, vote_opening.waiting_warning(staff, waiting))
                   ] if waiting else []
        told = [self._broadcast(uow, chat_id, lang, notice, "vote_open_notice",
                                campaign=self.deps.campaign.name.get(lang))
                for chat_id, lang in await uow.subscribers.of_topic("vote")]
        return warning + told + self._staff_count(staff, "notice_queued", len(told))

    async def _vote_blocked(self, uow: UnitOfWork, notice: Notice) -> list[Message]:
        staff = self.staff(uow, notice)
        problem = Violation(str(notice.data["problem"]), dict(notice.data["values"]))
        return [Message(staff.sender.chat_id, staff.t(
            "vote_blocked_by_calendar", why=vote_opening.why(staff, problem)))]

    async def _vote_closing(self, uow: UnitOfWork, notice: Notice) -> list[Message]:
        closes = date.fromisoformat(str(notice.data["closes"]))
        messages = [self._broadcast(uow, int(chat_id), str(lang), notice,
                                    "vote_reminder_unfinished" if why == UNFINISHED
                                    else "vote_reminder",
                                    campaign=self.deps.campaign.name.get(str(lang)),
                                    date=dates.day_text(closes, str(lang)))
                    for chat_id, why, lang in notice.data["people"]]
        return messages + self._staff_count(self.staff(uow, notice), "reminder_queued",
                                            len(messages))

    def staff(self, uow: UnitOfWork, notice: Notice) -> Context:
        """A context writing to the staff group in the staff's language."""
        campaign = self.deps.campaign
        return self.speaking(uow, campaign.staff.chat_id,
                             campaign.languages[0] if campaign.languages else "fr", notice)

    @staticmethod
    def _staff_count(staff: Context, key: str, count: int) -> list[Message]:
        return [Message(staff.sender.chat_id, staff.t(key, count=count))] if count else []

    async def _results_published(self, uow: UnitOfWork, notice: Notice) -> list[Message]:
        return [self._broadcast(uow, chat_id, lang, notice, "results_out_notice",
                                name=self.deps.campaign.name.get(lang))
                for chat_id, lang in (await audience(uow)).items()]

    def _broadcast(self, uow: UnitOfWork, chat_id: int, lang: str, notice: Notice, key: str,
                   **values: object) -> Message:
        them = self.speaking(uow, chat_id, lang, notice)
        return Message(chat_id, them.t(key, **values), priority=BROADCAST_PRIORITY)


def _edited(them: Context, chat_id: int, reference: str, title: str,
            notice: Notice) -> Message:
    """In the proposer's language: theme labels and amounts read differently."""
    field = str(notice.data["field"])
    before = ProposalFields.model_validate({field: notice.data.get("before")})
    after = ProposalFields.model_validate({field: notice.data.get("after")})
    return Message(chat_id, them.t("outcome_edited", reference=reference,
                                   title=after.title or title,
                                   field=Safe(them.t(f"field_{field}")),
                                   before=VIEWS[field](them, before),
                                   after=VIEWS[field](them, after)))


RENDER = {
    PROPOSAL_DECIDED: TelegramNotices._to_proposer,
    PROPOSAL_REOPENED: TelegramNotices._to_proposer,
    PROPOSAL_EDITED: TelegramNotices._to_proposer,
    VOTE_OPENED: TelegramNotices._vote_opened,
    VOTE_BLOCKED: TelegramNotices._vote_blocked,
    VOTE_CLOSING: TelegramNotices._vote_closing,
    RESULTS_PUBLISHED: TelegramNotices._results_published,
}
