"""The notifier: each notice recorded with a change becomes messages on every channel, in
each person's language; claimed with the messages' writing, so a crash loses none."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flows.dialogues.context import Deps
from flows.dialogues.engine import on_tick
from flows.dialogues.notices import BROADCAST_PRIORITY, TelegramNotices
from flows.domain.model import Proposal, ProposalStatus
from flows.domain.notices import (
    PROPOSAL_DECIDED,
    RESULTS_PUBLISHED,
    VOTE_CLOSING,
    VOTE_OPENED,
    Notice,
)
from flows.i18n import plural, t
from flows.ports import UnitOfWork
from flows.replies import Message
from flows.services.actor import Actor
from flows.services.decisions import DecisionRequest, decide
from flows.services.notifier import notify
from flows.services.scope import Scope
from storage.db import Database
from tests.services.conftest import IN_VOTE, add_project
from tests.services.fake_uow import FakeUnitOfWork

PAUL = Actor(901, "Paul")


def telegram(scope: Scope) -> TelegramNotices:
    return TelegramNotices(Deps(scope.campaign, scope.communes, scope.phone_key,
                                scope.campaign_dir))


@dataclass
class Recording:
    """A channel that only remembers what it was given (where an SMS channel would plug in)."""

    seen: list[str] = field(default_factory=list)

    async def deliver(self, uow: UnitOfWork, scope: Scope, notice: Notice) -> int:
        self.seen.append(notice.kind)
        return 0


def texts(uow: FakeUnitOfWork, chat_id: int) -> list[str]:
    return [m.text for m in uow.outbox.messages if m.chat_id == chat_id]


async def decided(uow: FakeUnitOfWork, scope: Scope, language: str = "fr") -> Proposal:
    made = await uow.proposals.create(501, 501, language, (await add_project(uow)).fields,
                                      "BP", 2026, IN_VOTE)
    await decide(uow, scope, PAUL, DecisionRequest(made.id, ProposalStatus.ADMISSIBLE, IN_VOTE))
    found = await uow.proposals.get(made.id)
    assert found is not None
    return found


async def test_the_proposer_hears_of_the_decision_in_their_language(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    proposal = await decided(fake_uow, scope, "en")
    assert await notify(fake_uow, scope, [telegram(scope)]) == 1
    assert texts(fake_uow, 501) == [t("en", "outcome_admissible", reference=proposal.reference,
                                      title="Abri vélo", note="", original="")]
    assert fake_uow.notices.rows == []  # claimed: a second run sends nothing
    assert await notify(fake_uow, scope, [telegram(scope)]) == 0


async def test_a_forgotten_proposer_is_told_nothing(fake_uow: FakeUnitOfWork,
                                                    scope: Scope) -> None:
    proposal = await decided(fake_uow, scope)
    await fake_uow.proposals.anonymize(proposal.id, proposal.fields, IN_VOTE)
    assert await notify(fake_uow, scope, [telegram(scope)]) == 0
    assert fake_uow.outbox.messages == [] and fake_uow.notices.rows == []


async def test_every_channel_gets_every_notice_in_order(fake_uow: FakeUnitOfWork,
                                                        scope: Scope) -> None:
    await fake_uow.notices.record(Notice(VOTE_OPENED, IN_VOTE, {"waiting": 0}))
    await fake_uow.notices.record(Notice(RESULTS_PUBLISHED, IN_VOTE))
    first, second = Recording(), Recording()
    await notify(fake_uow, scope, [first, second])
    assert first.seen == second.seen == [VOTE_OPENED, RESULTS_PUBLISHED]


async def test_the_vote_opening_reaches_subscribers_then_staff_get_the_count(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    await fake_uow.subscribers.add(501, 501, "fr", "vote")
    await fake_uow.subscribers.add(502, 502, "en", "vote")
    await fake_uow.notices.record(Notice(VOTE_OPENED, IN_VOTE, {"waiting": 2}))
    await notify(fake_uow, scope, [telegram(scope)])
    name = scope.campaign.name
    assert texts(fake_uow, 501) == [t("fr", "vote_open_notice", campaign=name.fr)]
    assert texts(fake_uow, 502) == [t("en", "vote_open_notice", campaign=name.en)]
    assert texts(fake_uow, scope.campaign.staff.chat_id) == [
        plural("fr", "vote_waiting", 2), t("fr", "notice_queued", count=2)]
    assert {m.priority for m in fake_uow.outbox.messages if m.chat_id in (501, 502)} == \
        {BROADCAST_PRIORITY}


async def test_results_reach_each_subscriber_once(fake_uow: FakeUnitOfWork,
                                                  scope: Scope) -> None:
    for topic in ("results", "vote"):
        await fake_uow.subscribers.add(501, 501, "fr", topic)
    await fake_uow.notices.record(Notice(RESULTS_PUBLISHED, IN_VOTE))
    await notify(fake_uow, scope, [telegram(scope)])
    assert texts(fake_uow, 501) == [t("fr", "results_out_notice",
                                      name=scope.campaign.name.fr)]


async def test_the_reminder_names_the_closing_day_and_tells_staff_how_many(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    await fake_uow.notices.record(Notice(VOTE_CLOSING, IN_VOTE, {
        "closes": "2027-04-30", "people": [[501, "subscribed", "fr"],
                                           [503, "unfinished", "en"]]}))
    await notify(fake_uow, scope, [telegram(scope)])
    name = scope.campaign.name
    assert texts(fake_uow, 501) == [t("fr", "vote_reminder", campaign=name.fr,
                                      date="30 avril 2027")]
    assert texts(fake_uow, 503) == [t("en", "vote_reminder_unfinished", campaign=name.en,
                                      date="30 April 2027")]
    assert texts(fake_uow, scope.campaign.staff.chat_id) == [
        t("fr", "reminder_queued", count=2)]


async def outbox_for(db: Database, chat_id: int) -> list[Message]:
    async with db.transaction() as uow:
        return [m for _, m, _ in await uow.outbox.pending(float("inf"), 100)
                if m.chat_id == chat_id]


async def test_a_decision_whose_process_died_before_the_messages_is_told_after_restart(
        tmp_path: Path, scope: Scope) -> None:
    path = tmp_path / "crash.sqlite3"
    db = await Database.open(path)
    async with db.transaction() as unscoped:
        uow = unscoped.in_campaign(scope.campaign.id)  # services take a campaign's unit of work
        made = await uow.proposals.create(501, 501, "fr", (await add_project(
            FakeUnitOfWork())).fields, "BP", 2026, IN_VOTE)
        await decide(uow, scope, PAUL, DecisionRequest(made.id, ProposalStatus.ADMISSIBLE,
                                                       IN_VOTE))
    await db.close()  # the process dies here: the decision is stored, no message queued
    db = await Database.open(path)
    assert await outbox_for(db, 501) == []
    deps = Deps(scope.campaign, scope.communes, scope.phone_key, scope.campaign_dir)
    for _ in range(2):  # the next minute's tick sends it, once
        async with db.transaction() as uow:
            await on_tick(deps, uow, IN_VOTE)
    assert [m.text for m in await outbox_for(db, 501)] == [t(
        "fr", "outcome_admissible", reference=made.reference, title="Abri vélo", note="",
        original="")]


async def test_notices_claimed_by_a_transaction_that_fails_are_not_lost(
        tmp_path: Path, scope: Scope) -> None:
    db = await Database.open(tmp_path / "rollback.sqlite3")
    async with db.transaction() as uow:
        await uow.notices.record(Notice(PROPOSAL_DECIDED, IN_VOTE, {"proposal_id": 1}))
    try:
        async with db.transaction() as uow:
            assert len(await uow.notices.claim(10)) == 1
            raise RuntimeError("the sender crashed")
    except RuntimeError:
        pass
    async with db.transaction() as uow:
        assert [n.data for n in await uow.notices.claim(10)] == [{"proposal_id": 1}]
        assert await uow.notices.claim(10) == []


async def test_a_notice_meant_for_another_channel_only_is_passed_over_on_telegram(
        fake_uow: FakeUnitOfWork, scope: Scope) -> None:
    await fake_uow.notices.record(Notice("sms_only_event", IN_VOTE))
    other = Recording()
    assert await notify(fake_uow, scope, [telegram(scope), other]) == 0
    assert other.seen == ["sms_only_event"] and fake_uow.outbox.messages == []
