"""SMS ballots count like the others: turnout by channel for staff, none marked in open data."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from bot.campaign_files import open_campaign
from bot.export import export_campaign
from bot.resident import resident_communes
from flows.domain.turnout import read_turnout, turnout_text
from flows.i18n import t
from storage.db import Database
from tests.e2e.botproc import GERS_ID, campaign_file
from tests.e2e.test_vote_e2e import seed_projects


async def cast_ballots(db_path: Path) -> None:
    await seed_projects(db_path, 4)
    db = await Database.open(db_path)
    day = datetime.now(UTC).date().isoformat()
    async with db.transaction() as unscoped:
        uow = unscoped.in_campaign(GERS_ID)
        await uow.voting.cast("p1", "a1", day, None, None, [1, 2, 3], "sms")
        await uow.voting.cast("p2", "a2", day, None, None, [2, 3, 4], "online")
        await uow.voting.cast("p3", "a3", day, None, None, [1, 3, 4], "online")
    await db.close()


def test_staff_turnout_says_how_many_voted_by_sms(tmp_path: Path) -> None:
    async def main() -> str:
        await cast_ballots(tmp_path / "v.db")
        db = await Database.open(tmp_path / "v.db")
        async with db.reading() as unscoped:
            uow = unscoped.in_campaign(GERS_ID)
            turnout = await read_turnout(uow)
        await db.close()
        return turnout_text(lambda key, **v: t("fr", key, **v), "fr", turnout)

    text = asyncio.run(main())

    assert text.startswith("🗳 Participation : <b>3</b> votants en ligne (dont 1 par SMS) ;")


def test_open_data_counts_sms_ballots_and_marks_no_channel(tmp_path: Path) -> None:
    asyncio.run(cast_ballots(tmp_path / "v.db"))
    source = open_campaign(campaign_file(tmp_path, -100, phase="results"))

    pb, csv = asyncio.run(export_campaign(tmp_path / "v.db", source, resident_communes(),
                                          tmp_path))

    ballots = pb.read_text().split("VOTES")[1]
    assert "sms" not in ballots.lower() and "online" not in ballots.lower()
    assert sorted(line.split(";")[1] for line in ballots.strip().splitlines()[1:]) == \
        ["1,2,3", "1,3,4", "2,3,4"]
    header, *lines = csv.read_text().splitlines()
    rows = {row["project_id"]: row for row in (dict(zip(header.split(";"), line.split(";"),
                                                        strict=True)) for line in lines)}
    # The voters' own ballots, on Telegram or by SMS, against paper ones.
    assert (rows["1"]["votes_online"], rows["1"]["votes_paper"]) == ("2", "0")
    assert (rows["3"]["votes_online"], rows["3"]["votes_paper"]) == ("3", "0")
