"""French that reads like a person wrote it: départements with their article, real plurals,
dates rather than phase names, the vote's commune step speaking of voting."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from flows.domain.communes import load_communes
from flows.domain.departements import in_department
from flows.i18n import CATALOGS, plural, t
from tests.flows.harness import PARIS, Harness, propose
from tests.flows.test_proposing import to_commune_step
from tests.flows.test_voting import IN_VOTE, add_projects, to_phone_step

IN_REVIEW = datetime(2027, 2, 10, 10, 0, tzinfo=PARIS)
DATA = Path(__file__).resolve().parents[2] / "flows" / "data"
# The 101 départements: 96 in mainland France and Corsica, 5 overseas.
DEPARTEMENTS = [f"{n:02d}" for n in range(1, 96) if n != 20] + [
    "2A", "2B", "971", "972", "973", "974", "976"]
PREPOSITIONS = ("dans le ", "dans la ", "dans les ", "dans l'", "en ", "à ")


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "words.sqlite3")
    yield harness
    await harness.db.close()


@pytest.fixture
async def v(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "vote.sqlite3", now=IN_VOTE)
    await add_projects(harness, 5)
    yield harness
    await harness.db.close()


def test_every_departement_is_said_with_its_own_article_and_preposition() -> None:
    assert len(DEPARTEMENTS) == 101
    names = dict(json.loads((DATA / "departements.json").read_text())["departements"])
    communes = load_communes()
    for code in DEPARTEMENTS:
        phrase = in_department(code, "fr", communes)
        assert phrase.startswith(PREPOSITIONS), phrase
        assert phrase.endswith(names[code]), (code, phrase)
        if phrase.startswith("dans l'"):
            assert names[code][0] in "AEIOUYHÉ", phrase
        if phrase.startswith(("dans le ", "dans la ")):
            assert names[code][0] not in "AEIOUYÉ", phrase
    assert in_department("32", "fr", communes) == "dans le Gers"
    assert in_department("31", "fr", communes) == "en Haute-Garonne"
    assert in_department("11", "fr", communes) == "dans l'Aude"
    assert in_department("40", "fr", communes) == "dans les Landes"
    assert in_department("974", "fr", communes) == "à La Réunion"
    assert in_department("32", "en", communes) == "in Gers"


def test_counts_use_real_plurals() -> None:
    assert plural("fr", "tries", 4) == "4 essais"
    assert plural("fr", "tries", 1) == "1 essai"
    assert plural("fr", "tries", 0) == "0 essai"
    assert plural("fr", "chosen", 1) == "1 projet choisi"
    assert plural("fr", "chosen", 3) == "3 projets choisis"
    assert plural("en", "tries", 0) == "0 tries"
    assert plural("en", "chosen", 1) == "1 project chosen"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_catalog_text_hedges_a_plural_or_a_gender(lang: str) -> None:
    hedged = {key: text for key, text in CATALOGS[lang].items()
              if "(s)" in text or "(e)" in text}
    assert hedged == {}
    # Counted phrases come in pairs for the plural helper (results keep their own keys).
    singular = [key[:-4] for key in CATALOGS[lang]
                if key.endswith("_one") and not key.startswith("results_")]
    assert singular and all(f"{key}_other" in CATALOGS[lang] for key in singular)


async def test_a_project_elsewhere_is_refused_with_both_departements_named(h: Harness) -> None:
    marie = h.citizen()
    await to_commune_step(h, marie)
    replies = await h.say(marie, "Carcassonne")
    assert replies[0].text == t("fr", "commune_outside", commune="Carcassonne",
                                in_other="dans l'Aude", in_department="dans le Gers")


async def test_a_single_suggestion_is_offered_as_such(h: Harness) -> None:
    marie = h.citizen()
    await to_commune_step(h, marie)
    replies = await h.say(marie, "Condom en Armagnac")
    assert replies[-1].text == t("fr", "commune_choose_single")
    labels = [c.label for row in replies[-1].keyboard for c in row]
    assert labels[0] == "Condom (32100)"


async def test_examples_pair_auch_with_its_own_postal_code(h: Harness) -> None:
    marie = h.citizen()
    await h.say(marie, "/proposer")
    await h.say(marie, "Abri vélo au collège")
    await h.say(marie, "Un abri couvert pour dix vélos devant le collège, pour les élèves.")
    replies = await h.tap(marie, "Écologie")
    assert replies[0].text == t("fr", "ask_commune", example="« Auch » ou « 32000 »")


async def test_the_voters_commune_step_offers_gers_communes_first_and_speaks_of_voting(
    v: Harness,
) -> None:
    marie = v.citizen()
    await v.say(marie, "/voter")
    await v.tap(marie, t("fr", "btn_declare"))
    replies = await v.say(marie, "belloc")
    assert len(replies) == 1
    assert replies[0].text == (
        t("fr", "commune_choose_voter", text="belloc", in_department="dans le Gers") + "\n"
        + t("fr", "commune_outside_voter", commune="Belloc", in_other="en Ariège",
            in_department="dans le Gers"))
    assert "proposer" not in replies[0].text
    labels = [c.label for row in replies[0].keyboard for c in row]
    assert labels[:2] == ["Jû-Belloc (32160)", "Belloc-Saint-Clamens (32300)"]
    await v.tap(marie, "Jû-Belloc")
    assert t("fr", "commune_set", commune="Jû-Belloc (32160)") in v.texts(marie.chat_id)


async def test_a_voter_from_elsewhere_is_told_of_voting_not_proposing(v: Harness) -> None:
    marie = v.citizen()
    await v.say(marie, "/voter")
    await v.tap(marie, t("fr", "btn_declare"))
    replies = await v.say(marie, "Carcassonne")
    assert replies[0].text == t("fr", "commune_outside_voter_alone", commune="Carcassonne",
                                in_other="dans l'Aude", in_department="dans le Gers",
                                example="« Auch » ou « 32000 »")


async def test_the_declaration_names_the_departement_with_its_article(v: Harness) -> None:
    marie = v.citizen()
    replies = await v.say(marie, "/voter")
    assert "• " + t("fr", "declare_residence", in_department="dans le Gers") in replies[-1].text


async def test_a_short_number_is_said_incomplete(v: Harness) -> None:
    marie = v.citizen()
    await to_phone_step(v, marie)
    replies = await v.say(marie, "06 12 34 56")
    assert replies[0].text == t("fr", "phone_too_short")
    assert v.sms.received == {}


async def test_wrong_codes_count_the_tries_left_in_words(v: Harness) -> None:
    marie = v.citizen()
    await to_phone_step(v, marie)
    await v.say(marie, "06 12 34 56 78")
    good = v.sms.last_code("+33612345678")
    wrong = f"{(int(good) + 1) % 1000000:06d}"
    replies = await v.say(marie, wrong)
    assert replies[0].text == t("fr", "vote_code_wrong", left="4 essais")
    for _ in range(3):
        replies = await v.say(marie, wrong)
    assert replies[0].text == t("fr", "vote_code_wrong", left="1 essai")


async def test_during_review_the_menu_gives_the_vote_date_and_offers_no_vote(
    tmp_path: Path,
) -> None:
    h = await Harness.open(tmp_path / "review.sqlite3", now=IN_REVIEW)
    marie = h.citizen()
    replies = await h.say(marie, "/start")
    status = t("fr", "status_review_until", date="23 mars 2027")
    assert replies[0].text == t("fr", "welcome", name="Marie",
                                campaign="Budget participatif gersois", status=status)
    labels = [c.label for row in replies[0].keyboard for c in row]
    assert t("fr", "btn_vote") not in labels and t("fr", "btn_notify_vote") in labels
    replies = await h.say(marie, "/voter")
    assert replies[0].text == t("fr", "vote_opens_on", date="23 mars 2027")
    replies = await h.say(marie, "/resultats")
    assert replies[0].text == t("fr", "results_not_yet")
    assert "vote" not in replies[0].text.lower()
    await h.db.close()


async def test_dates_are_written_in_french_and_in_english(tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "dates.sqlite3", now=IN_VOTE)
    replies = await h.say(h.citizen(), "/start")
    assert t("fr", "status_vote_until", date="30 avril 2027") in replies[0].text
    replies = await h.say(h.citizen(user_id=777, language="en", name="John"), "/proposer")
    assert replies[0].text == t("en", "proposals_closed_on", date="31 January 2027")
    h.now = datetime(2026, 10, 15, 12, 0, tzinfo=PARIS)
    replies = await h.say(h.citizen(), "/start")
    assert t("fr", "status_closed_until", date="1er novembre 2026") in replies[0].text
    await h.db.close()


async def test_proposal_summary_walk_still_reaches_the_summary(h: Harness) -> None:
    replies = await propose(h, h.citizen())
    assert "Votre proposition" in replies[-1].text
