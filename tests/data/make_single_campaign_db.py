"""Writes tests/data/single_campaign_v7.sqlite: a database of the single-campaign version
(schema 7), made by that version's own code paths. Run it from a checkout of that version
(commit ec2c1f2), e.g. `git archive ec2c1f2 | tar -x -C /tmp/old`, then from /tmp/old:
`python /path/to/this/file OUT`. tests/storage/test_campaign_migration.py opens a copy."""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from pathlib import Path

from tests.flows.harness import Harness
from tests.flows.test_progress import publish, record
from tests.flows.test_publishing import cast
from tests.flows.test_voting import IN_VOTE, add_projects


async def main(out: Path) -> None:
    h = await Harness.open(out, now=IN_VOTE)
    await add_projects(h, 4, cost="20000")  # BP-2026-0001 to 0004, by users 9000 to 9003
    await cast(h, 501, 1, 1, 2, 3)  # voters 501 and 502: projects 1 to 3 win, 4 loses
    await cast(h, 502, 2, 1, 2, 3)
    await h.tap(h.citizen(user_id=502), "Me prévenir des résultats")
    h.now += timedelta(days=40)
    await publish(h)
    await record(h, h.staff(), stage="progress_stage_done", note="Inauguré le 3 mai.")
    await h.db.close()  # the last connection: the -wal is folded into the file


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
