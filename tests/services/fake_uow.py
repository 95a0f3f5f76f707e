"""An in-memory unit of work implementing every port of flows/ports.py, for service tests.

Each atomic contract holds the way the SQLite one does: a check and its write happen in one
synchronous step (no `await` between them), so no other task can come in between."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from flows.domain.model import Proposal, ProposalFields, ProposalStatus
from flows.domain.notices import Notice
from flows.domain.progress import NewProgress, ProgressEntry
from flows.domain.records import (
    TYPED,
    Challenge,
    PaperTotal,
    SendCounts,
    SmsFigures,
    SmsInFlight,
    SmsQuota,
    SmsRequest,
)
from flows.replies import Message
from flows.session import Session

LIVE = ("sent", "sending")
ID_COUNTER = "#proposal ids"
LEGACY = "?"
# The repositories whose rows belong to one campaign (in_campaign gives each its own).
SCOPED = ("sessions", "proposals", "settings", "subscribers", "voting", "sms", "progress",
          "notices")


class FakeSessions:
    def __init__(self) -> None:
        self.rows: dict[tuple[int, int], str] = {}

    async def load(self, chat_id: int, user_id: int) -> Session:
        row = self.rows.get((chat_id, user_id))
        return Session.model_validate_json(row) if row else Session()

    async def save(self, chat_id: int, user_id: int, session: Session, at: datetime) -> None:
        self.rows[(chat_id, user_id)] = session.model_dump_json()

    async def delete_user(self, user_id: int) -> None:
        self.rows = {k: v for k, v in self.rows.items() if k[1] != user_id}

    async def in_flow(self, flow: str) -> list[tuple[int, int, Session]]:
        found = [(c, u, Session.model_validate_json(s)) for (c, u), s in self.rows.items()]
        return [row for row in found if row[2].flow == flow]


class FakeProposals:
    def __init__(self) -> None:
        self.rows: dict[int, Proposal] = {}
        self.counters: dict[str, int] = {}

    async def create(
        self, user_id: int, chat_id: int, language: str, fields: ProposalFields,
        prefix: str, year: int, at: datetime,
    ) -> Proposal:
        name = f"proposal:{prefix}:{year}"
        self.counters[name] = self.counters.get(name, 0) + 1
        # Ids and reference counters are the database's, shared by its campaigns.
        self.counters[ID_COUNTER] = self.counters.get(ID_COUNTER, 0) + 1
        proposal = Proposal(
            id=self.counters[ID_COUNTER], reference=f"{prefix}-{year}-{self.counters[name]:04d}",
            user_id=user_id, chat_id=chat_id, language=language,
            status=ProposalStatus.SUBMITTED, fields=fields, submitted_at=at)
        self.rows[proposal.id] = proposal
        return proposal

    async def get(self, proposal_id: int) -> Proposal | None:
        return self.rows.get(proposal_id)

    async def by_reference(self, reference: str) -> Proposal | None:
        wanted = reference.strip().upper()
        return next((p for p in self.rows.values() if p.reference == wanted), None)

    async def of_user(self, user_id: int) -> list[Proposal]:
        return [p for p in await self.all() if p.user_id == user_id]

    async def all(self) -> list[Proposal]:
        return [self.rows[i] for i in sorted(self.rows)]

    def _change(self, proposal_id: int, **values: Any) -> None:
        if proposal_id in self.rows:
            self.rows[proposal_id] = replace(self.rows[proposal_id], **values)

    async def update_fields(self, proposal_id: int, fields: ProposalFields,
                            at: datetime) -> None:
        self._change(proposal_id, fields=fields, status=ProposalStatus.SUBMITTED)

    async def correct_fields(self, proposal_id: int, fields: ProposalFields,
                             at: datetime) -> None:
        self._change(proposal_id, fields=fields)

    async def waiting(self, limit: int, offset: int) -> list[Proposal]:
        waiting = sorted((p for p in self.rows.values()
                          if p.status is ProposalStatus.SUBMITTED),
                         key=lambda p: (p.submitted_at, p.id))
        return waiting[offset:offset + limit]

    async def set_status(
        self, proposal_id: int, status: ProposalStatus, note: str | None,
        duplicate_of: str | None, decided_by: str | None, at: datetime,
    ) -> None:
        self._change(proposal_id, status=status, decision_note=note,
                     duplicate_of=duplicate_of, decided_by=decided_by)

    async def change_status(
        self, proposal_id: int, expected: ProposalStatus, status: ProposalStatus,
        note: str | None, duplicate_of: str | None, decided_by: str | None, at: datetime,
    ) -> bool:
        """Atomic: the check and the change with no await between them."""
        proposal = self.rows.get(proposal_id)
        if proposal is None or proposal.status is not expected:
            return False
        self._change(proposal_id, status=status, decision_note=note,
                     duplicate_of=duplicate_of, decided_by=decided_by)
        return True

    async def withdraw(self, proposal_id: int, user_id: int, at: datetime) -> bool:
        """Atomic: the check and the change with no await between them."""
        proposal = self.rows.get(proposal_id)
        if proposal is None or proposal.user_id != user_id or \
                proposal.status is not ProposalStatus.SUBMITTED:
            return False
        self._change(proposal_id, status=ProposalStatus.WITHDRAWN)
        return True

    async def counts_by_status(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for p in self.rows.values():
            out[p.status.value] = out.get(p.status.value, 0) + 1
        return out

    async def anonymize(self, proposal_id: int, fields: ProposalFields, at: datetime) -> None:
        self._change(proposal_id, fields=fields, user_id=0, chat_id=0)


class FakeAudit:
    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []

    async def record(
        self, at: datetime, actor_id: int, actor_name: str, action: str, subject: str,
        detail: dict[str, Any],
    ) -> None:
        self.entries.append({"at": at, "actor_id": actor_id, "actor_name": actor_name,
                             "action": action, "subject": subject, "detail": detail})

    async def forget_actor(self, actor_id: int) -> None:
        for entry in self.entries:
            if entry["actor_id"] == actor_id and entry["actor_name"] == "citizen":
                entry["actor_id"] = 0


class FakeOutbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.sent: dict[str, tuple[int, int]] = {}

    async def put(self, message: Message) -> None:
        self.messages.append(message)

    async def message_id(self, tag: str) -> tuple[int, int] | None:
        return self.sent.get(tag)

    async def forget_tags(self, prefix: str) -> None:
        self.sent = {k: v for k, v in self.sent.items() if not k.startswith(prefix)}


class FakeSettings:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    async def get(self, key: str) -> str | None:
        return self.values.get(key)

    async def put(self, key: str, value: str | None) -> None:
        if value is None:
            self.values.pop(key, None)
        else:
            self.values[key] = value

    async def set_once(self, key: str, value: str) -> bool:
        """Atomic: the check and the write with no await between them."""
        if key in self.values:
            return False
        self.values[key] = value
        return True


class FakeSubscribers:
    def __init__(self) -> None:
        self.rows: dict[tuple[int, str], tuple[int, str]] = {}

    async def add(self, user_id: int, chat_id: int, language: str, topic: str) -> bool:
        if (user_id, topic) in self.rows:
            return False
        self.rows[(user_id, topic)] = (chat_id, language)
        return True

    async def remove(self, user_id: int, topic: str) -> bool:
        return self.rows.pop((user_id, topic), None) is not None

    async def topics_of(self, user_id: int) -> list[str]:
        return sorted(t for u, t in self.rows if u == user_id)

    async def remove_user(self, user_id: int) -> None:
        self.rows = {k: v for k, v in self.rows.items() if k[0] != user_id}

    async def of_topic(self, topic: str) -> list[tuple[int, str]]:
        return [(chat, lang) for _, chat, lang in await self.members(topic)]

    async def is_subscribed(self, user_id: int, topic: str) -> bool:
        return (user_id, topic) in self.rows

    async def members(self, topic: str) -> list[tuple[int, int, str]]:
        return [(user, chat, lang) for (user, t), (chat, lang) in sorted(self.rows.items())
                if t == topic]


class FakeUpdates:
    def __init__(self) -> None:
        self.seen: set[int] = set()

    async def first_time(self, update_id: int, at: datetime) -> bool:
        """Atomic: the check and the insert with no await between them."""
        if update_id in self.seen:
            return False
        self.seen.add(update_id)
        return True


@dataclass
class VoterRow:
    phone_hash: str
    account_hash: str
    day: str
    commune: str | None
    canton: str | None


@dataclass
class BallotRow:
    day: str
    channel: str
    choices: list[int]
    receipt: str | None


class FakeVoting:
    def __init__(self) -> None:
        self.voters: list[VoterRow] = []
        self.ballot_box: dict[str, BallotRow] = {}  # random ids: no order links them to voters
        self.paper: dict[tuple[str, int], PaperTotal] = {}
        self.kept: dict[str, int] = {}

    async def has_voted(self, phone_hash: str | None = None,
                        account_hash: str | None = None) -> bool:
        return any(v.phone_hash == (phone_hash or "") or v.account_hash == (account_hash or "")
                   for v in self.voters)

    async def voter_commune(self, account_hash: str) -> str | None:
        return next((v.commune for v in self.voters
                     if v.account_hash == account_hash and v.commune), None)

    async def cast(
        self, phone_hash: str, account_hash: str, day: str, commune: str | None,
        canton: str | None, choices: Sequence[int], channel: str = "online",
    ) -> str | None:
        """Atomic: the unique checks and both writes with no await between them."""
        if any(v.phone_hash == phone_hash or v.account_hash == account_hash
               for v in self.voters):
            return None
        self.voters.append(VoterRow(phone_hash, account_hash, day, commune, canton))
        receipt = secrets.token_hex(4).upper()
        self.ballot_box[secrets.token_hex(16)] = BallotRow(day, channel, sorted(choices),
                                                           receipt)
        return receipt

    async def add_ballot(self, day: str, channel: str, choices: Sequence[int],
                         receipt: str | None = None) -> None:
        self.ballot_box[secrets.token_hex(16)] = BallotRow(day, channel, sorted(choices),
                                                           receipt)

    async def receipt_exists(self, receipt: str) -> bool:
        wanted = receipt.strip().upper()
        return any(b.receipt == wanted for b in self.ballot_box.values())

    async def ballots(self) -> list[tuple[str, list[int]]]:
        return [(b.channel, list(b.choices)) for _, b in sorted(self.ballot_box.items())]

    async def set_paper_total(self, box: str, proposal_id: int, votes: int,
                              entered_by: str, day: str) -> None:
        self.paper[(box, proposal_id)] = PaperTotal(box, proposal_id, votes, entered_by)

    async def paper_totals(self) -> list[PaperTotal]:
        return [self.paper[k] for k in sorted(self.paper)]

    async def withdraw_paper_ballot(self, receipt: str) -> tuple[str, list[int]] | None:
        wanted = receipt.strip().upper()
        for ballot_id, b in list(self.ballot_box.items()):
            if b.receipt == wanted and b.channel.startswith("paper"):
                del self.ballot_box[ballot_id]
                return b.channel, list(b.choices)
        return None

    async def box_totals(self, box: str) -> dict[int, int]:
        return {pid: t.votes for (b, pid), t in sorted(self.paper.items()) if b == box}

    async def box_names(self) -> list[str]:
        return sorted({b for b, _ in self.paper})

    async def replace_box(self, box: str, totals: dict[int, int], entered_by: str,
                          day: str) -> dict[int, int]:
        before = await self.box_totals(box)
        self.paper = {k: v for k, v in self.paper.items() if k[0] != box}
        for pid, votes in totals.items():
            self.paper[(box, pid)] = PaperTotal(box, pid, votes, entered_by)
        return before

    async def counts(self) -> dict[str, int]:
        out = {"voters": len(self.voters)}
        for b in self.ballot_box.values():
            out[f"ballots_{b.channel}"] = out.get(f"ballots_{b.channel}", 0) + 1
        out.update({f"kept_{k}": v for k, v in self.kept.items()})
        return out

    async def turnout(self, column: str) -> dict[str, int]:
        assert column in ("commune", "canton")
        out: dict[str, int] = {}
        for v in self.voters:
            key = str(getattr(v, column))
            out[key] = out.get(key, 0) + 1
        for key, value in self.kept.items():
            if key.startswith(f"{column}:"):
                name = key.split(":", 1)[1]
                out[name] = out.get(name, 0) + value
        return out


@dataclass
class LogRow:
    id: int
    phone_hash: str
    account_hash: str
    at: float
    status: str
    channel: str
    chat_id: int | None = None
    language: str | None = None


class FakeSmsChallenges:
    def __init__(self) -> None:
        self.challenges: dict[str, Challenge] = {}
        self.sms_log: list[LogRow] = []

    async def get(self, account_hash: str) -> Challenge | None:
        return self.challenges.get(account_hash)

    async def put(self, challenge: Challenge) -> None:
        self.challenges[challenge.account_hash] = challenge

    async def spend_attempt(self, account_hash: str, now: float) -> Challenge | None:
        """Atomic: the count and the read with no await between them."""
        found = self.challenges.get(account_hash)
        if found is None or found.expires_at < now:
            return None
        self.challenges[account_hash] = replace(found, attempts=found.attempts + 1)
        return self.challenges[account_hash]

    async def delete(self, account_hash: str) -> None:
        self.challenges.pop(account_hash, None)

    async def take(self, account_hash: str, created_at: float) -> bool:
        """Atomic: the check and the removal with no await between them."""
        found = self.challenges.get(account_hash)
        if found is None or found.created_at != created_at:
            return False
        del self.challenges[account_hash]
        return True

    async def log(self, phone_hash: str, account_hash: str, at: float, status: str,
                  channel: str = TYPED) -> int:
        row = LogRow(len(self.sms_log) + 1, phone_hash, account_hash, at, status, channel)
        self.sms_log.append(row)
        return row.id

    def _live(self, since: float, **match: str) -> int:
        return sum(1 for r in self.sms_log if r.status in LIVE and r.at >= since
                   and all(getattr(r, k) == v for k, v in match.items()))

    def _counts(self, phone_hash: str, account_hash: str, quota: SmsQuota) -> SendCounts:
        return SendCounts(
            self._live(quota.hour_ago, phone_hash=phone_hash),
            self._live(quota.day_ago, phone_hash=phone_hash),
            self._live(quota.hour_ago, account_hash=account_hash),
            self._live(quota.day_ago, account_hash=account_hash),
            self._live(quota.day_start),
            self._live(quota.day_start, channel=TYPED),
            self._live(quota.hour_ago, channel=TYPED))

    async def reserve(self, request: SmsRequest, quota: SmsQuota) -> int | None:
        """Atomic: every cap read and the row written with no await between them."""
        c = self._counts(request.phone_hash, request.account_hash, quota)
        typed = request.channel == TYPED
        cooling = any(r.status in LIVE and r.account_hash == request.account_hash
                      and r.at > quota.now - quota.cooldown_seconds for r in self.sms_log)
        if cooling or c.campaign_day >= quota.daily_cap \
                or (typed and c.typed_day >= quota.typed_daily_cap) \
                or (typed and c.typed_hour >= quota.typed_hourly_cap) \
                or c.number_hour >= quota.per_number_hour \
                or c.number_day >= quota.per_number_day \
                or c.account_hour >= quota.per_account_hour \
                or c.account_day >= quota.per_account_day:
            return None
        row = LogRow(len(self.sms_log) + 1, request.phone_hash, request.account_hash,
                     quota.now, "sending", request.channel, request.chat_id, request.language)
        self.sms_log.append(row)
        return row.id

    async def counts(self, phone_hash: str, account_hash: str,
                     quota: SmsQuota) -> SendCounts:
        return self._counts(phone_hash, account_hash, quota)

    async def figures(self, day_start: float) -> SmsFigures:
        today = [r for r in self.sms_log if r.at >= day_start]
        live = [r for r in today if r.status in LIVE]
        return SmsFigures(sum(1 for r in live if r.channel == TYPED),
                          sum(1 for r in live if r.channel != TYPED),
                          len({r.account_hash for r in live if r.channel == TYPED}),
                          sum(1 for r in today if r.status == "capped"))

    async def in_flight(self, before: float | None = None) -> list[SmsInFlight]:
        return [SmsInFlight(r.id, r.account_hash, r.at, r.chat_id, r.language)
                for r in self.sms_log
                if r.status == "sending" and (before is None or r.at < before)]

    async def set_status(self, log_id: int, status: str) -> None:
        for r in self.sms_log:
            if r.id == log_id:
                r.status, r.chat_id, r.language = status, None, None

    async def sent_since(self, since: float, phone_hash: str | None = None,
                         account_hash: str | None = None) -> int:
        match = {k: v for k, v in (("phone_hash", phone_hash), ("account_hash", account_hash))
                 if v is not None}
        return self._live(since, **match)

    async def last_sent(self, account_hash: str) -> float | None:
        times = [r.at for r in self.sms_log
                 if r.status in LIVE and r.account_hash == account_hash]
        return max(times) if times else None

    async def status_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.sms_log:
            out[r.status] = out.get(r.status, 0) + 1
        return out


class FakeProgress:
    def __init__(self) -> None:
        self.rows: list[tuple[ProgressEntry, bool]] = []  # (entry, replaced)

    def _current(self, proposal_id: int) -> list[ProgressEntry]:
        return [e for e, gone in self.rows if e.proposal_id == proposal_id and not gone]

    async def add(self, new: NewProgress, at: datetime,
                  replaces: int | None = None) -> ProgressEntry:
        entry = ProgressEntry(len(self.rows) + 1, new.proposal_id, new.stage, new.percent,
                              new.note, new.photo, at, new.by, replaces)
        self.rows.append((entry, False))
        return entry

    async def correct(self, last_id: int, new: NewProgress,
                      at: datetime) -> ProgressEntry | None:
        """Atomic here as in storage: checked and replaced with no await in between."""
        current = self._current(new.proposal_id)
        if not current or current[-1].id != last_id:
            return None
        self.rows = [(e, gone or e.id == last_id) for e, gone in self.rows]
        return await self.add(new, at, replaces=last_id)

    async def last(self, proposal_id: int) -> ProgressEntry | None:
        current = self._current(proposal_id)
        return current[-1] if current else None

    async def history(self, proposal_id: int) -> list[ProgressEntry]:
        return self._current(proposal_id)

    async def latest(self) -> dict[int, ProgressEntry]:
        return {e.proposal_id: e for e, gone in self.rows if not gone}


class FakeNotices:
    """Notices as SQLite keeps them: data through JSON (amounts become text)."""

    def __init__(self) -> None:
        self.rows: list[Notice] = []
        self.next_id = 1

    async def record(self, notice: Notice) -> int:
        data = json.loads(json.dumps(notice.data, ensure_ascii=False, default=str))
        self.rows.append(replace(notice, data=data, id=self.next_id))
        self.next_id += 1
        return self.next_id - 1

    async def claim(self, limit: int) -> list[Notice]:
        """Atomic: the read and the removal with no await between them."""
        claimed, self.rows = self.rows[:limit], self.rows[limit:]
        return claimed


class FakeCampaignChoices:
    def __init__(self) -> None:
        self.rows: dict[int, str] = {}

    async def get(self, chat_id: int) -> str | None:
        return self.rows.get(chat_id)

    async def put(self, chat_id: int, campaign_id: str, at: datetime) -> None:
        self.rows[chat_id] = campaign_id

    async def forget(self, chat_id: int) -> None:
        self.rows.pop(chat_id, None)


@dataclass
class FakeUnitOfWork:
    """Every port in memory; one instance stands for one database (there is no rollback)."""

    sessions: FakeSessions = field(default_factory=FakeSessions)
    proposals: FakeProposals = field(default_factory=FakeProposals)
    audit: FakeAudit = field(default_factory=FakeAudit)
    outbox: FakeOutbox = field(default_factory=FakeOutbox)
    settings: FakeSettings = field(default_factory=FakeSettings)
    subscribers: FakeSubscribers = field(default_factory=FakeSubscribers)
    updates: FakeUpdates = field(default_factory=FakeUpdates)
    voting: FakeVoting = field(default_factory=FakeVoting)
    sms: FakeSmsChallenges = field(default_factory=FakeSmsChallenges)
    progress: FakeProgress = field(default_factory=FakeProgress)

    notices: FakeNotices = field(default_factory=FakeNotices)
    choices: FakeCampaignChoices = field(default_factory=FakeCampaignChoices)
    campaign: str = ""
    # Every campaign's unit of work over this one database, by campaign id.
    campaigns: dict[str, FakeUnitOfWork] = field(default_factory=dict, repr=False,
                                                 compare=False)

    def __post_init__(self) -> None:
        self.campaigns.setdefault(self.campaign, self)

    def in_campaign(self, campaign_id: str) -> FakeUnitOfWork:
        """The same database; the campaign-scoped repositories are that campaign's."""
        found = self.campaigns.get(campaign_id)
        if found is None:
            found = FakeUnitOfWork(audit=self.audit, outbox=self.outbox, updates=self.updates,
                                   campaign=campaign_id, campaigns=self.campaigns,
                                   choices=self.choices)
            found.proposals.counters = self.proposals.counters
        return found

    async def adopt_legacy(self, campaign_id: str) -> int:
        """Atomic (no await): the rows of campaign '?' join this campaign's; how many."""
        legacy = self.campaigns.get(LEGACY)
        if legacy is None or campaign_id == LEGACY:
            return 0
        target = self.in_campaign(campaign_id)
        moved = 0
        for name in SCOPED:
            old, new = vars(getattr(legacy, name)), vars(getattr(target, name))
            for attr, rows in old.items():
                if attr == "counters":  # shared by every campaign
                    continue
                if isinstance(rows, dict):
                    moved += len(rows)
                    new[attr] = {**rows, **new[attr]}
                    rows.clear()
                elif isinstance(rows, list):
                    moved += len(rows)
                    new[attr] = [*rows, *new[attr]]
                    rows.clear()
        return moved
