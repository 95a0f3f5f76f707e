"""Staff work through hundreds of proposals: the queue, the search, an alert posted again."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.domain.model import ProposalStatus
from flows.events import Button
from flows.i18n import Safe, t
from tests.flows.harness import Harness
from tests.flows.staff_fixtures import (
    LECTOURE,
    MARCIAC,
    add_proposals,
    keyboard_labels,
    status_of,
)


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "queue.sqlite3")
    yield harness
    await harness.db.close()


async def test_examen_lists_the_waiting_proposals_oldest_first_in_pages(h: Harness) -> None:
    await add_proposals(h, [f"Projet {n}" for n in range(1, 11)])
    await add_proposals(h, ["Déjà décidé"], status=ProposalStatus.ADMISSIBLE)
    paul = h.staff()
    (page,) = await h.say(paul, "/examen")
    assert page.text.startswith(t("fr", "queue_header_other", count=10, page=1, pages=2))
    first_lines = [line for line in page.text.split("\n") if line[:2] in ("1.", "8.")]
    assert "BP-2026-0001" in first_lines[0] and "BP-2026-0008" in first_lines[1]
    assert "Déjà décidé" not in page.text and "BP-2026-0009" not in page.text
    assert keyboard_labels(page)[:2] == ["BP-2026-0001", "BP-2026-0002"]
    assert keyboard_labels(page)[-1] == t("fr", "btn_next")

    message_id, _ = h.last_with_buttons(paul.chat_id)
    await h.tap(paul, t("fr", "btn_next"))
    edited = h.recorder.messages[message_id]  # the same message, now page 2
    assert edited.text.startswith(t("fr", "queue_header_other", count=10, page=2, pages=2))
    assert "9. <b>BP-2026-0009</b>" in edited.text and "BP-2026-0010" in edited.text
    assert keyboard_labels(edited)[-1] == t("fr", "btn_previous")


async def test_a_tap_in_the_queue_posts_the_alert_again_and_a_decision_there_counts(
        h: Harness) -> None:
    await add_proposals(h, ["Abri vélo", "Skatepark", "Jardin partagé"])
    paul = h.staff()
    await h.say(paul, "/examen")
    (alert,) = await h.tap(paul, "BP-2026-0002")
    assert alert.text.startswith(t("fr", "alert_repost", reference="BP-2026-0002",
                                   proposer="Marie Dupont @marie_d (utilisateur 7001)",
                                   day="01/12/2026", details="").rstrip())
    assert keyboard_labels(alert)[0] == t("fr", "btn_admissible")
    await h.tap(paul, t("fr", "btn_admissible"))
    assert await status_of(h, "BP-2026-0002") == ProposalStatus.ADMISSIBLE
    assert h.last_text(7001) == t("fr", "outcome_admissible", reference="BP-2026-0002",
                                  title="Skatepark")
    (page,) = await h.say(paul, "/examen")
    assert page.text.startswith(t("fr", "queue_header_other", count=2, page=1, pages=1))


async def test_projet_by_reference_posts_the_alert_with_its_decision_buttons(
        h: Harness) -> None:
    await add_proposals(h, ["Abri vélo", "Skatepark"])
    paul = h.staff()
    for typed in ("BP-2026-0002", "bp-2026-2", "2"):
        (alert,) = await h.say(paul, f"/projet {typed}")
        assert "<b>Proposition BP-2026-0002</b>" in alert.text
        assert t("fr", "btn_inadmissible") in keyboard_labels(alert)


async def test_projet_of_a_decided_proposal_offers_to_reopen_or_edit(h: Harness) -> None:
    await add_proposals(h, ["Abri vélo"], status=ProposalStatus.ADMISSIBLE)
    (alert,) = await h.say(h.staff(), "/projet BP-2026-0001")
    assert t("fr", "decided_line", status="✅ recevable", who="Anne") in alert.text
    assert keyboard_labels(alert) == [t("fr", "btn_reopen"), t("fr", "btn_edit_proposal")]


async def test_projet_by_commune_or_word_lists_the_matches(h: Harness) -> None:
    await add_proposals(h, ["Abri vélo", "Aire de jeux"], commune=MARCIAC)
    await add_proposals(h, ["Skatepark du lycée", "Skatepark municipal"], commune=LECTOURE)
    paul = h.staff()
    (found,) = await h.say(paul, "/projet marciac")
    assert found.text.startswith(t("fr", "project_matches_other", count=2, text="marciac"))
    assert keyboard_labels(found) == ["BP-2026-0001", "BP-2026-0002"]
    (found,) = await h.say(paul, "/projet SKATEPARK")
    assert keyboard_labels(found) == ["BP-2026-0003", "BP-2026-0004"]
    (alert,) = await h.say(paul, "/projet lycée")  # a single match is shown at once
    assert "<b>Proposition BP-2026-0003</b>" in alert.text


async def test_projet_without_a_match_or_a_query_says_what_to_type(h: Harness) -> None:
    await add_proposals(h, ["Abri vélo"])
    paul = h.staff()
    (reply,) = await h.say(paul, "/projet piscine olympique")
    assert reply.text == t("fr", "project_no_match", text="piscine olympique",
                           example="BP-2026-0042")
    (reply,) = await h.say(paul, "/projet")
    assert reply.text == t("fr", "project_usage", example="BP-2026-0042")


async def test_stats_say_how_many_wait(h: Harness) -> None:
    await add_proposals(h, ["Abri vélo", "Skatepark"])
    (stats,) = await h.say(h.staff(), "/stats")
    assert t("fr", "stats_waiting_other", count=2) in stats.text
    await add_proposals(h, ["Jardin"], status=ProposalStatus.ADMISSIBLE)
    await h.say(h.staff(), "/projet 1")
    await h.tap(h.staff(), t("fr", "btn_admissible"))
    await h.say(h.staff(), "/projet 2")
    await h.tap(h.staff(), t("fr", "btn_admissible"))
    (stats,) = await h.say(h.staff(), "/stats")
    assert t("fr", "stats_waiting_zero", count=0) in stats.text
    (empty,) = await h.say(h.staff(), "/examen")
    assert empty.text == t("fr", "queue_empty")


async def test_only_staff_use_the_queue_buttons(h: Harness) -> None:
    await add_proposals(h, ["Abri vélo"])
    await h.say(h.staff(), "/examen")
    message_id, message = h.last_with_buttons(h.campaign.staff.chat_id)
    intruder = h.staff(user_id=66, name="Intrus", is_staff=False)
    assert await h.act(intruder, Button(message.keyboard[0][0].data, message_id, "x")) == []
    assert h.recorder.answers[-1].text == t("fr", "staff_only")
    forged = await h.act(h.staff(), Button("sq|o|99999999999999999999", message_id, "y"))
    assert forged == [] and h.recorder.answers[-1].text == t("fr", "stale_button")


async def test_the_alert_names_the_proposer_as_telegram_gives_them_escaped(
        tmp_path: Path) -> None:
    from flows.events import Sender
    from tests.flows.harness import propose

    h = await Harness.open(tmp_path / "n.sqlite3")
    jo = Sender(501, 501, "fr", "<b>Jo</b>", last_name="Martin", username="jo_m")
    await propose(h, jo)
    await h.tap(jo, "Envoyer ma proposition")
    alert = h.texts(h.campaign.staff.chat_id)[-1]
    assert alert.startswith(t("fr", "alert_new", reference="BP-2026-0001",
                              proposer=Safe("&lt;b&gt;Jo&lt;/b&gt; Martin @jo_m (utilisateur 501)"),
                              details="").rstrip())
    anonymous = Sender(502, 502, "fr", "")
    await propose(h, anonymous)
    await h.tap(anonymous, "Envoyer ma proposition")
    assert "de l'utilisateur 502\n" in h.texts(h.campaign.staff.chat_id)[-1]
    await h.db.close()


async def test_a_proposer_who_asked_to_be_forgotten_is_no_longer_named(
        tmp_path: Path) -> None:
    from flows.events import Sender
    from tests.flows.harness import propose

    h = await Harness.open(tmp_path / "f.sqlite3")
    jo = Sender(501, 501, "fr", "Jo", last_name="Martin", username="jo_m")
    await propose(h, jo)
    await h.tap(jo, "Envoyer ma proposition")
    await h.say(jo, "/oublier")
    await h.tap(jo, "Oui, effacer")
    (alert,) = await h.say(h.staff(), "/projet 1")
    assert alert.text.split("\n")[0] == t("fr", "alert_repost", reference="BP-2026-0001",
                                          proposer=t("fr", "proposer_forgotten"),
                                          day="01/12/2026", details="").split("\n")[0]
    assert "Martin" not in alert.text and "jo_m" not in alert.text
    async with h.transaction() as uow:
        proposal = await uow.proposals.get(1)
    assert proposal is not None
    assert (proposal.fields.account_name, proposal.fields.account_username) == (None, None)
    await h.db.close()
