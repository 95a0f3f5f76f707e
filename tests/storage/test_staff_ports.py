"""The staff side's check-then-act ports hold across racing connections with no process lock:
one decision per proposal, each notice claimed by one notifier."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flows.domain.model import ProposalFields, ProposalStatus
from flows.domain.notices import PROPOSAL_DECIDED, Notice
from storage.notices import SqliteNotices
from storage.proposals import SqliteProposals
from tests.storage.racers import RACERS, connections

AT = datetime(2027, 2, 3, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))



async def test_racing_decisions_on_one_proposal_leave_exactly_one(tmp_path: Path) -> None:
    async with connections(tmp_path) as conns:
        proposals = [SqliteProposals(c) for c in conns]
        made = await proposals[0].create(501, 501, "fr", ProposalFields(title="Abri"), "BP",
                                         2026, AT)
        statuses = (ProposalStatus.ADMISSIBLE, ProposalStatus.INADMISSIBLE)
        won = await asyncio.gather(*(
            proposals[n % RACERS].change_status(made.id, ProposalStatus.SUBMITTED,
                                                statuses[n % 2], None, None, f"staff{n}", AT)
            for n in range(8)))
        assert sum(won) == 1
        stored = await proposals[0].get(made.id)
        assert stored is not None and stored.decided_by == f"staff{won.index(True)}"
        assert stored.status == statuses[won.index(True) % 2]


async def test_racing_notifiers_each_claim_a_notice_once(tmp_path: Path) -> None:
    async with connections(tmp_path) as conns:
        notices = [SqliteNotices(c) for c in conns]
        for n in range(30):
            await notices[0].record(Notice(PROPOSAL_DECIDED, AT, {"proposal_id": n}))
        claimed = await asyncio.gather(*(notices[n % RACERS].claim(4) for n in range(12)))
        ids = [notice.data["proposal_id"] for batch in claimed for notice in batch]
        assert sorted(ids) == list(range(30))
        assert all(batch == sorted(batch, key=lambda n: n.id) for batch in claimed)
