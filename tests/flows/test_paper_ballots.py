"""Paper ballots and box totals as staff type them: names of several words, references,
blank and void ballots, re-entering a box, withdrawing an entry made by mistake."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.dialogues.paper_ballots import BOX_BUTTON, box_key, split_commune
from flows.dialogues.publishing import PUBLISHED_KEY
from flows.domain.campaign import BallotSection, load_campaign
from flows.domain.model import ProposalFields, ProposalStatus
from flows.events import Button
from flows.i18n import Safe, plural_key, t
from storage.db import Database
from tests.flows.harness import EXAMPLES, Harness
from tests.flows.test_voting import IN_VOTE, add_projects


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "paper.sqlite3", now=IN_VOTE)
    # A proposal of another year first: ballot numbers (ids 2-6) then differ from the
    # references' numbers (BP-2026-0001 to -0005).
    async with harness.transaction() as uow:
        old = await uow.proposals.create(1, 1, "fr", ProposalFields(title="Ancien"), "BP",
                                         2025, harness.now)
        await uow.proposals.set_status(old.id, ProposalStatus.INADMISSIBLE, None, None, "Paul",
                                       harness.now)
    await add_projects(harness, 5)
    yield harness
    await harness.db.close()


def fr(key: str, count: int | None = None, **values: object) -> str:
    """The French catalog text, in the form agreeing with ``count`` when one is given."""
    if count is None:
        return t("fr", key, **values)
    return t("fr", plural_key("fr", key, count), count=count, **values)


def votes(count: int) -> Safe:
    return Safe(fr("votes", count))


async def boxes(h: Harness) -> dict[str, dict[int, int]]:
    async with h.transaction() as uow:
        return {name: await uow.voting.box_totals(name) for name in await uow.voting.box_names()}


async def ballots(h: Harness) -> list[tuple[str, list[int]]]:
    async with h.transaction() as uow:
        return sorted(await uow.voting.ballots())


async def actions(h: Harness, subject: str) -> list[str]:
    async with h.transaction() as uow:
        return [e["action"] for e in await uow.audit.entries(subject)]


# --- boxes --------------------------------------------------------------------------------


async def test_a_part_that_is_not_number_equals_count_refuses_the_whole_box(h: Harness) -> None:
    replies = await h.say(h.staff(), "/urne Mairie de Mirande 2=40 3=33 4=abc")
    assert replies[0].text == fr("box_bad_parts", 1, parts="« 4=abc »")
    assert await boxes(h) == {}


async def test_a_box_name_of_several_words_is_kept_whole(h: Harness) -> None:
    replies = await h.say(h.staff(), "/urne Mairie de Mirande 2=40 3 = 33")
    assert await boxes(h) == {"Mairie de Mirande": {2: 40, 3: 33}}
    assert replies[0].text == "\n".join([
        fr("box_saved", 2, box="Mairie de Mirande", who="Paul", votes=votes(73)),
        fr("box_line", number=2, votes=votes(40)), fr("box_line", number=3, votes=votes(33))])
    assert await actions(h, "Mairie de Mirande") == ["paper_box"]


async def test_a_quoted_box_name_may_hold_anything_but_its_quote(h: Harness) -> None:
    await h.say(h.staff(), '/urne "Salle n°2 = Mirande" 2=4')
    await h.say(h.staff(), "/urne « Marché d'Auch » 3=5")
    assert await boxes(h) == {"Marché d'Auch": {3: 5}, "Salle n°2 = Mirande": {2: 4}}


async def test_a_project_not_on_the_ballot_refuses_the_whole_box(h: Harness) -> None:
    replies = await h.say(h.staff(), "/urne Mairie 2=40 1=3 99=1")
    assert replies[0].text == fr("box_unknown_projects", 2, numbers="n°1, n°99")
    assert await boxes(h) == {}


async def test_box_totals_may_name_projects_by_reference(h: Harness) -> None:
    await h.say(h.staff(), "/urne Mairie BP-2026-0001=7 bp-2026-2=8")
    assert await boxes(h) == {"Mairie": {2: 7, 3: 8}}


async def test_re_entering_a_box_shows_its_new_content_and_what_changed(h: Harness) -> None:
    paul = h.staff()
    await h.say(paul, "/urne Mairie de Mirande 2=40 3=33 4=5")
    replies = await h.say(paul, "/urne mairie de mirande 2=42 3=33 5=7")
    assert await boxes(h) == {"Mairie de Mirande": {2: 42, 3: 33, 5: 7}}
    assert replies[0].text == "\n".join([
        fr("box_saved", 3, box="Mairie de Mirande", who="Paul", votes=votes(82)),
        fr("box_line", number=2, votes=votes(42)), fr("box_line", number=3, votes=votes(33)),
        fr("box_line", number=5, votes=votes(7)),
        fr("box_replaced"), fr("box_change", number=2, old=40, new=42),
        fr("box_change", number=4, old=5, new=0), fr("box_change", number=5, old=0, new=7)])
    replies = await h.say(paul, "/urne Mairie de Mirande 2=42 3=33 5=7")
    assert replies[0].text.endswith(fr("box_unchanged"))


async def test_staff_can_see_a_box_and_the_list_of_boxes(h: Harness) -> None:
    await h.say(h.staff(), "/urne Mairie de Mirande 2=40 3=33")
    replies = await h.say(h.staff(), "/urne Mairie de Mirande")
    assert replies[0].text == "\n".join([
        fr("box_content", box="Mairie de Mirande", votes=votes(73)),
        fr("box_line", number=2, votes=votes(40)), fr("box_line", number=3, votes=votes(33))])
    replies = await h.say(h.staff(), "/urne")
    assert replies[0].text == fr("box_list") + "\n• Mairie de Mirande"


async def test_box_names_are_escaped_before_staff_see_them(h: Harness) -> None:
    replies = await h.say(h.staff(), "/urne <b>Salle</b> & co 2=1")
    assert "&lt;b&gt;Salle&lt;/b&gt; &amp; co" in replies[0].text
    replies = await h.say(h.staff(), "/urne")
    assert replies[0].text == fr("box_list") + "\n• &lt;b&gt;Salle&lt;/b&gt; &amp; co"


async def test_a_box_entered_by_mistake_is_withdrawn_and_audited(h: Harness) -> None:
    await h.say(h.staff(), "/urne Mairie de Mirande 2=40 3=33")
    await h.say(h.staff(), "/urne Auch 2=1")
    replies = await h.say(h.staff(), '/retirer urne "Mairie de Mirande"')
    assert replies[0].text == fr("withdraw_box_done", box="Mairie de Mirande", who="Paul",
                                 votes=votes(73))
    assert await boxes(h) == {"Auch": {2: 1}}
    assert await actions(h, "Mairie de Mirande") == ["paper_box", "paper_box_withdrawn"]
    replies = await h.say(h.staff(), "/retirer urne Mairie de Mirande")
    assert replies[0].text == fr("withdraw_box_unknown", box="Mairie de Mirande")


async def test_the_withdraw_button_under_a_box_withdraws_that_entry_only(h: Harness) -> None:
    paul = h.staff()
    await h.say(paul, "/urne Mairie 2=40")
    first_button = h.find_button(paul.chat_id, fr("btn_withdraw_box"))
    await h.say(paul, "/urne Mairie 2=41")
    # The button under the first entry no longer matches what the box holds.
    message_id, choice = first_button
    assert choice.data == f"{BOX_BUTTON}|{box_key('Mairie', {2: 40})}"
    await h.act(paul, Button(choice.data, message_id, "cb1"))
    assert h.last_text(paul.chat_id) == fr("withdraw_box_gone")
    assert await boxes(h) == {"Mairie": {2: 41}}
    await h.tap(paul, fr("btn_withdraw_box"))
    assert h.last_text(paul.chat_id) == fr("withdraw_box_done", box="Mairie", who="Paul",
                                           votes=votes(41))
    assert await boxes(h) == {}


async def test_only_staff_can_withdraw_with_the_button(h: Harness) -> None:
    await h.say(h.staff(), "/urne Mairie 2=40")
    await h.tap(h.staff(user_id=77, name="Intrus", is_staff=False), fr("btn_withdraw_box"))
    assert h.recorder.answers[-1].text == fr("staff_only")
    assert await boxes(h) == {"Mairie": {2: 40}}


# --- paper ballots ------------------------------------------------------------------------


def paper_id(text: str) -> str:
    return text.split("<b>", 1)[1].split("</b>", 1)[0]


async def test_a_paper_ballot_may_name_projects_by_reference(h: Harness) -> None:
    replies = await h.say(h.staff(), "/papier BP-2026-0001 BP-2026-0002 bp-2026-5")
    ballot = paper_id(replies[0].text)
    assert replies[0].text == fr("paper_saved", numbers="n°2, n°3, n°6", who="Paul", id=ballot)
    await h.say(h.staff(), "/papier 2 4 5")
    assert await ballots(h) == [("paper", [2, 3, 6]), ("paper", [2, 4, 5])]


async def test_a_paper_ballot_with_an_unreadable_part_is_refused_whole(h: Harness) -> None:
    replies = await h.say(h.staff(), "/papier 2 3 abc")
    assert replies[0].text == fr("paper_bad_parts", parts="« abc »")
    replies = await h.say(h.staff(), "/papier BP-2026-0099 2 3")
    assert replies[0].text == fr("paper_bad_parts", parts="« BP-2026-0099 »")
    assert await ballots(h) == []


async def test_blank_and_void_ballots_count_in_turnout_not_in_votes(h: Harness) -> None:
    paul = h.staff()
    replies = await h.say(paul, "/papier blanc")
    assert replies[0].text == fr("paper_blank_saved", who="Paul", id=paper_id(replies[0].text))
    replies = await h.say(paul, "/papier nul")
    assert replies[0].text == fr("paper_void_saved", who="Paul", id=paper_id(replies[0].text))
    await h.say(paul, "/papier 2 3 4")
    stats = (await h.say(paul, "/stats"))[0].text
    # Only what there is: no "0 nul" beside a blank ballot.
    assert fr("turnout_among", part=Safe(fr("turnout_blank", 1))) not in stats
    paper = fr("turnout_paper", 3) + fr("turnout_blank_void", blank=Safe(fr("turnout_blank", 1)),
                                        void=Safe(fr("turnout_void", 1)))
    assert fr("turnout_line", voters=Safe(fr("turnout_voters", 0)), paper=Safe(paper),
              boxes=Safe(fr("turnout_no_boxes"))) in stats
    assert await ballots(h) == [("paper", [2, 3, 4]), ("paper_blank", []), ("paper_void", [])]
    await h.say(paul, "/phase results")
    text = "\n".join(m.text for m in await h.say(paul, "/resultats"))
    assert f"Projet 1 — {fr('votes', 1)}," in text


async def test_turnout_names_blank_ballots_alone_when_there_is_no_void_one(h: Harness) -> None:
    await h.say(h.staff(), "/papier blanc")
    stats = (await h.say(h.staff(), "/stats"))[0].text
    assert fr("turnout_paper", 1) + fr("turnout_among", part=Safe(fr("turnout_blank", 1))) \
        in stats


async def test_a_paper_ballot_entered_by_mistake_is_withdrawn_by_id(h: Harness) -> None:
    replies = await h.say(h.staff(), "/papier 2 3 4")
    ballot = paper_id(replies[0].text)
    replies = await h.say(h.staff(), f"/retirer papier {ballot.lower()}")
    assert replies[0].text == fr("withdraw_paper_done", id=ballot, what="n°2, n°3, n°4",
                                 who="Paul")
    assert await ballots(h) == []
    assert await actions(h, "ballot_box") == ["paper_ballot", "paper_ballot_withdrawn"]
    replies = await h.say(h.staff(), f"/retirer papier {ballot}")
    assert replies[0].text == fr("withdraw_paper_unknown", id=ballot)


async def test_the_withdraw_button_under_a_paper_ballot_works_once(h: Harness) -> None:
    paul = h.staff()
    replies = await h.say(paul, "/papier nul")
    ballot = paper_id(replies[0].text)
    message_id, choice = h.find_button(paul.chat_id, fr("btn_withdraw_paper"))
    await h.tap(paul, fr("btn_withdraw_paper"))
    assert h.last_text(paul.chat_id) == fr("withdraw_paper_done", id=ballot,
                                           what=fr("paper_void_name"), who="Paul")
    assert h.recorder.messages[message_id].keyboard == ()
    await h.act(paul, Button(choice.data, message_id, "again"))  # a double tap
    assert h.last_text(paul.chat_id) == fr("withdraw_paper_unknown", id=ballot)
    assert await actions(h, "ballot_box") == ["paper_ballot", "paper_ballot_withdrawn"]


async def test_withdrawing_needs_a_kind_and_a_name_or_id(h: Harness) -> None:
    replies = await h.say(h.staff(), "/retirer Mairie")
    assert replies[0].text == fr("withdraw_usage")


async def test_nothing_is_withdrawn_once_results_are_published(h: Harness) -> None:
    paul = h.staff()
    await h.say(paul, "/urne Mairie 2=40")
    await h.say(paul, "/phase results")
    async with h.transaction() as uow:
        await uow.settings.put(PUBLISHED_KEY, h.now.isoformat())
    replies = await h.say(paul, "/retirer urne Mairie")
    assert replies[0].text == fr("withdraw_closed", phase=Safe(fr("phase_results")))
    assert await boxes(h) == {"Mairie": {2: 40}}



# --- a ballot with a territory section and a département section -------------------------

# One or two projects of the voter's own canton, and one from elsewhere in the département.
TWO_SECTIONS = [BallotSection(scope="territory", min_choices=1, max_choices=2),
                BallotSection(scope="department", min_choices=1, max_choices=1)]


@pytest.fixture
async def two(tmp_path: Path) -> AsyncIterator[Harness]:
    """Six projects: n°1 and n°6 in Auch, n°2 in Lectoure, the others elsewhere."""
    gers = load_campaign(EXAMPLES / "gers.toml")
    vote = gers.vote.model_copy(update={"sections": TWO_SECTIONS})
    harness = Harness(await Database.open(tmp_path / "two.sqlite3"),
                      gers.model_copy(update={"vote": vote}), IN_VOTE)
    await add_projects(harness, 6)
    yield harness
    await harness.db.close()


async def test_on_a_two_section_ballot_the_voters_territory_is_read_from_the_ballot(
        two: Harness) -> None:
    replies = await two.say(two.staff(), "/papier 1 6 2")
    assert replies[0].text == fr("paper_saved", numbers="n°1, n°2, n°6", who="Paul",
                                 id=paper_id(replies[0].text))
    assert await ballots(two) == [("paper", [1, 2, 6])]


async def test_on_a_two_section_ballot_staff_are_asked_for_the_commune_when_unclear(
        two: Harness) -> None:
    replies = await two.say(two.staff(), "/papier 1 2")
    assert replies[0].text == fr("paper_needs_commune", territories="Auch-1, Lectoure-Lomagne",
                                 numbers="1 2")
    replies = await two.say(two.staff(), "/papier commune=Lectoure 1 2")
    assert replies[0].text == fr("paper_saved", numbers="n°1, n°2", who="Paul",
                                 id=paper_id(replies[0].text))
    replies = await two.say(two.staff(), "/papier 1 6 commune=« Auch » 2")
    assert replies[0].text == fr("paper_saved", numbers="n°1, n°2, n°6", who="Paul",
                                 id=paper_id(replies[0].text))
    assert await ballots(two) == [("paper", [1, 2]), ("paper", [1, 2, 6])]


async def test_on_a_two_section_ballot_a_commune_not_found_or_breaking_a_section_is_refused(
        two: Harness) -> None:
    replies = await two.say(two.staff(), "/papier commune=Atlantide 1 2")
    assert replies[0].text == fr("paper_unknown_commune", text="Atlantide")
    replies = await two.say(two.staff(), "/papier commune=Marciac 1 2")
    # Marciac's canton has none of the two: its own section is left empty.
    too_few = t("fr", "ballot_too_few", section=0, count=0, min=Safe(fr("projects", 1)), max=2)
    assert replies[0].text == fr("paper_invalid", problem=Safe(too_few))
    assert await ballots(two) == []


async def test_the_staff_help_shows_how_to_give_the_voters_commune(two: Harness) -> None:
    replies = await two.say(two.staff(), "/aide")
    assert "/papier commune=Auch 12 15 23" in replies[0].text


@pytest.mark.parametrize(("typed", "commune", "rest"), [
    ("commune=Auch 12 15", "Auch", "12 15"),
    ('12 Commune = "L\'Isle-Jourdain" 15', "L'Isle-Jourdain", "12 15"),
    ("12 15 commune:« Saint  Clar »", "Saint Clar", "12 15"),
    ("12 15 23", None, "12 15 23"),
])
def test_the_voters_commune_is_read_wherever_it_is_typed(typed: str, commune: str | None,
                                                         rest: str) -> None:
    found, others = split_commune(typed)
    assert (found, others.split()) == (commune, rest.split())
