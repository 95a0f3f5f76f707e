"""What the fuzzer found: forged buttons, pop-up text, long lists, late boxes, labels, restarts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.events import Button
from tests.flows.harness import Harness, propose
from tests.flows.test_paper_ballots import fr, votes
from tests.flows.test_voting import IN_VOTE, add_projects, tick, verify

TEXT_LIMIT = 4096  # Telegram refuses longer messages


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "odd.sqlite3")
    yield harness
    await harness.db.close()


@pytest.fixture
async def v(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "vote.sqlite3", now=IN_VOTE)
    await add_projects(harness, 3)
    yield harness
    await harness.db.close()


async def test_forged_button_with_a_huge_id_is_answered_as_stale(h: Harness) -> None:
    marie = h.citizen()
    await h.say(marie, "/start")
    message_id, _ = h.last_with_buttons(marie.chat_id)
    await h.act(marie, Button("g|fix|99999999999999999999", message_id, "cb1"))
    await h.act(h.staff(), Button("rv|99999999999999999999|ok", message_id, "cb2"))
    assert [a.callback_id for a in h.recorder.answers[-2:]] == ["cb1", "cb2"]


async def test_a_pop_up_answer_shows_a_name_as_typed(h: Harness) -> None:
    marie = h.citizen()
    await propose(h, marie)
    await h.tap(marie, "Envoyer")
    jean = h.staff(name="Jean <b>")
    alert_id, alert = h.last_with_buttons(jean.chat_id)
    await h.tap(jean, "Recevable")
    await h.act(h.staff(user_id=902, name="Luc"), Button(alert.keyboard[0][0].data, alert_id,
                                                          "cb-luc"))
    assert h.recorder.answers[-1].text == "Déjà décidé par Jean <b>."


async def test_a_long_list_of_projects_comes_in_several_messages(h: Harness) -> None:
    marie = h.citizen()
    for i in range(7):
        await propose(h, marie, title=f"Projet numéro {i} " + "x" * 60)
        await h.tap(marie, "Envoyer")
        await h.tap(h.staff(), "Non recevable")
        await h.tap(h.staff(), "Autre")
        await h.say(h.staff(), "Motif détaillé " * 33)
        await h.tap(h.staff(), "Confirmer le refus")
    replies = await h.say(marie, "/mesprojets")
    assert len(replies) > 1
    assert all(len(r.text) <= TEXT_LIMIT for r in replies)
    shown = "\n".join(r.text for r in replies)
    assert all(f"Projet numéro {i} " in shown for i in range(7))


async def test_box_totals_are_refused_outside_the_vote_and_its_count(v: Harness) -> None:
    await v.say(v.staff(), "/phase proposals")
    replies = await v.say(v.staff(), "/urne Salle 1=10 2=5")
    assert "pendant le vote ou juste après" in replies[0].text
    await v.say(v.staff(), "/phase vote")
    await v.tap(v.staff(), "Ouvrir le vote")
    replies = await v.say(v.staff(), "/urne Salle 1=10 2=5")
    assert replies[0].text.startswith(fr("box_saved", 2, box="Salle", who="Paul", votes=votes(15)))


async def test_english_ballot_buttons_say_no(v: Harness) -> None:
    john = v.citizen(user_id=777, language="en", name="John")
    await verify(v, john)
    labels = [c.label for row in v.last_with_buttons(john.chat_id)[1].keyboard for c in row]
    assert any(" no. 1 " in label for label in labels)
    assert not any("n°" in label for label in labels)


async def test_back_to_the_menu_forgets_the_unfinished_ballot(v: Harness) -> None:
    marie = v.citizen()
    await verify(v, marie)
    await tick(v, marie, 1, 2)
    await v.say(marie, "/start")
    await v.tap(marie, "menu")
    async with v.transaction() as uow:
        session = await uow.sessions.load(marie.chat_id, marie.user_id)
    assert (session.flow, session.step) == (None, None)
    assert not {"phone_hash", "choices", "masked"} & session.data.keys()
