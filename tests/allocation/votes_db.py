"""A campaign database filled through the storage API: proposals, ballots, paper totals."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from flows.campaign import PARIS
from flows.model import ProposalFields, ProposalStatus
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


async def fill(path: Path, online: list[list[int]], paper: list[list[int]],
               totals: dict[int, int]) -> list[int]:
    """Create the projects and votes; ids in ``online``/``paper``/``totals`` are 1-based
    positions in ``PROJECTS``. Returns the proposal ids."""
    db = await Database.open(path)
    try:
        async with db.transaction() as uow:
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
