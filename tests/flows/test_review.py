"""Staff ruling on proposals in their group, without Telegram."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flows.i18n import t
from tests.flows.harness import Harness, propose


async def test_a_note_asked_long_ago_does_not_swallow_later_group_chatter(
    tmp_path: Path,
) -> None:
    h = await Harness.open(tmp_path / "r.sqlite3")
    marie, paul = h.citizen(), h.staff()
    await propose(h, marie)
    await h.tap(marie, "Envoyer ma proposition")
    await h.tap(paul, "Demander des modifications")
    h.now += timedelta(hours=2)
    replies = await h.say(paul, "On se retrouve à 14 h pour la réunion ?")
    assert replies == []
    async with h.transaction() as uow:
        (proposal,) = await uow.proposals.all()
    assert proposal.status.value == "submitted"
    await h.db.close()


async def test_a_note_typed_soon_after_is_the_change_request(tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "s.sqlite3")
    marie, paul = h.citizen(), h.staff()
    await propose(h, marie)
    await h.tap(marie, "Envoyer ma proposition")
    await h.tap(paul, "Demander des modifications")
    await h.say(paul, "Merci de préciser le lieu exact.")
    assert "préciser le lieu exact" in h.last_text(marie.chat_id)
    await h.db.close()


async def submitted_twice(h: Harness) -> None:
    for user_id, title in ((501, "Abri vélo au collège"), (502, "Abri pour vélos au collège")):
        who = h.citizen(user_id=user_id)
        await propose(h, who, title=title)
        await h.tap(who, "Envoyer ma proposition")


async def test_not_admissible_with_a_reason_from_the_campaign_list(tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "n.sqlite3")
    await submitted_twice(h)
    paul = h.staff()
    await h.tap(paul, "Non recevable")
    await h.tap(paul, "Hors des compétences")
    await h.tap(paul, "Confirmer le refus")
    assert "n'a pas pu être retenu" in h.last_text(502)
    assert "Hors des compétences du Département" in h.last_text(502)
    waiting = [m for m in h.recorder.messages.values() if "BP-2026-0001" in m.text
               and any(c.label == t("fr", "btn_admissible") for row in m.keyboard for c in row)]
    assert waiting  # the other alert still has its decision buttons
    await h.db.close()


async def test_duplicate_names_the_original_and_a_second_decision_is_refused(
    tmp_path: Path,
) -> None:
    h = await Harness.open(tmp_path / "d.sqlite3")
    await submitted_twice(h)
    paul, anne = h.staff(), h.staff(user_id=902, name="Anne")
    message_id, choice = h.find_button(h.campaign.staff.chat_id, "Doublon")
    await h.tap(paul, "Doublon")
    await h.say(paul, "1")
    assert "rejoint le projet <b>BP-2026-0001</b>" in h.last_text(502)
    from flows.events import Button

    await h.act(anne, Button(choice.data.replace("|dup", "|ok"), message_id, "late"))
    assert "Déjà décidé par Paul" in h.recorder.answers[-1].text
    async with h.transaction() as uow:
        second = await uow.proposals.get(2)
        entries = await uow.audit.entries("BP-2026-0002")
    assert second is not None and second.duplicate_of == "BP-2026-0001"
    assert [e["action"] for e in entries][-1] == "decision:duplicate"
    await h.db.close()


async def test_someone_outside_the_staff_cannot_decide(tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "o.sqlite3")
    await submitted_twice(h)
    intruder = h.staff(user_id=66, name="Intrus", is_staff=False)
    await h.tap(intruder, "Recevable")
    assert "seule l'équipe" in h.recorder.answers[-1].text
    async with h.transaction() as uow:
        assert {p.status.value for p in await uow.proposals.all()} == {"submitted"}
    await h.db.close()
