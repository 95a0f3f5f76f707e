"""The running bot's periodic maintenance: what Telegram can no longer redeliver goes."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from bot.maintenance import maintain
from flows.events import Text
from flows.i18n import t
from flows.replies import Message
from tests.flows.harness import Harness


def rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as db:
        count: int = db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    return count


async def proposal_started(tmp_path: Path) -> Harness:
    h = await Harness.open(tmp_path / "m.sqlite3")
    marie = h.citizen()
    await h.say(marie, "/proposer")
    await h.act(marie, Text("Jardin partagé"), update_id=7)
    async with h.transaction() as uow:  # a message Telegram refused for good
        await uow.outbox.put(Message(marie.chat_id, "Au revoir"))
    async with h.transaction() as uow:
        ((outbox_id, _, _),) = await uow.outbox.pending(0)
        await uow.outbox.mark_failed(outbox_id, "Forbidden: bot was blocked by the user")
    return h


async def test_maintenance_forgets_update_ids_past_redelivery_and_finished_outbox_rows(
        tmp_path: Path) -> None:
    h = await proposal_started(tmp_path)
    assert h.db_path is not None
    assert rows(h.db_path, "processed_updates") == 2 and rows(h.db_path, "outbox") == 1
    done = await maintain(h.db, h.now + timedelta(days=2))
    assert done is not None and (done.update_ids, done.outbox_rows) == (2, 1)
    assert rows(h.db_path, "processed_updates") == 0 and rows(h.db_path, "outbox") == 0
    await h.db.close()


async def test_a_repeated_update_within_telegrams_redelivery_window_is_still_refused(
        tmp_path: Path) -> None:
    h = await proposal_started(tmp_path)
    assert await maintain(h.db, h.now + timedelta(hours=23)) is not None
    again = await h.act(h.citizen(), Text("Jardin partagé"), update_id=7)
    assert again == []  # the title was not taken a second time: no new question
    # The dialogue is where the first delivery left it: the description comes next.
    told = await h.act(h.citizen(), Text("Des bacs de jardinage pour tout le quartier."))
    assert [m.text for m in told] == [t("fr", "ask_theme")]
    await h.db.close()


async def test_maintenance_runs_at_most_once_an_hour(tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "h.sqlite3")
    assert await maintain(h.db, h.now) is not None
    assert await maintain(h.db, h.now + timedelta(minutes=59)) is None
    assert await maintain(h.db, h.now + timedelta(minutes=61)) is not None
    await h.db.close()
