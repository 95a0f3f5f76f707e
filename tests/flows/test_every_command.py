"""Every command and every menu button, in every phase, gets an answer (never a crash)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.dialogues.context import PHASE_KEY
from flows.dialogues.engine import COMMAND_ALIASES
from flows.domain.campaign import PhaseKind
from flows.events import Contact, Location, Photo, Text, Unsupported
from tests.flows.harness import Harness

STAFF_COMMANDS = ["stats", "phase", "papier", "urne", "retirer", "resultats", "suivi", "aide",
                  "start"]


@pytest.mark.parametrize("phase", [p.value for p in PhaseKind])
async def test_every_citizen_command_and_menu_button_answers(tmp_path: Path, phase: str) -> None:
    h = await Harness.open(tmp_path / f"{phase}.sqlite3")
    async with h.transaction() as uow:  # even the vote, with an empty ballot
        await uow.settings.put(PHASE_KEY, phase)
    for number, command in enumerate(sorted(COMMAND_ALIASES)):
        citizen = h.citizen(user_id=3000 + number)
        replies = await h.say(citizen, f"/{command}")
        assert replies, f"/{command} in phase {phase} got no answer"
    menu = await h.say(h.citizen(user_id=2999), "/start")
    for number, label in enumerate([c.label for row in menu[0].keyboard for c in row]):
        citizen = h.citizen(user_id=4000 + number)
        await h.say(citizen, "/start")
        replies = await h.tap(citizen, label)
        assert replies or h.recorder.answers[-1].text, f"{label} in {phase}"
    await h.db.close()


async def test_odd_events_outside_any_dialogue_are_answered(tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "odd.sqlite3")
    marie = h.citizen()
    for action in (Text("bonjour"), Location(43.6, 0.5), Photo("p"), Unsupported("sticker"),
                   Contact("+33612345678", marie.user_id)):
        assert await h.act(marie, action), action
    await h.db.close()


async def test_every_staff_command_answers_staff_and_refuses_others(tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "staff.sqlite3")
    intruder = h.staff(user_id=66, name="Intrus", is_staff=False)
    for command in STAFF_COMMANDS:
        assert await h.say(h.staff(), f"/{command}"), command
        replies = await h.say(intruder, f"/{command}")
        if command not in ("aide", "start"):
            assert "seule l'équipe" in replies[0].text, command
    await h.db.close()


ODD = (Text("???"), Location(48.8566, 2.3522), Photo("p"), Unsupported("voice"),
       Contact("+33600000000", 1))


async def step_of(h: Harness, user_id: int) -> str | None:
    async with h.transaction() as uow:
        return (await uow.sessions.load(user_id, user_id)).step


async def odd_events_keep_the_step(h: Harness, user_id: int) -> None:
    before = await step_of(h, user_id)
    for action in ODD:
        if (before, type(action)) in (("photo", Photo), ("name", Text)):
            continue  # a photo at the photo step, any text as a name: both fine answers
        replies = await h.act(h.citizen(user_id=user_id), action)
        assert replies, (before, action)
        assert await step_of(h, user_id) == before, (before, action)


async def test_odd_events_at_every_proposal_step_are_answered_and_change_nothing(
    tmp_path: Path,
) -> None:
    h = await Harness.open(tmp_path / "p.sqlite3")
    marie = h.citizen()
    answers = ["/proposer", "Abri vélo au collège",
               "Un abri couvert pour dix vélos devant le collège, pour les élèves.",
               "tap:Écologie", "Lectoure", "15k", "tap:Oui", "tap:Oui", "tap:Non",
               "tap:Pas de photo", "tap:Particulier", "Marie Dupont", "67", "Auch"]
    for answer in answers:
        if answer.startswith("tap:"):
            await h.tap(marie, answer[4:])
        else:
            await h.say(marie, answer)
        await odd_events_keep_the_step(h, marie.user_id)
    assert await step_of(h, marie.user_id) == "summary"
    await h.db.close()


async def test_odd_events_at_every_vote_step_are_answered_and_change_nothing(
    tmp_path: Path,
) -> None:
    from tests.flows.test_voting import IN_VOTE, MOBILE, add_projects

    h = await Harness.open(tmp_path / "v.sqlite3", now=IN_VOTE)
    await add_projects(h, 4)
    marie = h.citizen()
    await h.say(marie, "/voter")
    await odd_events_keep_the_step(h, marie.user_id)
    await h.tap(marie, "Je le déclare")
    await odd_events_keep_the_step(h, marie.user_id)
    await h.say(marie, "Auch")
    await odd_events_keep_the_step(h, marie.user_id)
    await h.say(marie, "06 12 34 56 78")
    await odd_events_keep_the_step(h, marie.user_id)
    await h.say(marie, h.sms.last_code(MOBILE))
    await odd_events_keep_the_step(h, marie.user_id)
    for n in (1, 2, 3):
        await h.tap(marie, f"n°{n} ")
    await h.tap(marie, "Valider mon choix")
    await odd_events_keep_the_step(h, marie.user_id)
    assert await step_of(h, marie.user_id) == "review"
    await h.db.close()
