"""Voting as a voter lives it: declaration, SMS code, ballot, review, secret casting."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from flows.dialogues.engine import process
from flows.domain.model import ProposalFields, ProposalStatus
from flows.events import Button, Contact, Incoming, Sender
from flows.i18n import plural, t
from storage.db import Database
from tests.flows.harness import PARIS, Harness

IN_VOTE = datetime(2027, 4, 2, 10, 0, tzinfo=PARIS)
MOBILE = "+33612345678"


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "vote.sqlite3", now=IN_VOTE)
    await add_projects(harness, 5)
    yield harness
    await harness.db.close()


async def add_projects(h: Harness, count: int, cost: str = "10000") -> None:
    communes = ["32013", "32208", "32107", "32147", "32256", "32013"]
    async with h.transaction() as uow:
        for i in range(count):
            fields = ProposalFields(title=f"Projet {i + 1}", description="Une description.",
                                    theme="ecologie", commune=communes[i % len(communes)],
                                    cost=Decimal(cost))
            p = await uow.proposals.create(9000 + i, 9000 + i, "fr", fields, "BP", 2026, h.now)
            await uow.proposals.set_status(p.id, ProposalStatus.ADMISSIBLE, None, None, "Paul",
                                           h.now)


async def to_phone_step(h: Harness, voter: Sender) -> None:
    """From /voter to the question asking for a mobile number."""
    await h.say(voter, "/voter")
    await h.tap(voter, t(voter.language, "btn_declare"))
    await h.say(voter, "Auch")


async def verify(h: Harness, voter: Sender, phone: str = "06 12 34 56 78",
                 e164: str = MOBILE) -> None:
    """From /voter to the ballot screen."""
    await to_phone_step(h, voter)
    await h.say(voter, phone)
    replies = await h.say(voter, h.sms.last_code(e164))
    heading = t(voter.language, "ballot_screen", standing="", filter="", lines="").split("\n")[0]
    assert any(heading in r.text for r in replies), [r.text for r in replies]


def ballot_labels(h: Harness, voter: Sender) -> list[str]:
    """The labels of the ballot screen's buttons, as the voter sees them now."""
    return [c.label for row in h.last_with_buttons(voter.chat_id)[1].keyboard for c in row]


async def turn_to(h: Harness, voter: Sender, number: int) -> None:
    """Page the ballot (each voter has their own order) until project `number` shows."""
    while "◀️" in ballot_labels(h, voter):
        await h.tap(voter, "◀️")
    while not any(f"n°{number} " in label for label in ballot_labels(h, voter)):
        await h.tap(voter, "▶️")


async def tick(h: Harness, voter: Sender, *numbers: int) -> None:
    for n in numbers:
        await turn_to(h, voter, n)
        await h.tap(voter, f"n°{n} ")


async def test_voter_verified_by_sms_casts_a_ballot_and_gets_a_receipt(h: Harness) -> None:
    marie = h.citizen()
    await verify(h, marie)
    await tick(h, marie, 1, 2, 3)
    screen = h.last_with_buttons(marie.chat_id)[1]
    assert plural("fr", "chosen", 3) in screen.text
    await h.tap(marie, "Valider mon choix")
    assert "définitif" in h.last_text(marie.chat_id)
    replies = await h.tap(marie, "Confirmer mon vote")
    assert "A voté" in replies[-1].text and "reçu" in replies[-1].text
    async with h.transaction() as uow:
        assert await uow.voting.ballots() == [("online", [1, 2, 3])]
        assert (await uow.voting.counts())["voters"] == 1


async def test_ballot_screens_no_longer_show_the_choices_once_cast(h: Harness) -> None:
    marie = h.citizen()
    await verify(h, marie)
    await tick(h, marie, 1, 2, 3)
    await h.tap(marie, "Valider mon choix")
    await h.tap(marie, "Confirmer mon vote")
    for message in h.recorder.messages.values():
        if message.chat_id == marie.chat_id:
            assert "☑️" not in message.text and "• n°" not in message.text, message.text
    async with h.transaction() as uow:
        session = await uow.sessions.load(marie.chat_id, marie.user_id)
        assert "choices" not in session.data
        assert await uow.outbox.count_pending() == 0


async def test_second_account_with_the_same_phone_is_refused_after_its_code(h: Harness) -> None:
    marie = h.citizen()
    await verify(h, marie)
    await tick(h, marie, 1, 2, 3)
    await h.tap(marie, "Valider mon choix")
    await h.tap(marie, "Confirmer mon vote")
    other = h.citizen(user_id=502, name="Autre")
    await to_phone_step(h, other)
    replies = await h.say(other, "+33 6 12 34 56 78")
    assert "déjà voté" not in " ".join(r.text for r in replies)  # not before the code
    replies = await h.say(other, h.sms.last_code(MOBILE))
    assert "Ce numéro a déjà voté" in replies[0].text
    async with h.transaction() as uow:
        assert len(await uow.voting.ballots()) == 1


async def test_wrong_codes_count_down_then_a_new_code_is_needed(h: Harness) -> None:
    marie = h.citizen()
    await to_phone_step(h, marie)
    await h.say(marie, "0612345678")
    good = h.sms.last_code(MOBILE)
    wrong = f"{(int(good) + 1) % 1000000:06d}"
    for left in (4, 3, 2, 1):
        replies = await h.say(marie, wrong)
        assert f"Il vous reste {left} essai" in replies[0].text
    replies = await h.say(marie, wrong)
    assert "Trop d'essais" in replies[0].text
    replies = await h.say(marie, good)  # the old code died with the lock
    assert "Votre bulletin" not in " ".join(r.text for r in replies)


async def test_expired_code_is_refused(h: Harness) -> None:
    marie = h.citizen()
    await to_phone_step(h, marie)
    await h.say(marie, "0612345678")
    h.now += timedelta(minutes=11)
    replies = await h.say(marie, h.sms.last_code(MOBILE))
    assert "plus valable" in replies[0].text


async def test_a_new_code_too_soon_or_too_often_is_refused(h: Harness) -> None:
    marie = h.citizen()
    await to_phone_step(h, marie)
    await h.say(marie, "0612345678")
    await h.tap(marie, "Autre numéro")
    replies = await h.say(marie, "0612345678")
    assert "Attendez" in replies[0].text
    for _ in range(2):
        h.now += timedelta(seconds=61)
        await h.say(marie, "0612345678")
        await h.tap(marie, "Autre numéro")
    h.now += timedelta(seconds=61)
    replies = await h.say(marie, "0612345678")
    assert "une heure" in replies[0].text
    assert len(h.sms.received[MOBILE]) == 3


async def test_campaign_daily_cap_stops_sending_and_alerts_staff_once(tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parents[2] / "examples" / "gers.toml").read_text()
    (tmp_path / "c.toml").write_text(text + "\n[vote.sms]\ndaily_cap = 1\n")
    from flows.domain.campaign import load_campaign

    h = Harness(await Database.open(tmp_path / "d.sqlite3"), load_campaign(tmp_path / "c.toml"),
                IN_VOTE)
    await add_projects(h, 3)
    for user_id, phone in ((601, "0611111111"), (602, "0622222222"), (603, "0633333333")):
        voter = h.citizen(user_id=user_id)
        await to_phone_step(h, voter)
        await h.say(voter, phone)
    assert sum(len(v) for v in h.sms.received.values()) == 1
    assert "suspendu" in h.last_text(603)
    staff_alerts = [t for t in h.texts(h.campaign.staff.chat_id) if "Plafond" in t]
    assert len(staff_alerts) == 1
    await h.db.close()


@pytest.mark.parametrize(("typed", "expected"), [
    ("05 62 61 79 00", "un fixe"),
    ("+32 470 12 34 56", "français"),
    ("+44 7911 123456", "français"),
    ("bonjour", "Je ne reconnais pas"),
])
async def test_landline_and_foreign_numbers_are_refused(h: Harness, typed: str,
                                                        expected: str) -> None:
    marie = h.citizen()
    await to_phone_step(h, marie)
    replies = await h.say(marie, typed)
    assert expected in replies[0].text
    assert h.sms.received == {}


async def test_forwarded_or_foreign_contact_is_refused_own_contact_accepted(h: Harness) -> None:
    marie = h.citizen()
    await to_phone_step(h, marie)
    replies = await h.act(marie, Contact("33612345678", 999))
    assert "pas le vôtre" in replies[0].text
    replies = await h.act(marie, Contact("33612345678", marie.user_id, forwarded=True))
    assert "pas le vôtre" in replies[0].text
    replies = await h.act(marie, Contact("33612345678", marie.user_id))
    assert "code à 6 chiffres" in replies[-1].text
    assert MOBILE in h.sms.received


async def test_ticking_more_than_allowed_is_refused_and_too_few_cannot_be_confirmed(
    h: Harness,
) -> None:
    marie = h.citizen()
    await verify(h, marie)
    await tick(h, marie, 1, 2)
    await h.tap(marie, "Valider mon choix")
    assert "au moins 3" in h.recorder.answers[-1].text
    await tick(h, marie, 3)
    await tick(h, marie, 4)
    assert "pas choisir plus de 3" in h.recorder.answers[-1].text
    screen = h.last_with_buttons(marie.chat_id)[1]
    assert plural("fr", "chosen", 3) in screen.text


async def test_double_tap_on_a_project_ticks_it_once(h: Harness) -> None:
    marie = h.citizen()
    await verify(h, marie)
    message_id, choice = h.find_button(marie.chat_id, "n°1 ")
    await h.act(marie, Button(choice.data, message_id, "x"))
    await h.act(marie, Button(choice.data, message_id, "y"))
    assert plural("fr", "chosen", 1) in h.recorder.messages[message_id].text


async def test_restart_between_code_and_confirmation_resumes(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    h = await Harness.open(path, now=IN_VOTE)
    await add_projects(h, 4)
    marie = h.citizen()
    await verify(h, marie)
    await tick(h, marie, 1, 2, 3)
    h2 = await h.restarted()
    await h2.tap(marie, "Valider mon choix")
    replies = await h2.tap(marie, "Confirmer mon vote")
    assert "A voté" in replies[-1].text
    await h2.db.close()


async def test_two_confirmations_racing_give_exactly_one_ballot(tmp_path: Path) -> None:
    """The same phone confirmed from two accounts at once, over two connections."""
    path = tmp_path / "race.sqlite3"
    h = await Harness.open(path, now=IN_VOTE)
    await add_projects(h, 4)
    a, b = h.citizen(user_id=701), h.citizen(user_id=702)
    for voter in (a, b):
        await to_phone_step(h, voter)
        h.now += timedelta(seconds=61)
        await h.say(voter, "0612345678")
        await h.say(voter, h.sms.last_code(MOBILE))
        await tick(h, voter, 1, 2, 3)
        await h.tap(voter, "Valider mon choix")
    second = await Database.open(path)
    taps = []
    for voter in (a, b):
        message_id, choice = h.find_button(voter.chat_id, "Confirmer mon vote")
        taps.append(Incoming(next(h.update_ids), voter, Button(choice.data, message_id, "r"),
                             h.now))

    async def confirm(db: Database, incoming: Incoming) -> None:
        async with db.transaction() as uow:
            await process(h.deps, uow, incoming)

    await asyncio.gather(confirm(h.db, taps[0]), confirm(second, taps[1]))
    async with h.transaction() as uow:
        assert len(await uow.voting.ballots()) == 1
        assert (await uow.voting.counts())["voters"] == 1
    await second.close()
    await h.db.close()


async def test_gateway_failure_tells_the_voter_and_costs_no_attempt(h: Harness) -> None:
    marie = h.citizen()
    await to_phone_step(h, marie)
    h.sms.failing = True
    replies = await h.say(marie, "0612345678")
    assert any("n'a pas pu partir" in r.text for r in replies)
    h.sms.failing = False
    replies = await h.say(marie, "0612345678")  # no cooldown: the failed send did not count
    assert "code à 6 chiffres" in replies[-1].text


async def test_paper_ballot_follows_the_online_rules_and_is_audited(h: Harness) -> None:
    paul = h.staff()
    replies = await h.say(paul, "/papier 1 2")
    assert "au moins 3" in replies[0].text
    replies = await h.say(paul, "/papier 1 2 3")
    assert "enregistré" in replies[0].text and "Paul" in replies[0].text
    intruder = h.staff(user_id=999, name="Intrus", is_staff=False)
    replies = await h.say(intruder, "/papier 1 2 3")
    assert "seule l'équipe" in replies[0].text
    async with h.transaction() as uow:
        assert await uow.voting.ballots() == [("paper", [1, 2, 3])]
        entries = await uow.audit.entries("ballot_box")
    assert [(e["actor_name"], e["action"]) for e in entries] == [("Paul", "paper_ballot")]


async def test_stats_show_voters_ballots_turnout_and_sms(h: Harness) -> None:
    marie = h.citizen()
    await verify(h, marie)
    await tick(h, marie, 1, 2, 3)
    await h.tap(marie, "Valider mon choix")
    await h.tap(marie, "Confirmer mon vote")
    await h.say(h.staff(), "/papier 1 2 4")
    replies = await h.say(h.staff(), "/stats")
    text = replies[0].text
    assert t("fr", "turnout_voters_one", count=1) in text
    assert t("fr", "turnout_paper_one", count=1) in text
    assert t("fr", "stats_sms", sent=1, failed=0, capped=0) in text
    assert "Auch-1" in text or "Auch" in text


async def test_voting_opens_by_staff_command_and_subscribers_are_told(tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "n.sqlite3", now=datetime(2027, 3, 1, tzinfo=PARIS))
    await add_projects(h, 3)
    fans = [h.citizen(user_id=800 + i) for i in range(3)]
    for fan in fans:
        await h.say(fan, "/start")
        await h.tap(fan, "Me prévenir")
    await h.say(h.staff(), "/phase vote")
    await h.tap(h.staff(), "Ouvrir le vote")
    for fan in fans:
        assert "est ouvert" in h.last_text(fan.chat_id)
    await h.say(h.staff(), "/phase vote")  # said once only
    assert sum("est ouvert" in t for t in h.texts(fans[0].chat_id)) == 1
    await h.db.close()


async def test_my_data_and_forget(h: Harness) -> None:
    marie = h.citizen()
    await verify(h, marie)
    replies = await h.say(marie, "/mesdonnees")
    assert "Ce que nous gardons" in replies[0].text
    await h.say(marie, "/oublier")
    replies = await h.tap(marie, "Oui, effacer")
    assert "effacé" in replies[0].text
    async with h.transaction() as uow:
        session = await uow.sessions.load(marie.chat_id, marie.user_id)
    assert session.flow is None


async def test_no_phone_number_or_code_reaches_the_logs(
    h: Harness, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    marie = h.citizen()
    await verify(h, marie)
    code = h.sms.last_code(MOBILE)
    assert "612345678" not in caplog.text and code not in caplog.text


async def test_database_holds_no_link_between_a_ballot_and_its_voter(h: Harness) -> None:
    voters = [h.citizen(user_id=900 + i) for i in range(4)]
    for i, voter in enumerate(voters):
        h.now += timedelta(seconds=61)
        await verify(h, voter, phone=f"06 12 34 56 7{i}", e164=f"+3361234567{i}")
        await tick(h, voter, 1 + i % 2, 3, 4)
        await h.tap(voter, "Valider mon choix")
        await h.tap(voter, "Confirmer mon vote")
    await h.db.close()
    import sqlite3

    assert h.db_path is not None
    db = sqlite3.connect(h.db_path)
    ballot_cols = [r[1] for r in db.execute("PRAGMA table_info(ballots)")]
    voter_cols = [r[1] for r in db.execute("PRAGMA table_info(voters)")]
    assert set(ballot_cols) == {"campaign", "ballot_id", "day", "channel", "choices", "receipt"}
    # Shared: the day, and the campaign (as coarse as the table each row is in).
    assert set(ballot_cols) & set(voter_cols) == {"campaign", "day"}
    for table in ("ballots", "voters"):
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        assert "WITHOUT ROWID" in sql  # no hidden insertion counter
    days = {r[0] for r in db.execute("SELECT day FROM ballots")}
    assert days == {h.now.date().isoformat()}
    ids = [r[0] for r in db.execute("SELECT ballot_id FROM ballots")]
    assert len(ids) == 4 and all(len(i) == 32 for i in ids)
    # Nothing else remembers who chose what: sessions and outbox hold no choices.
    leftovers = " ".join(r[0] for r in db.execute("SELECT state FROM sessions"))
    assert "choices" not in leftovers
    assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0
    audit = " ".join(r[0] for r in db.execute("SELECT action FROM audit_log"))
    assert "vote" not in audit
    db.close()


async def test_the_calendar_opening_the_vote_tells_subscribers_once(tmp_path: Path) -> None:
    from flows.dialogues.engine import on_tick

    h = await Harness.open(tmp_path / "t.sqlite3", now=datetime(2027, 3, 1, tzinfo=PARIS))
    await add_projects(h, 3)
    fan = h.citizen(user_id=880)
    await h.say(fan, "/start")
    await h.tap(fan, "Me prévenir")
    for moment in (datetime(2027, 3, 2, tzinfo=PARIS), IN_VOTE, IN_VOTE + timedelta(hours=1)):
        async with h.transaction() as uow:
            await on_tick(h.deps, uow, moment)
        await h.outbox.drain()
    assert sum("est ouvert" in t for t in h.texts(fan.chat_id)) == 1
    await h.db.close()


async def test_retour_typed_goes_back_one_step_in_the_vote(h: Harness) -> None:
    marie = h.citizen()
    await to_phone_step(h, marie)
    replies = await h.say(marie, "/retour")
    assert "commune habitez" in replies[-1].text


async def test_filters_by_territory_and_theme_show_only_matching_projects(h: Harness) -> None:
    marie = h.citizen()
    await verify(h, marie)
    await h.tap(marie, "Canton")
    zones = [c.label for row in h.last_with_buttons(marie.chat_id)[1].keyboard for c in row]
    assert "Lectoure-Lomagne" in zones and len(zones) == 6  # of 17: those with projects + "Tous"
    await h.tap(marie, "Lectoure-Lomagne")
    screen = h.last_with_buttons(marie.chat_id)[1]
    assert "Projet 2" in screen.text and "Projet 1 " not in screen.text
    assert "Filtre : Lectoure-Lomagne" in screen.text
    await h.tap(marie, "Thème")
    await h.tap(marie, "Numérique")
    assert "Aucun projet" in h.last_with_buttons(marie.chat_id)[1].text


async def test_no_vote_starts_while_the_ballot_is_empty(tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "e.sqlite3", now=IN_VOTE)
    replies = await h.say(h.citizen(), "/voter")
    assert "Aucun projet" in replies[0].text
    assert h.sms.received == {}
    await h.db.close()
