"""A campaign database filled through the storage API: proposals, ballots, paper totals."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from flows.domain.campaign import PARIS
from flows.domain.model import ProposalFields, ProposalStatus
from storage.db import Database

AT = datetime(2027, 3, 1, 12, tzinfo=PARIS)

# (title, commune INSEE, theme, cost, status)
PROJECTS = [
    ("Abri vélo; au collège", "32013", "ecologie", "45000", ProposalStatus.ADMISSIBLE),
    ("Jardin partagé", "32002", "ecologie", "30000", ProposalStatus.ADMISSIBLE),
    ("Tiers-lieu numérique", "32001", "numerique", "25000.50", ProposalStatus.ADMISSIBLE),
    ("Aire de jeux", "32013", "societe", "20000", ProposalStatus.ADMISSIBLE),
    ("Projet refusé", "32013", "societe", "1000", ProposalStatus.INADMISSIBLE),
]


# The campaign the rows are written for: the Gers example's (the tests' campaigns keep its id).
GERS_ID = "gers-bpg4"


async def fill(path: Path, online: list[list[int]], paper: list[list[int]],
               totals: dict[int, int]) -> list[int]:
    """Create the projects and votes; ids in ``online``/``paper``/``totals`` are 1-based
    positions in ``PROJECTS``. Returns the proposal ids."""
    db = await Database.open(path)
    try:
        async with db.transaction() as unscoped:
            uow = unscoped.in_campaign(GERS_ID)
            ids: list[int] = []
            for title, commune, theme, cost, status in PROJECTS:
                fields = ProposalFields(title=title, commune=commune, theme=theme,
                                        cost=Decimal(cost))
                proposal = await uow.proposals.create(7, 7, "fr", fields, "BP", 2026, AT)
                await uow.proposals.set_status(proposal.id, status, None, None, "staff", AT)
                ids.append(proposal.id)
            for channel, ballots in (("online", online), ("paper", paper)):
                for ballot in ballots:
                    await uow.voting.add_ballot("2027-04-02", channel,
                                                [ids[i - 1] for i in ballot])
            for position, votes in totals.items():
                await uow.voting.set_paper_total("marché d'Auch", ids[position - 1], votes,
                                                 "staff", "2027-04-10")
    finally:
        await db.close()
    return ids


# The Gers example's shape (see test_gers_example): youth projects, canton tops, cost bands.
# (commune INSEE, theme, cost, votes)
AUCH, ANSAN, AIGNAN, LECTOURE = "32013", "32002", "32001", "32208"
GERS = [
    (AUCH, "jeunesse", 20_000, 50), (ANSAN, "jeunesse", 30_000, 60),
    (AUCH, "jeunesse", 9_000, 5), (AUCH, "ecologie", 45_000, 100),
    (AUCH, "ecologie", 4_000, 90), (AIGNAN, "societe", 3_000, 10),
    (AIGNAN, "societe", 1_000, 0), (LECTOURE, "numerique", 12_000, 7),
    *((AUCH, "ecologie", 20_000, 45 - i) for i in range(1, 41)),
    *((ANSAN, "solidarite", 50_000, 30 - i) for i in range(1, 7)),
]


async def fill_gers(path: Path) -> list[int]:
    """The projects of ``GERS``, admissible, each with its votes: some as three-project
    ballots, the rest as one-project paper ballots, and a box total for the first one."""
    db = await Database.open(path)
    try:
        async with db.transaction() as unscoped:
            uow = unscoped.in_campaign(GERS_ID)
            ids: list[int] = []
            for n, (commune, theme, cost, _) in enumerate(GERS, start=1):
                fields = ProposalFields(title=f"Projet {n}", commune=commune, theme=theme,
                                        cost=Decimal(cost))
                proposal = await uow.proposals.create(7, 7, "fr", fields, "BP", 2026, AT)
                await uow.proposals.set_status(proposal.id, ProposalStatus.ADMISSIBLE, None,
                                               None, "staff", AT)
                ids.append(proposal.id)
            left = {pid: votes for pid, (_, _, _, votes) in zip(ids, GERS, strict=True)}
            left[ids[0]] -= 10
            await uow.voting.set_paper_total("Mairie de Mirande", ids[0], 10, "staff",
                                             "2027-04-10")
            while sum(1 for v in left.values() if v > 0) >= 3:
                trio = sorted(left, key=lambda pid: -left[pid])[:3]
                await uow.voting.add_ballot("2027-04-02", "online", trio)
                for pid in trio:
                    left[pid] -= 1
            for pid, votes in left.items():
                for _ in range(votes):
                    await uow.voting.add_ballot("2027-04-02", "paper", [pid])
    finally:
        await db.close()
    return ids
