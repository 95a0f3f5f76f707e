"""Following the winners: staff record progress in their group, followers and proposers are
told, nobody else; /realisations shows every winner with its latest news."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from flows.domain.dates import day_text
from flows.domain.model import ProposalStatus
from flows.events import Button, Photo
from flows.i18n import Safe, plural, t
from flows.services.progress import latest_progress
from tests.flows.harness import Harness, Sender, plain
from tests.flows.staff_fixtures import add_proposals
from tests.flows.test_publishing import cast
from tests.flows.test_voting import IN_VOTE, add_projects

NOTE = "Le chantier a démarré, fin prévue en juin."
PROPOSER = 9000  # the proposer of BP-2026-0001 (see add_projects)
FOLLOWER = 601


async def publish(h: Harness) -> None:
    paul = h.staff()
    await h.say(paul, "/phase results")
    await h.say(paul, "/resultats")
    await h.tap(paul, t("fr", "btn_publish"))
    await h.tap(paul, t("fr", "btn_publish_confirm"))


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    """Projects 1 to 3 won (voters 501 and 502 chose them); project 4, with no vote, lost."""
    harness = await Harness.open(tmp_path / "progress.sqlite3", now=IN_VOTE)
    await add_projects(harness, 4, cost="20000")
    await cast(harness, 501, 1, 1, 2, 3)
    await cast(harness, 502, 2, 1, 2, 3)
    harness.now += timedelta(days=40)
    yield harness
    await harness.db.close()


@pytest.fixture
async def published(h: Harness) -> Harness:
    await publish(h)
    return h


async def record(h: Harness, staff: Sender, stage: str = "progress_stage_works",
                 percent: str = "60 %", note: str = NOTE, reference: str = "BP-2026-0001",
                 fix: bool = False) -> list[str]:
    """/suivi, a stage, a percentage, a note, no photo, save; the group's last text."""
    await h.say(staff, f"/suivi {reference}" + (" corriger" if fix else ""))
    await h.tap(staff, t("fr", stage))
    if stage != "progress_stage_done":
        await h.say(staff, percent)
    await h.say(staff, note)
    await h.tap(staff, t("fr", "btn_progress_no_photo"))
    replies = await h.tap(staff, t("fr", "btn_progress_save"))
    return [r.text for r in replies if r.chat_id == staff.chat_id]


def news(reference: str, title: str, stage: str, percent: int, note: str, *,
         proposer: bool, fix: bool = False) -> str:
    text = t("fr", "progress_news_fix" if fix else "progress_news", reference=reference,
             title=title, stage=t("fr", stage), percent=percent, note=note)
    return text + "\n\n" + t("fr", "progress_news_proposer" if proposer
                             else "progress_news_follower")


async def test_progress_reaches_followers_and_the_proposer_and_nobody_else(
        published: Harness) -> None:
    h = published
    follower = h.citizen(user_id=FOLLOWER)
    await h.say(follower, "/realisations")
    await h.tap(follower, f"{t('fr', 'btn_follow')} BP-2026-0001")
    before = {chat: len(h.texts(chat)) for chat in (501, 502, 9001, 777)}

    said = await record(h, h.staff())

    assert said[-1] == t("fr", "progress_saved", reference="BP-2026-0001", who="Paul",
                         stage=t("fr", "progress_stage_works"), percent=60, count=2)
    expected = dict(reference="BP-2026-0001", title="Projet 1", stage="progress_stage_works",
                    percent=60, note=NOTE)
    assert h.last_text(FOLLOWER) == news(**expected, proposer=False)  # type: ignore[arg-type]
    assert h.last_text(PROPOSER) == news(**expected, proposer=True)  # type: ignore[arg-type]
    # Voters 501 and 502 chose project 1 but follow nothing: the ballot box reaches nobody.
    assert {chat: len(h.texts(chat)) for chat in (501, 502, 9001, 777)} == before
    async with h.transaction() as uow:
        audit = await uow.audit.entries("BP-2026-0001")  # type: ignore[attr-defined]
        latest = await latest_progress(uow)
    assert [(e["actor_name"], e["action"], e["detail"]["percent"]) for e in audit
            if e["action"].startswith("progress")] == [("Paul", "progress", 60)]
    assert (latest[1].stage, latest[1].percent, latest[1].note) == ("works", 60, NOTE)


async def test_news_go_out_as_broadcasts_with_the_photo_staff_sent(published: Harness) -> None:
    h = published
    paul = h.staff()
    await h.say(paul, "/suivi 1")
    await h.tap(paul, t("fr", "progress_stage_study"))
    await h.tap(paul, "25 %")
    await h.say(paul, "Les plans sont prêts.")
    await h.act(paul, Photo("photo-of-the-site"))
    assert f"📷 {t('fr', 'yes')}" in h.last_text(paul.chat_id)
    await h.tap(paul, t("fr", "btn_progress_save"))
    told = [m for _, m in h.recorder.log if m.chat_id == PROPOSER and m.photo]
    assert [(m.photo, m.priority) for m in told] == [("photo-of-the-site", 10)]
    async with h.transaction() as uow:
        assert (await latest_progress(uow))[1].photo == "photo-of-the-site"


async def test_realisations_lists_every_winner_with_stage_budget_and_last_news(
        published: Harness) -> None:
    h = published
    await record(h, h.staff(), stage="progress_stage_done", note="Inauguré le 3 mai.")
    replies = await h.say(h.citizen(user_id=700), "/realisations")
    text = plain(replies[-1].text)
    assert plural("fr", "achievements_count", 3, page=1, pages=1) in text
    for reference in ("BP-2026-0001", "BP-2026-0002", "BP-2026-0003"):
        assert reference in text
    assert "BP-2026-0004" not in text  # no vote, not a winner
    assert "20 000 €" in text
    assert f"{t('fr', 'progress_stage_done')} — 100 %" in text
    assert "« Inauguré le 3 mai. »" in text
    assert text.count(t("fr", "achievements_no_news")) == 2

    english = await h.say(h.citizen(user_id=701, language="en"), "/achievements")
    assert t("en", "progress_stage_done") in english[-1].text


async def test_realisations_before_the_results_are_published_says_when(h: Harness) -> None:
    replies = await h.say(h.citizen(user_id=700), "/realisations")
    assert replies[-1].text == t("fr", "achievements_not_yet")


async def test_proposer_stops_the_news_with_one_tap(published: Harness) -> None:
    h = published
    await record(h, h.staff())
    await h.tap(h.citizen(user_id=PROPOSER), t("fr", "btn_unfollow"))
    assert h.last_text(PROPOSER) == t("fr", "unfollow_done", reference="BP-2026-0001",
                                      title="Projet 1")
    before = len(h.texts(PROPOSER))
    said = await record(h, h.staff(), percent="80")
    assert "Personnes prévenues : 0" in said[-1]
    assert len(h.texts(PROPOSER)) == before


async def test_anyone_follows_from_a_projects_details(published: Harness) -> None:
    h = published
    anne = h.citizen(user_id=702)
    await h.say(anne, "/projets")
    await h.tap(anne, "n°2 ")
    await h.tap(anne, t("fr", "btn_follow"))
    assert h.last_text(702) == t("fr", "follow_done", reference="BP-2026-0002",
                                 title="Projet 2")
    await record(h, h.staff(), reference="BP-2026-0002")
    assert h.last_text(702).startswith(t("fr", "progress_news", reference="BP-2026-0002",
                                         title="Projet 2", stage=t("fr", "progress_stage_works"),
                                         percent=60, note=NOTE).split("\n")[0])


async def test_correction_replaces_the_last_entry_and_says_so(published: Harness) -> None:
    h = published
    await record(h, h.staff(), percent="60")
    said = await record(h, h.staff(user_id=902, name="Anne"), percent="40", fix=True,
                        note="Le chantier a démarré en mai.")
    assert said[-1] == t("fr", "progress_corrected", reference="BP-2026-0001", who="Anne",
                         stage=t("fr", "progress_stage_works"), percent=40, count=1)
    assert h.last_text(PROPOSER) == news("BP-2026-0001", "Projet 1", "progress_stage_works", 40,
                                         "Le chantier a démarré en mai.", proposer=True, fix=True)
    async with h.transaction() as uow:
        history = await uow.progress.history(1)
        audit = await uow.audit.entries("BP-2026-0001")  # type: ignore[attr-defined]
    assert [(e.percent, e.by) for e in history] == [(40, "Anne")]
    assert history[0].replaces is not None
    assert [e["action"] for e in audit if e["action"].startswith("progress")] == [
        "progress", "progress_corrected"]


async def test_correction_is_refused_when_other_news_came_meanwhile(
        published: Harness) -> None:
    h = published
    await record(h, h.staff(), percent="60")
    paul = h.staff()
    await h.say(paul, "/suivi BP-2026-0001 corriger")
    await h.tap(paul, t("fr", "progress_stage_works"))
    await h.say(paul, "65")
    await h.say(paul, "Correction du pourcentage.")
    await h.tap(paul, t("fr", "btn_progress_no_photo"))
    message_id, save = h.find_button(paul.chat_id, t("fr", "btn_progress_save"))
    await record(h, h.staff(user_id=902, name="Anne"), percent="70")
    replies = await h.act(paul, Button(save.data, message_id, "cb1"))
    assert replies[-1].text == t("fr", "progress_correction_outdated", reference="BP-2026-0001")
    async with h.transaction() as uow:
        assert [e.percent for e in await uow.progress.history(1)] == [60, 70]


async def test_bad_percentage_gets_a_kind_answer_and_the_entry_stays_there(
        published: Harness) -> None:
    h = published
    paul = h.staff()
    await h.say(paul, "/suivi BP-2026-0001")
    await h.tap(paul, t("fr", "progress_stage_works"))
    for typed in ("beaucoup", "140", "-5"):
        replies = await h.say(paul, typed)
        assert replies[0].text == t("fr", "progress_bad_percent", text=typed)
        assert replies[-1].text == t("fr", "progress_ask_percent",
                                     stage=t("fr", "progress_stage_works"))
    await h.act(paul, Photo("p"))
    assert h.texts(paul.chat_id)[-2] == t("fr", "progress_bad_percent", text="📷")
    replies = await h.say(paul, "45%")
    assert replies[-1].text == t("fr", "progress_ask_note", min=3, max=300)
    replies = await h.say(paul, "ok")
    assert replies[-1].text == t("fr", "progress_bad_note", min=3, max=300, length=2)
    await h.say(paul, NOTE)
    await h.tap(paul, t("fr", "btn_progress_no_photo"))
    assert "45 %" in h.last_text(paul.chat_id)


async def test_back_and_cancel_at_each_step(published: Harness) -> None:
    h = published
    paul = h.staff()
    await h.say(paul, "/suivi BP-2026-0001")
    await h.tap(paul, t("fr", "progress_stage_works"))
    replies = await h.tap(paul, t("fr", "btn_back"))
    assert "À quelle étape" in replies[-1].text
    await h.tap(paul, t("fr", "progress_stage_works"))
    replies = await h.tap(paul, t("fr", "btn_cancel"))
    assert replies[-1].text == t("fr", "progress_cancelled")
    await h.say(paul, NOTE)  # the team talking: no longer taken as anything
    async with h.transaction() as uow:
        assert await latest_progress(uow) == {}


async def test_staff_only_and_forged_buttons_change_nothing(published: Harness) -> None:
    h = published
    intruder = h.staff(user_id=66, name="Intrus", is_staff=False)
    replies = await h.say(intruder, "/suivi BP-2026-0001")
    assert replies[-1].text == t("fr", "staff_only")
    paul = h.staff()
    await h.say(paul, "/suivi BP-2026-0001")
    message_id, choice = h.find_button(paul.chat_id, t("fr", "progress_stage_works"))
    await h.act(intruder, Button(choice.data, message_id, "cb1"))
    assert h.recorder.answers[-1].text == t("fr", "staff_only")
    anne = h.staff(user_id=902, name="Anne")
    await h.act(anne, Button(choice.data, message_id, "cb2"))  # Paul's entry, not Anne's
    assert h.recorder.answers[-1].text == t("fr", "progress_not_your_button")
    for forged in ("pg|1|save", "pg|x", "pc|abc", "pc|99999", "pg|1|st:nonsense"):
        await h.act(paul, Button(forged, message_id, "cb3"))
        assert h.recorder.answers[-1].text in (t("fr", "progress_not_your_button"),
                                               t("fr", "stale_button"))
    for forged in ("g|fw|99", "g|uf|99", "g|rz|f:99:0", "g|rz|zz", "g|rz|d:99:0"):
        await h.act(h.citizen(user_id=703), Button(forged, 5, "cb4"))
        assert h.recorder.answers[-1].text == t("fr", "stale_button"), forged
    async with h.transaction() as uow:
        assert await latest_progress(uow) == {}
        assert not await uow.subscribers.members("follow:99")


async def test_only_winners_of_published_results_are_followed_up(h: Harness) -> None:
    paul = h.staff()
    replies = await h.say(paul, "/suivi BP-2026-0001")
    assert replies[-1].text == t("fr", "progress_not_published")
    await publish(h)
    replies = await h.say(paul, "/suivi BP-2026-0004")
    assert replies[-1].text == t("fr", "progress_not_winner", reference="BP-2026-0004",
                                 title="Projet 4")
    refused = await add_proposals(h, ["Un projet refusé"], status=ProposalStatus.INADMISSIBLE)
    replies = await h.say(paul, f"/suivi {refused[0].reference}")
    assert replies[-1].text == t("fr", "progress_not_winner", reference=refused[0].reference,
                                 title="Un projet refusé")
    replies = await h.say(paul, "/suivi BP-2026-0999")
    assert replies[-1].text == t("fr", "progress_unknown", text="BP-2026-0999",
                                 example="BP-2026-0042")
    replies = await h.say(paul, "/suivi")
    assert replies[-1].text == t("fr", "progress_usage", example="BP-2026-0042")
    replies = await h.say(paul, "/suivi BP-2026-0002 corriger")
    assert replies[0].text == t("fr", "progress_nothing_to_fix", reference="BP-2026-0002")


async def test_a_double_tap_on_save_records_once(published: Harness) -> None:
    h = published
    paul = h.staff()
    await h.say(paul, "/suivi BP-2026-0001")
    await h.tap(paul, t("fr", "progress_stage_works"))
    await h.say(paul, "50")
    await h.say(paul, NOTE)
    await h.tap(paul, t("fr", "btn_progress_no_photo"))
    message_id, choice = h.find_button(paul.chat_id, t("fr", "btn_progress_save"))
    await h.act(paul, Button(choice.data, message_id, "cb1"))
    await h.act(paul, Button(choice.data, message_id, "cb2"))
    async with h.transaction() as uow:
        assert [e.percent for e in await uow.progress.history(1)] == [50]
    assert h.texts(PROPOSER).count(news("BP-2026-0001", "Projet 1", "progress_stage_works", 50,
                                        NOTE, proposer=True)) == 1


async def test_the_correct_button_under_a_saved_entry_starts_a_correction(
        published: Harness) -> None:
    h = published
    paul = h.staff()
    await record(h, paul, percent="60")
    replies = await h.tap(paul, t("fr", "btn_progress_fix"))
    assert replies[-1].text.startswith(t("fr", "progress_ask_stage_fix",
                                         reference="BP-2026-0001", title="Projet 1",
                                         last="").split("\n")[0])
    await h.tap(paul, t("fr", "progress_stage_done"))  # finished: no percentage asked
    await h.say(paul, "Inauguré le 3 mai.")
    await h.tap(paul, t("fr", "btn_progress_no_photo"))
    replies = await h.tap(paul, t("fr", "btn_progress_save"))
    assert replies[0].text == t("fr", "progress_corrected", reference="BP-2026-0001",
                                who="Paul", stage=t("fr", "progress_stage_done"), percent=100,
                                count=1)
    async with h.transaction() as uow:
        assert [(e.stage, e.percent) for e in await uow.progress.history(1)] == [("done", 100)]


async def test_realisations_pages_five_winners_at_a_time(tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "many.sqlite3", now=IN_VOTE)
    await add_projects(h, 7, cost="20000")
    await cast(h, 501, 1, 1, 2, 3)
    await cast(h, 502, 2, 4, 5, 6)
    await cast(h, 503, 3, 7, 1, 2)
    h.now += timedelta(days=40)
    await publish(h)
    anne = h.citizen(user_id=700)
    replies = await h.say(anne, "/realisations")
    assert plural("fr", "achievements_count", 7, page=1, pages=2) in plain(replies[-1].text)
    assert "BP-2026-0005" in replies[-1].text and "BP-2026-0006" not in replies[-1].text
    await h.tap(anne, "▶️")
    _, page = h.last_with_buttons(700)
    assert plural("fr", "achievements_count", 7, page=2, pages=2) in plain(page.text)
    assert "BP-2026-0006" in page.text and "BP-2026-0007" in page.text
    await h.tap(anne, f"{t('fr', 'btn_follow')} BP-2026-0007")  # the page stays where it is
    _, page = h.last_with_buttons(700)
    assert f"{t('fr', 'btn_unfollow')} BP-2026-0007" in [c.label for r in page.keyboard
                                                          for c in r]
    await h.tap(anne, "ℹ️ BP-2026-0007")
    assert h.last_text(700).endswith(t("fr", "achievements_no_news"))
    await h.db.close()


async def test_my_data_lists_the_projects_followed_and_forget_stops_the_news(
        published: Harness) -> None:
    h = published
    luc = h.citizen(user_id=FOLLOWER)
    await h.say(luc, "/realisations")
    await h.tap(luc, f"{t('fr', 'btn_follow')} BP-2026-0002")
    replies = await h.say(luc, "/mesdonnees")
    assert t("fr", "data_following", references="BP-2026-0002") in replies[-1].text
    await h.say(luc, "/oublier")
    await h.tap(luc, t("fr", "btn_forget_yes"))
    before = len(h.texts(FOLLOWER))
    said = await record(h, h.staff(), reference="BP-2026-0002")
    assert "Personnes prévenues : 1" in said[-1]  # the proposer only
    assert len(h.texts(FOLLOWER)) == before


async def test_staff_text_is_escaped_once_wherever_it_shows(published: Harness) -> None:
    h = published
    note = "Travaux <urgents> & rapides"
    await record(h, h.staff(), note=note)
    assert "« Travaux &lt;urgents&gt; &amp; rapides »" in h.last_text(PROPOSER)
    replies = await h.say(h.staff(), "/suivi BP-2026-0001")
    last = t("fr", "progress_last", stage=t("fr", "progress_stage_works"), percent=60,
             day=day_text(h.now.date(), "fr"), who="Paul", note=note)
    assert replies[-1].text == t("fr", "progress_ask_stage", reference="BP-2026-0001",
                                 title="Projet 1", last=Safe(last))
    listing = await h.say(h.citizen(user_id=700), "/realisations")
    assert "« Travaux &lt;urgents&gt; &amp; rapides »" in listing[-1].text
