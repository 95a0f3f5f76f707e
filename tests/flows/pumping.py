"""SMS pumping as an attacker runs it: many Telegram accounts typing numbers, hour after hour.

Shared by tests/flows/test_sms_pumping.py and bench/sms_pumping_bench.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flows.events import Command, Contact
from flows.i18n import t
from flows.session import Session
from tests.flows.harness import Harness

ATTACKER_IDS = 2_000_000  # the attacker's accounts are numbered from here
HONEST_IDS = 3_000_000


def attacker_number(account: int, attempt: int) -> str:
    """A fresh French mobile for each try (pumping targets numbers the attacker earns on)."""
    return f"06{account % 100_000:05d}{attempt % 1000:03d}"


def honest_number(n: int) -> str:
    return f"078{n % 10_000_000:07d}"


@dataclass
class AttackReport:
    """What the attack made the campaign send, and how honest voters fared meanwhile."""

    accounts: int
    attempts: int = 0
    sms: int = 0
    per_hour: list[int] = field(default_factory=list)
    honest_contact_asked: int = 0
    honest_contact_served: int = 0

    def summary(self, pool: int) -> str:
        return (f"attacker: {self.accounts} accounts, {self.attempts} numbers typed, "
                f"{self.sms} SMS sent (bound: typed_daily_cap = {pool} a day); honest voters "
                f"sharing their contact: {self.honest_contact_served}/"
                f"{self.honest_contact_asked} got a code")


async def to_phone_step(h: Harness, user_id: int) -> None:
    """The real dialogue from /voter to the question asking for a mobile number."""
    voter = h.citizen(user_id=user_id)
    await h.say(voter, "/voter")
    await h.tap(voter, t(voter.language, "btn_declare"))
    await h.say(voter, "Auch")


async def at_phone_step(h: Harness, user_ids: range) -> None:
    """Many accounts at the phone question: the first walks the dialogue, the others get the
    session it left (a thousand walks would only slow the test down)."""
    await to_phone_step(h, user_ids[0])
    async with h.transaction() as uow:
        left: Session = await uow.sessions.load(user_ids[0], user_ids[0])
        for user_id in user_ids[1:]:
            await uow.sessions.save(user_id, user_id, left, h.now)


def sms_sent(h: Harness, numbers: set[str]) -> int:
    return sum(len(texts) for number, texts in h.sms.received.items() if number in numbers)


async def pump(h: Harness, accounts: int, hours: int, *, relentless: bool,
               honest_per_hour: int = 0) -> AttackReport:
    """Each hour the accounts, in turn, type fresh numbers and ask again after every code.

    `relentless`: every account tries every hour; otherwise an hour's turns stop at the first
    refusal (the caps are campaign-wide: nothing more would go that hour), and in the last
    hour every account tries once more."""
    ids = range(ATTACKER_IDS, ATTACKER_IDS + accounts)
    await at_phone_step(h, ids)
    report = AttackReport(accounts)
    typed: set[str] = set()
    tries = dict.fromkeys(ids, 0)
    turn = 0
    for hour in range(hours):
        before = sms_sent(h, typed)
        for _ in range(accounts):
            account = ids[turn % accounts]
            turn += 1
            voter = h.citizen(user_id=account)
            number = attacker_number(account, tries[account])
            tries[account] += 1
            e164 = "+33" + number[1:]
            typed.add(e164)
            report.attempts += 1
            await h.say(voter, number)
            if e164 not in h.sms.received:
                if not relentless and hour < hours - 1:
                    break
                continue
            await h.act(voter, Command("retour", ""))  # back to the number, for the next try
        await honest_voters(h, report, hour, honest_per_hour)
        report.per_hour.append(sms_sent(h, typed) - before)
        h.now += timedelta(hours=1, seconds=1)
    report.sms = sms_sent(h, typed)
    return report


async def honest_voters(h: Harness, report: AttackReport, hour: int, count: int) -> None:
    """Voters who tap "share my number": each must get a code, whatever the attack."""
    ids = range(HONEST_IDS + hour * 1000, HONEST_IDS + hour * 1000 + count)
    if not count:
        return
    await at_phone_step(h, ids)
    for user_id in ids:
        voter = h.citizen(user_id=user_id)
        number = honest_number(user_id)
        report.honest_contact_asked += 1
        await h.act(voter, Contact("33" + number[1:], user_id))
        if "+33" + number[1:] in h.sms.received:
            report.honest_contact_served += 1


async def typed_by_hand(h: Harness, user_id: int, number: str) -> list[str]:
    """An honest voter who types their number: the texts they are shown."""
    await to_phone_step(h, user_id)
    return [m.text for m in await h.say(h.citizen(user_id=user_id), number)]
