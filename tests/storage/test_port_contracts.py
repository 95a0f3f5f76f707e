"""Each storage port keeps its contract on both backends, concurrent callers included."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from flows.domain.model import ProposalFields, ProposalStatus
from flows.domain.notices import Notice
from flows.domain.progress import NewProgress
from flows.domain.records import TYPED, Challenge, SmsQuota, SmsRequest
from flows.replies import Message
from flows.session import Session
from storage.backend import AnyDatabase

NOW = datetime(2026, 5, 4, 10, 30, tzinfo=UTC)
T = 1_800_000_000.0
QUOTA = SmsQuota(now=T, day_start=T - 3600, hour_ago=T - 3600, day_ago=T - 86400,
                 cooldown_seconds=60, per_number_hour=3, per_number_day=5, per_account_hour=3,
                 per_account_day=5, daily_cap=6, typed_daily_cap=4, typed_hourly_cap=4)


def fields(title: str = "Un banc au lavoir") -> ProposalFields:
    return ProposalFields(theme="nature", title=title, description="Pour se reposer.",
                          commune="32013", cost=Decimal(1200))


async def cast(db: AnyDatabase, phone: str, account: str,
               choices: tuple[int, ...] = (1, 2)) -> str | None:
    async with db.transaction() as uow:
        return await uow.voting.cast(phone, account, "2026-05-04", "32013", "3203", choices)


# --- sessions -----------------------------------------------------------------------------

async def test_a_saved_session_is_loaded_back_and_a_new_chat_starts_fresh(
        db: AnyDatabase) -> None:
    session = Session(flow="propose", step="title", data={"theme": "nature"})
    async with db.transaction() as uow:
        await uow.sessions.save(10, 20, session, NOW)
    async with db.transaction() as uow:
        assert await uow.sessions.load(10, 20) == session
        assert await uow.sessions.load(11, 20) == Session()
        assert [(c, u) for c, u, _ in await uow.sessions.in_flow("propose")] == [(10, 20)]
        await uow.sessions.delete_user(20)
    async with db.transaction() as uow:
        assert await uow.sessions.load(10, 20) == Session()


async def test_a_failing_unit_of_work_leaves_nothing_behind(db: AnyDatabase) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as uow:
            await uow.sessions.save(1, 1, Session(flow="vote"), NOW)
            await uow.settings.put("phase", "vote")
            raise RuntimeError("the handler failed")
    async with db.transaction() as uow:
        assert await uow.sessions.load(1, 1) == Session()
        assert await uow.settings.get("phase") is None


# --- proposals ----------------------------------------------------------------------------

async def test_proposals_filed_at_once_get_distinct_references_in_sequence(
        db: AnyDatabase) -> None:
    async def file(n: int) -> str:
        async with db.transaction() as uow:
            proposal = await uow.proposals.create(n, n, "fr", fields(f"Projet {n}"), "GERS",
                                                  2026, NOW)
            return proposal.reference

    references = await asyncio.gather(*(file(n) for n in range(1, 9)))
    assert sorted(references) == [f"GERS-2026-{n:04d}" for n in range(1, 9)]
    async with db.transaction() as uow:
        assert await uow.proposals.counts_by_status() == {"submitted": 8}
        found = await uow.proposals.by_reference(" gers-2026-0003 ")
        assert found is not None and found.reference == "GERS-2026-0003"


async def test_a_proposal_is_withdrawn_once_and_not_after_a_decision(db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        first = await uow.proposals.create(7, 7, "fr", fields(), "GERS", 2026, NOW)
        second = await uow.proposals.create(7, 7, "fr", fields("Autre"), "GERS", 2026, NOW)
        await uow.proposals.set_status(second.id, ProposalStatus.ADMISSIBLE, None, None,
                                       "staff", NOW)
    async with db.transaction() as uow:
        assert await uow.proposals.withdraw(first.id, 7, NOW)
        assert not await uow.proposals.withdraw(first.id, 7, NOW)
        assert not await uow.proposals.withdraw(second.id, 7, NOW)
        assert [p.status for p in await uow.proposals.of_user(7)] == [
            ProposalStatus.WITHDRAWN, ProposalStatus.ADMISSIBLE]


# --- voting -------------------------------------------------------------------------------

async def test_one_ballot_per_phone_and_per_account(db: AnyDatabase) -> None:
    receipt = await cast(db, "phoneA", "accountA")
    assert receipt is not None and len(receipt) == 8
    assert await cast(db, "phoneA", "accountB") is None
    assert await cast(db, "phoneB", "accountA") is None
    async with db.transaction() as uow:
        assert await uow.voting.has_voted(phone_hash="phoneA")
        assert await uow.voting.has_voted(account_hash="accountA")
        assert not await uow.voting.has_voted(phone_hash="phoneB", account_hash="accountB")
        assert await uow.voting.receipt_exists(receipt.lower())
        assert await uow.voting.ballots() == [("online", [1, 2])]
        assert await uow.voting.counts() == {"voters": 1, "ballots_online": 1}


async def test_the_same_phone_voting_from_many_places_at_once_gets_one_ballot(
        db: AnyDatabase) -> None:
    receipts = await asyncio.gather(*(cast(db, "phoneX", f"account{n}") for n in range(12)))
    assert sum(r is not None for r in receipts) == 1
    async with db.transaction() as uow:
        assert len(await uow.voting.ballots()) == 1


async def test_paper_ballots_and_box_totals(db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        await uow.voting.add_ballot("2026-05-04", "paper:Auch", [3, 1], receipt="P0000001")
        await uow.voting.set_paper_total("Auch", 1, 40, "staff", "2026-05-04")
        await uow.voting.set_paper_total("Auch", 1, 42, "staff", "2026-05-04")
        before = await uow.voting.replace_box("Condom", {2: 5, 3: 6}, "staff", "2026-05-04")
    assert before == {}
    async with db.transaction() as uow:
        assert await uow.voting.box_totals("Auch") == {1: 42}
        assert await uow.voting.box_names() == ["Auch", "Condom"]
        assert await uow.voting.replace_box("Condom", {2: 7}, "s", "2026-05-04") == {2: 5, 3: 6}
        assert await uow.voting.withdraw_paper_ballot("p0000001") == ("paper:Auch", [1, 3])
        assert await uow.voting.withdraw_paper_ballot("P0000001") is None
        assert [t.votes for t in await uow.voting.paper_totals()] == [42, 7]


async def test_purging_the_voter_list_keeps_the_turnout(db: AnyDatabase) -> None:
    for n in range(3):
        assert await cast(db, f"phone{n}", f"account{n}") is not None
    async with db.transaction() as uow:
        assert await uow.voting.purge_voter_list() == 3
    async with db.transaction() as uow:
        assert not await uow.voting.has_voted(phone_hash="phone0")
        assert await uow.voting.turnout("commune") == {"32013": 3}
        assert await uow.voting.turnout("canton") == {"3203": 3}
        assert (await uow.voting.counts())["kept_voters"] == 3


# --- SMS ----------------------------------------------------------------------------------

async def test_callers_reserving_at_once_never_pass_the_typed_daily_cap(
        db: AnyDatabase) -> None:
    async def reserve(n: int) -> int | None:
        async with db.transaction() as uow:
            return await uow.sms.reserve(SmsRequest(f"p{n}", f"a{n}", TYPED, n, "fr"), QUOTA)

    won = await asyncio.gather(*(reserve(n) for n in range(30)))
    assert sum(r is not None for r in won) == QUOTA.typed_daily_cap
    async with db.transaction() as uow:
        assert await uow.sms.status_counts() == {"sending": QUOTA.typed_daily_cap}
        assert len(await uow.sms.in_flight()) == QUOTA.typed_daily_cap


async def test_one_account_waits_the_cooldown_between_codes(db: AnyDatabase) -> None:
    request = SmsRequest("phone", "account", "contact", 5, "fr")
    async with db.transaction() as uow:
        first = await uow.sms.reserve(request, QUOTA)
        assert first is not None
        assert await uow.sms.reserve(request, QUOTA) is None
        await uow.sms.set_status(first, "sent")
        counts = await uow.sms.counts("phone", "account", QUOTA)
        assert counts.number_hour == 1 and counts.campaign_day == 1
        assert await uow.sms.last_sent("account") == T
        assert await uow.sms.sent_since(T - 1, phone_hash="phone") == 1
        assert await uow.sms.sent_since(T - 1, account_hash="nobody") == 0
        assert await uow.sms.in_flight() == []


async def test_a_code_counts_its_attempts_is_used_once_and_is_replaced(db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        await uow.sms.put(Challenge("acc", "ph", "hash1", T + 600, 0, T))
        assert await uow.sms.spend_attempt("acc", T) == Challenge(
            "acc", "ph", "hash1", T + 600, 1, T)
        second = await uow.sms.spend_attempt("acc", T)
        assert second is not None and second.attempts == 2
        assert await uow.sms.spend_attempt("acc", T + 601) is None  # expired: no try counted
        await uow.sms.put(Challenge("acc", "ph", "hash2", T + 900, 0, T + 1))
        assert await uow.sms.get("acc") == Challenge("acc", "ph", "hash2", T + 900, 0, T + 1)
        assert not await uow.sms.take("acc", T)  # the replaced code cannot be used
        assert await uow.sms.take("acc", T + 1)
        assert not await uow.sms.take("acc", T + 1)  # used once
        await uow.sms.put(Challenge("acc", "ph", "hash3", T + 900, 0, T))
        assert await uow.sms.purge_expired(T + 1000) == 1


async def test_a_flag_is_set_once(db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        assert await uow.settings.set_once("alert:2027-03-01", "1")
        assert not await uow.settings.set_once("alert:2027-03-01", "2")
        assert await uow.settings.get("alert:2027-03-01") == "1"


# --- outbox, inbox, settings, updates -----------------------------------------------------

async def test_the_outbox_sends_replies_first_and_forgets_what_was_sent(
        db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        await uow.outbox.put(Message(1, "broadcast", priority=1))
        await uow.outbox.put(Message(2, "reply", tag="ballot:2"))
        await uow.outbox.put(Message(3, "other chat"))
    async with db.reading() as uow:
        queued = await uow.outbox.queued(10, skip_chats=[3])
        assert [q.chat_id for q in queued] == [2, 1]
        message = await uow.outbox.message(queued[0].id)
        assert message is not None and message.text == "reply"
    async with db.by_itself() as uow:
        await uow.outbox.mark_sent(queued[0].id, "ballot:2", 2, 99)
    async with db.transaction() as uow:
        await uow.outbox.mark_failed(queued[1].id, "Forbidden: bot was blocked")
        assert await uow.outbox.message(queued[0].id) is None
        assert await uow.outbox.message_id("ballot:2") == (2, 99)
        assert await uow.outbox.count_pending() == 1
        assert await uow.outbox.prune() == 1
        await uow.outbox.forget_tags("ballot:")
        assert await uow.outbox.message_id("ballot:2") is None


async def test_the_inbox_keeps_an_update_once_and_never_one_already_handled(
        db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        assert await uow.updates.first_time(5, NOW)
        added = await uow.inbox.add([(7, 70, "{}"), (6, 60, "{}"), (5, 50, "{}")])
    assert added == [(7, 70, "{}"), (6, 60, "{}")]
    async with db.transaction() as uow:
        assert await uow.inbox.add([(7, 70, "{}")]) == []
        assert await uow.inbox.waiting() == [(6, 60, "{}"), (7, 70, "{}")]
        await uow.inbox.remove(6)
    async with db.transaction() as uow:
        assert await uow.inbox.waiting() == [(7, 70, "{}")]


async def test_the_same_update_delivered_at_once_is_kept_once(db: AnyDatabase) -> None:
    async def deliver() -> int:
        async with db.transaction() as uow:
            return len(await uow.inbox.add([(42, 1, "{}")]))

    assert sorted(await asyncio.gather(*(deliver() for _ in range(8)))) == [0] * 7 + [1]


async def test_an_update_is_handled_the_first_time_only(db: AnyDatabase) -> None:
    async def handle() -> bool:
        async with db.transaction() as uow:
            return await uow.updates.first_time(1001, NOW)

    assert sorted(await asyncio.gather(*(handle() for _ in range(8)))) == [False] * 7 + [True]
    async with db.transaction() as uow:
        assert await uow.updates.purge_before(NOW.date()) == 0
        assert await uow.updates.purge_before(NOW.date().replace(day=5)) == 1


async def test_settings_are_set_replaced_and_cleared(db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        await uow.settings.put("phase", "vote")
        await uow.settings.put("phase", "results")
        assert await uow.settings.get("phase") == "results"
        await uow.settings.put("phase", None)
        assert await uow.settings.get("phase") is None


async def test_a_chats_campaign_choice_is_kept_replaced_and_forgotten(db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        assert await uow.choices.get(42) is None
        await uow.choices.put(42, "gers-bpg4", NOW)
        await uow.choices.put(43, "gers-bpg4", NOW)
    async with db.transaction() as uow:  # committed, and global: the same in any campaign
        assert await uow.in_campaign("aude-bp4").choices.get(42) == "gers-bpg4"
        await uow.choices.put(42, "aude-bp4", NOW)
        assert await uow.choices.get(42) == "aude-bp4"
        await uow.choices.forget(43)
        assert await uow.choices.get(43) is None


async def test_subscribers_are_added_once(db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        assert await uow.subscribers.add(1, 10, "fr", "vote")
        assert not await uow.subscribers.add(1, 10, "fr", "vote")
        assert await uow.subscribers.add(2, 20, "en", "vote")
        assert await uow.subscribers.of_topic("vote") == [(10, "fr"), (20, "en")]
        assert await uow.subscribers.is_subscribed(2, "vote")
        await uow.subscribers.remove_user(2)
        assert await uow.subscribers.members("vote") == [(1, 10, "fr")]


async def test_audit_entries_are_kept_in_order_and_citizens_forgotten(
        db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        await uow.audit.record(NOW, 5, "citizen", "withdraw", "GERS-2026-0001", {"n": 1})
        await uow.audit.record(NOW, 6, "Anne", "decide", "GERS-2026-0001", {"ok": True})
        await uow.audit.forget_actor(5)
        entries = await uow.audit.entries("GERS-2026-0001")
    assert [(e["actor_id"], e["action"], e["detail"]) for e in entries] == [
        (0, "withdraw", {"n": 1}), (6, "decide", {"ok": True})]


async def test_staff_replacing_a_new_box_at_once_leave_one_whole_content(
        db: AnyDatabase) -> None:
    async def replace(totals: dict[int, int]) -> dict[int, int]:
        async with db.transaction() as uow:
            return await uow.voting.replace_box("Lectoure", totals, "staff", "2026-05-04")

    befores = await asyncio.gather(replace({1: 10, 2: 20}), replace({1: 11, 3: 30}))
    async with db.transaction() as uow:
        after = await uow.voting.box_totals("Lectoure")
    assert after in ({1: 10, 2: 20}, {1: 11, 3: 30})
    assert sorted(befores, key=len) == [{}, {1: 11, 3: 30} if after == {1: 10, 2: 20}
                                        else {1: 10, 2: 20}]


# --- several campaigns in one database ----------------------------------------------------

GERS, AUDE = "gers-bpg4", "aude-bp4"


async def cast_in(db: AnyDatabase, campaign: str, phone: str, account: str) -> str | None:
    async with db.transaction() as uow:
        return await uow.in_campaign(campaign).voting.cast(
            phone, account, "2026-05-04", "32013", "3203", (1, 2))


async def test_the_same_phone_votes_once_in_each_campaign(db: AnyDatabase) -> None:
    assert await cast_in(db, GERS, "phoneA", "accountA") is not None
    assert await cast_in(db, AUDE, "phoneA", "accountA") is not None  # another campaign
    assert await cast_in(db, GERS, "phoneA", "accountA") is None  # twice in one: refused
    assert await cast_in(db, AUDE, "phoneA", "accountB") is None
    async with db.transaction() as uow:
        for campaign in (GERS, AUDE):
            voting = uow.in_campaign(campaign).voting
            assert await voting.counts() == {"voters": 1, "ballots_online": 1}
            assert await voting.ballots() == [("online", [1, 2])]
        # The whole bot's namespace holds no campaign's voters.
        assert not await uow.voting.has_voted(phone_hash="phoneA")


async def test_one_campaign_sees_none_of_another_s_rows(db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        gers = uow.in_campaign(GERS)
        made = await gers.proposals.create(5, 5, "fr", fields(), "BP", 2026, NOW)
        await gers.proposals.set_status(made.id, ProposalStatus.ADMISSIBLE, None, None, "P", NOW)
        await gers.settings.put("results_published", "2026-06-01")
        await gers.subscribers.add(5, 5, "fr", "vote")
        await gers.sessions.save(5, 5, Session(flow="propose", step="title"), NOW)
        await gers.voting.add_ballot("2026-05-04", "paper", [made.id], receipt="P0000001")
        await gers.voting.set_paper_total("Auch", made.id, 12, "staff", "2026-05-04")
        await gers.notices.record(Notice("proposal_decided", NOW, {"proposal_id": made.id}))
        await gers.progress.add(NewProgress(made.id, "works", 40, "", None, "Paul"), NOW)
        await gers.sms.put(Challenge("acc", "phone", "code", T + 600, 0, T))
        assert await gers.sms.log("phone", "acc", T, "sent") > 0
    async with db.transaction() as uow:
        aude = uow.in_campaign(AUDE)
        assert await aude.proposals.all() == []
        assert await aude.proposals.get(made.id) is None
        assert await aude.proposals.by_reference(made.reference) is None
        assert await aude.proposals.counts_by_status() == {}
        assert await aude.settings.get("results_published") is None
        assert await aude.subscribers.of_topic("vote") == []
        assert await aude.sessions.load(5, 5) == Session()
        assert await aude.sessions.in_flow("propose") == []
        assert await aude.voting.ballots() == []
        assert await aude.voting.receipt_exists("P0000001") is False
        assert await aude.voting.paper_totals() == []
        assert await aude.voting.counts() == {"voters": 0}
        assert await aude.notices.claim(10) == []
        assert await aude.progress.latest() == {}
        assert await aude.sms.get("acc") is None
        assert await aude.sms.status_counts() == {}
        assert not await aude.proposals.change_status(
            made.id, ProposalStatus.ADMISSIBLE, ProposalStatus.INADMISSIBLE, None, None, "X", NOW)
        gers = uow.in_campaign(GERS)  # while the campaign's own sees them all
        assert [(p.reference, p.status) for p in await gers.proposals.all()] == [
            (made.reference, ProposalStatus.ADMISSIBLE)]
        assert await gers.settings.get("results_published") == "2026-06-01"
        assert await gers.subscribers.of_topic("vote") == [(5, "fr")]
        assert [n.data for n in await gers.notices.claim(10)] == [{"proposal_id": made.id}]
        assert (await gers.progress.latest())[made.id].percent == 40
        assert await gers.sms.status_counts() == {"sent": 1}


async def test_a_flag_set_in_one_campaign_can_be_set_in_another(db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        assert await uow.in_campaign(GERS).settings.set_once("vote_opened", "1")
        assert not await uow.in_campaign(GERS).settings.set_once("vote_opened", "1")
        assert await uow.in_campaign(AUDE).settings.set_once("vote_opened", "1")
        assert await uow.settings.get("vote_opened") is None


async def test_references_stay_unique_across_campaigns(db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        gers = await uow.in_campaign(GERS).proposals.create(1, 1, "fr", fields(), "BP", 2026,
                                                            NOW)
        aude = await uow.in_campaign(AUDE).proposals.create(1, 1, "fr", fields(), "BPA", 2026,
                                                            NOW)
    assert (gers.reference, aude.reference) == ("BP-2026-0001", "BPA-2026-0001")


async def test_adopting_the_legacy_rows_moves_them_once(db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        legacy = uow.in_campaign("?")  # as migration 8 leaves a single-campaign database
        made = await legacy.proposals.create(5, 5, "fr", fields(), "BP", 2026, NOW)
        await legacy.settings.put("results_published", "2026-06-01")
        await legacy.subscribers.add(5, 5, "fr", "vote")
        assert await legacy.voting.cast("phoneA", "accountA", "2026-05-04", None, None, (1,))
    async with db.transaction() as uow:
        assert await uow.adopt_legacy(GERS) == 5  # proposal, setting, subscriber, voter, ballot
    async with db.transaction() as uow:
        assert await uow.adopt_legacy(GERS) == 0
        gers = uow.in_campaign(GERS)
        assert [p.id for p in await gers.proposals.all()] == [made.id]
        assert await gers.settings.get("results_published") == "2026-06-01"
        assert await gers.subscribers.of_topic("vote") == [(5, "fr")]
        assert await gers.voting.cast("phoneA", "accountA", "2026-05-04", None, None,
                                      (1,)) is None
        assert await uow.in_campaign("?").proposals.all() == []


async def test_two_workers_adopting_at_once_move_each_legacy_row_once(db: AnyDatabase) -> None:
    async with db.transaction() as uow:
        for n in range(3):
            await uow.in_campaign("?").subscribers.add(n, n, "fr", "vote")

    async def adopt() -> int:
        async with db.transaction() as uow:
            return await uow.adopt_legacy(GERS)

    assert sorted(await asyncio.gather(adopt(), adopt())) == [0, 3]
    async with db.transaction() as uow:
        assert len(await uow.in_campaign(GERS).subscribers.of_topic("vote")) == 3
        assert await uow.adopt_legacy("?") == 0
