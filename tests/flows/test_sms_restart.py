"""A code cut off by a crash between the commit and the gateway: told at restart, at no cost."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.effects import resolve_interrupted_sms
from flows.dialogues.engine import process
from flows.events import Incoming, Sender, Text
from flows.i18n import t
from tests.flows.harness import Harness
from tests.flows.test_voting import IN_VOTE, MOBILE, add_projects, to_phone_step


async def crash_while_sending(h: Harness, voter: Sender, number: str) -> None:
    """The update that asks for a code commits, then the process dies: no gateway call."""
    async with h.transaction() as uow:
        await process(h.deps, uow, Incoming(next(h.update_ids), voter, Text(number), h.now))


async def statuses(h: Harness) -> dict[str, int]:
    async with h.transaction() as uow:
        return await uow.sms.status_counts()


async def restart(h: Harness) -> Harness:
    again = await h.restarted()
    await resolve_interrupted_sms(again.db, again.deps, lambda: again.now)
    await again.outbox.drain()
    return again


async def test_a_code_lost_in_a_crash_is_failed_and_the_voter_may_ask_again_at_once(
    tmp_path: Path,
) -> None:
    h = await Harness.open(tmp_path / "r.sqlite3", now=IN_VOTE)
    await add_projects(h, 4)
    marie = h.citizen(language="en")
    await to_phone_step(h, marie)
    await crash_while_sending(h, marie, "06 12 34 56 78")
    assert await statuses(h) == {"sending": 1}
    h.now += timedelta(seconds=5)
    h = await restart(h)
    told = h.texts(marie.chat_id)[-3:]
    assert told[0] == t("en", "sms_lost")
    assert told[1] == t("en", "vote_ask_phone")
    assert h.recorder.log[-1][1].request_contact == t("en", "btn_share_phone")
    assert await statuses(h) == {"failed": 1}

    replies = await h.say(marie, "06 12 34 56 78")  # within the cooldown of the lost one
    assert replies[-1].text.startswith(t("en", "vote_ask_code", masked="", minutes=10)[:20])
    assert len(h.sms.received[MOBILE]) == 1
    await h.db.close()


async def test_a_second_restart_tells_the_voter_nothing_more(tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "r.sqlite3", now=IN_VOTE)
    await add_projects(h, 4)
    marie = h.citizen()
    await to_phone_step(h, marie)
    await crash_while_sending(h, marie, "0612345678")
    h = await restart(h)
    seen = len(h.texts(marie.chat_id))
    h = await restart(h)
    assert len(h.texts(marie.chat_id)) == seen
    await h.db.close()


async def test_a_lost_code_already_replaced_by_a_newer_one_is_failed_silently(
    tmp_path: Path,
) -> None:
    h = await Harness.open(tmp_path / "r.sqlite3", now=IN_VOTE)
    await add_projects(h, 4)
    marie = h.citizen()
    await to_phone_step(h, marie)
    await crash_while_sending(h, marie, "0612345678")
    # Another process (a second bot on the same file) took her next request meanwhile.
    h.now += timedelta(minutes=2)
    async with h.transaction() as uow:
        await uow.sessions.save(marie.chat_id, marie.user_id,
                                (await uow.sessions.load(marie.chat_id, marie.user_id)).model_copy(
                                    update={"step": "phone"}), h.now)
    await h.say(marie, "0612345678")
    code = h.sms.last_code(MOBILE)
    seen = len(h.texts(marie.chat_id))
    h = await restart(h)
    assert len(h.texts(marie.chat_id)) == seen
    assert await statuses(h) == {"failed": 1, "sent": 1}
    replies = await h.say(marie, code)  # the newer code still works
    assert replies[0].text == t("fr", "vote_verified")
    await h.db.close()


async def test_a_voter_who_left_the_vote_meanwhile_is_offered_the_vote_button(
    tmp_path: Path,
) -> None:
    h = await Harness.open(tmp_path / "r.sqlite3", now=IN_VOTE)
    await add_projects(h, 4)
    marie = h.citizen()
    await to_phone_step(h, marie)
    await crash_while_sending(h, marie, "0612345678")
    await h.say(marie, "/annuler")
    h = await restart(h)
    assert h.texts(marie.chat_id)[-2:] == [t("fr", "sms_lost"), t("fr", "sms_lost_next")]
    replies = await h.tap(marie, t("fr", "btn_vote"))
    assert replies[0].text.startswith(t("fr", "vote_privacy", contact="", retention=60)[:30])
    await h.db.close()
