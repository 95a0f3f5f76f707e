"""The proposal dialogue, as a citizen lives it, over a real SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from flows.events import Button, Location, Photo, Sender, Text, Unsupported
from flows.i18n import t
from tests.flows.harness import PARIS, Harness, plain, propose


async def to_commune_step(h: Harness, who: Sender) -> None:
    """From /proposer to the question asking where the project happens."""
    await h.say(who, "/proposer")
    await h.say(who, "Abri vélo au collège")
    await h.say(who, "Un abri couvert pour dix vélos devant le collège, pour les élèves.")
    await h.tap(who, "Écologie")


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "bot.sqlite3")
    yield harness
    await harness.db.close()


async def test_start_offers_to_propose_during_the_proposal_phase(h: Harness) -> None:
    marie = h.citizen()
    replies = await h.say(marie, "/start")
    assert "Bienvenue" in replies[0].text
    labels = [c.label for row in replies[0].keyboard for c in row]
    assert any("Proposer" in label for label in labels)


async def test_complete_proposal_gets_a_reference_and_alerts_staff(h: Harness) -> None:
    marie = h.citizen()
    await propose(h, marie)
    assert "Votre proposition" in h.last_text(marie.chat_id)
    assert "Lectoure" in h.last_text(marie.chat_id)
    replies = await h.tap(marie, "Envoyer ma proposition")
    assert "BP-2026-0001" in replies[0].text
    alert = h.last_text(h.campaign.staff.chat_id)
    assert "BP-2026-0001" in alert and "Abri vélo au collège" in alert
    async with h.transaction() as uow:
        mine = await uow.proposals.of_user(marie.user_id)
    assert [p.reference for p in mine] == ["BP-2026-0001"]
    assert mine[0].fields.cost == 15000


async def test_cost_above_the_cap_is_refused_and_the_step_stays(h: Harness) -> None:
    marie = h.citizen()
    await to_commune_step(h, marie)
    await h.say(marie, "Lectoure")
    replies = await h.say(marie, "80k")
    assert "entre 500 € et 50 000 €" in plain(replies[0].text)
    replies = await h.say(marie, "quinze")
    assert "Je n'ai pas compris ce montant" in replies[0].text
    replies = await h.say(marie, "15.000,50")
    assert "Question 1/3" in replies[-1].text


async def test_a_cost_range_asks_for_one_figure_and_suggests_the_top(h: Harness) -> None:
    marie = h.citizen()
    await to_commune_step(h, marie)
    await h.say(marie, "Lectoure")
    replies = await h.say(marie, "entre 20 000 et 30 000 €")
    assert plain(replies[0].text) == ("Il me faut un seul montant. Si vous hésitez, donnez le "
                                      "plus élevé, par exemple « 30 000 € ».")
    replies = await h.say(marie, "25 000 € HT")
    assert "coût <b>TTC</b>" in replies[0].text
    replies = await h.say(marie, "environ 30 000 € TTC")
    assert "Question 1/3" in replies[-1].text


async def test_commune_typed_with_a_typo_or_postal_code_is_found(h: Harness) -> None:
    marie = h.citizen()
    await to_commune_step(h, marie)
    replies = await h.say(marie, "Toulouse")
    assert "Haute-Garonne" in replies[0].text
    replies = await h.say(marie, "fleurence")
    assert any("Fleurance" in t for t in (r.text for r in replies)) or any(
        "Fleurance" in c.label for r in replies for row in r.keyboard for c in row)


async def test_location_shared_from_the_phone_maps_to_its_commune(h: Harness) -> None:
    marie = h.citizen()
    await to_commune_step(h, marie)
    replies = await h.act(marie, Location(43.6465, 0.5855))
    assert "Auch" in replies[0].text
    replies = await h.act(marie, Location(48.8566, 2.3522))  # Paris: outside the Gers
    assert "Question" not in replies[-1].text


async def test_back_returns_to_the_previous_question(h: Harness) -> None:
    marie = h.citizen()
    await h.say(marie, "/proposer")
    await h.say(marie, "Abri vélo au collège")
    replies = await h.tap(marie, "Retour")
    assert "titre" in replies[-1].text


async def test_cancel_stops_the_dialogue_and_nothing_is_submitted(h: Harness) -> None:
    marie = h.citizen()
    await h.say(marie, "/proposer")
    await h.say(marie, "Abri vélo au collège")
    replies = await h.say(marie, "/annuler")
    assert "annulé" in replies[0].text
    async with h.transaction() as uow:
        assert await uow.proposals.of_user(marie.user_id) == []


async def test_sticker_voice_and_too_long_text_are_answered_and_the_step_stays(
    h: Harness,
) -> None:
    marie = h.citizen()
    await h.say(marie, "/proposer")
    replies = await h.act(marie, Unsupported("sticker"))
    assert "autocollant" in replies[0].text and "titre" in replies[-1].text
    replies = await h.act(marie, Unsupported("voice"))
    assert "vocaux" in replies[0].text
    replies = await h.say(marie, "x" * 200)
    assert "trop long" in replies[0].text
    replies = await h.say(marie, "Un titre correct")
    assert "Décrivez" in replies[-1].text


async def test_same_update_delivered_twice_changes_nothing(h: Harness) -> None:
    marie = h.citizen()
    await h.say(marie, "/proposer")
    first = await h.act(marie, Text("Abri vélo au collège"), update_id=777)
    again = await h.act(marie, Text("Abri vélo au collège"), update_id=777)
    assert first and again == []
    replies = await h.say(marie, "Une description assez longue du projet d'abri.")
    assert "thème" in replies[-1].text


async def test_double_tap_on_a_button_acts_once(h: Harness) -> None:
    marie = h.citizen()
    await propose(h, marie)
    message_id, choice = h.find_button(marie.chat_id, "Envoyer ma proposition")
    await h.act(marie, Button(choice.data, message_id, "a"))
    replies = await h.act(marie, Button(choice.data, message_id, "b"))
    assert replies == []
    async with h.transaction() as uow:
        assert len(await uow.proposals.of_user(marie.user_id)) == 1


async def test_button_from_an_old_message_is_refused_kindly(h: Harness) -> None:
    marie = h.citizen()
    await h.say(marie, "/proposer")
    await h.say(marie, "Abri vélo au collège")
    await h.say(marie, "Un abri couvert pour dix vélos devant le collège, pour les élèves.")
    old_id, old = h.find_button(marie.chat_id, "Écologie")
    await h.tap(marie, "Écologie")
    replies = await h.act(marie, Button(old.data.replace("ecologie", "numerique"), old_id + 50,
                                        "z"))
    assert "plus valable" in h.recorder.answers[-1].text
    assert any("commune" in r.text for r in replies)  # shown where she stands again


async def test_restart_resumes_where_the_person_was(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    h = await Harness.open(path)
    marie = h.citizen()
    await h.say(marie, "/proposer")
    await h.say(marie, "Abri vélo au collège")
    h2 = await h.restarted()  # Telegram's update ids go on after a restart
    replies = await h2.say(marie, "Un abri couvert pour dix vélos devant le collège.")
    assert "thème" in replies[-1].text
    await h2.db.close()


async def test_wrong_answer_to_an_admissibility_question_explains_the_rule(h: Harness) -> None:
    marie = h.citizen()
    await to_commune_step(h, marie)
    await h.say(marie, "Lectoure")
    await h.say(marie, "15k")
    replies = await h.tap(marie, "Non")
    assert "investissement" in replies[0].text
    assert "Question 1/3" in h.texts(marie.chat_id)[-2] or "Oui" in str(replies[-1].keyboard)


async def test_proposer_under_the_minimum_age_is_refused(tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "a.sqlite3", "aude.toml",
                           now=datetime(2026, 12, 1, tzinfo=PARIS))
    marie = h.citizen()
    await h.say(marie, "/proposer")
    await h.say(marie, "Skatepark de quartier")
    await h.say(marie, "Un petit skatepark pour les jeunes du quartier, près du stade.")
    await h.tap(marie, "Sport")
    await h.say(marie, "Carcassonne")
    await h.say(marie, "30 000")
    await h.tap(marie, "Oui")
    await h.tap(marie, "Oui")
    await h.act(marie, Photo("photo-1"))
    await h.tap(marie, "Particulier")
    await h.say(marie, "Léo")
    replies = await h.say(marie, "9")
    assert "au moins 11 ans" in replies[0].text
    replies = await h.say(marie, "née le 02/12/2015")  # 11 tomorrow: still 10 today
    assert "au moins 11 ans" in replies[0].text
    replies = await h.say(marie, "née le 01/12/2015")  # 11 today
    assert "habitez" in replies[-1].text
    await h.db.close()


async def test_english_speaker_is_answered_in_english(h: Harness) -> None:
    john = h.citizen(user_id=777, language="en", name="John")
    replies = await h.say(john, "/start")
    assert "Welcome" in replies[0].text


async def test_proposal_command_outside_the_proposal_phase_is_explained(tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "b.sqlite3", now=datetime(2027, 4, 1, tzinfo=PARIS))
    replies = await h.say(h.citizen(), "/proposer")
    assert replies[0].text == t("fr", "proposals_closed_on", date="31 janvier 2027")
    await h.db.close()


async def test_summary_edit_returns_to_the_summary(h: Harness) -> None:
    marie = h.citizen()
    await propose(h, marie)
    await h.tap(marie, "Coût")
    replies = await h.say(marie, "20 000")
    assert "Votre proposition" in replies[-1].text
    assert "20" in replies[-1].text


async def test_help_explains_the_commands_or_the_current_question(h: Harness) -> None:
    marie = h.citizen()
    replies = await h.say(marie, "/aide")
    assert "/proposer" in replies[0].text and replies[0].keyboard
    await to_commune_step(h, marie)
    replies = await h.say(marie, "/aide")
    assert "code postal" in replies[0].text  # the help of this very step
    assert "commune" in replies[1].text  # then the question again


async def test_an_english_speaker_goes_through_the_whole_proposal_in_english(h: Harness) -> None:
    john = h.citizen(user_id=778, language="en", name="John")
    await h.say(john, "/start")
    await h.tap(john, "Propose a project")
    await h.say(john, "Covered bike shelter")
    await h.say(john, "A covered shelter for ten bikes in front of the school.")
    await h.tap(john, "Ecology")
    await h.say(john, "Lectoure")
    replies = await h.say(john, "€15,000")
    assert "Question 1/3" in replies[-1].text
    for answer in ("Yes", "Yes", "No"):
        await h.tap(john, answer)
    await h.tap(john, "No photo")
    await h.tap(john, "Individual")
    await h.say(john, "John Smith")
    await h.say(john, "45")
    replies = await h.say(john, "Auch")
    assert "Your proposal" in replies[-1].text and "€15,000" in replies[-1].text
    replies = await h.tap(john, "Send my proposal")
    assert "BP-2026-0001" in replies[0].text and "Thank you" in replies[0].text
    alert = h.last_text(h.campaign.staff.chat_id)
    assert "Nouvelle proposition" in alert  # staff read French
