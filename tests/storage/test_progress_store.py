"""Winners' progress in SQLite: a correction replaces the latest entry only while it is."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flows.domain.progress import NewProgress, parse_percent
from storage.db import Database

AT = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)


def news(percent: int, proposal_id: int = 1) -> NewProgress:
    return NewProgress(proposal_id, "works", percent, "Le chantier avance.", None, "Paul")


async def test_a_correction_replaces_the_latest_entry_and_keeps_it_for_the_record(
        tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "progress.sqlite3")
    async with db.transaction() as uow:
        first = await uow.progress.add(news(20), AT)
        second = await uow.progress.add(news(60), AT)
        await uow.progress.add(news(10, proposal_id=2), AT)
        assert await uow.progress.correct(first.id, news(25), AT) is None  # not the latest
        fixed = await uow.progress.correct(second.id, news(50), AT)
        assert fixed is not None and fixed.replaces == second.id
        assert await uow.progress.correct(second.id, news(55), AT) is None  # already replaced
        assert [e.percent for e in await uow.progress.history(1)] == [20, 50]
        latest = await uow.progress.latest()
        assert {k: v.percent for k, v in latest.items()} == {1: 50, 2: 10}
        assert (await uow.progress.last(1)) == fixed
    await db.close()
    reopened = await Database.open(tmp_path / "progress.sqlite3")
    async with reopened.transaction() as uow:
        assert [e.percent for e in await uow.progress.history(1)] == [20, 50]
    await reopened.close()


def test_percentages_are_read_as_people_type_them() -> None:
    assert [parse_percent(s) for s in ("40", "40 %", "40%", " 100 ", "0", "40,0")] == [
        40, 40, 40, 100, 0, 40]
    assert [parse_percent(s) for s in ("101", "-5", "quarante", "", "4 0", "40.5")] == [
        None] * 6
