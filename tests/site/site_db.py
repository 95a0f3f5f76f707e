"""A finished Gers campaign in a real database: the projects of the allocation tests' Gers
example, a few told in full (description, photo, the proposer's details that must stay
private), verified voters online, paper ballots and a ballot-box total."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from flows.dialogues.publishing import PUBLISHED_KEY
from flows.domain.model import ProposalFields, ProposalStatus
from storage.db import Database
from storage.unit_of_work import SqliteUnitOfWork
from tests.allocation.votes_db import AT, GERS, GERS_ID

PUBLISHED_AT = "2027-05-02T10:30:00+02:00"
PROPOSER_NAME = "Jeanne Privée-Dupont"
PROPOSER_USERNAME = "jeanne_secret_42"
PROPOSER_ID = 987_654_321
REFUSED_TITLE = "Piscine privée refusée"
# (position in GERS, title, description): told in full, as a proposer would.
TOLD = {
    1: ("Skatepark du lycée <script>alert(1)</script>",
        "Un skatepark pour les jeunes d'Auch.\nEncadré par le club & la mairie."),
    4: ("Forêt comestible à Auch", "Des arbres fruitiers en libre cueillette."),
    5: ("Nichoirs pour martinets", "Vingt nichoirs posés sur l'école."),
}


@dataclass
class Campaign:
    ids: list[int] = field(default_factory=list)
    photos: dict[int, str] = field(default_factory=dict)  # proposal id → Telegram file_id
    refused: int = 0
    voters: int = 0
    paper: int = 0  # paper ballots entered one by one, blank and void included


async def fill(path: Path, photos: dict[int, str], published: bool = True) -> Campaign:
    """The projects and votes; ``photos`` maps GERS positions to Telegram file_ids."""
    out = Campaign()
    db = await Database.open(path)
    try:
        async with db.transaction() as unscoped:
            uow = unscoped.in_campaign(GERS_ID)
            for n, (commune, theme, cost, _) in enumerate(GERS, start=1):
                title, description = TOLD.get(n, (f"Projet {n}", None))
                fields = ProposalFields(
                    title=title, description=description, commune=commune, theme=theme,
                    cost=Decimal(cost), photo=photos.get(n), proposer_name=PROPOSER_NAME,
                    account_username=PROPOSER_USERNAME, proposer_commune=commune)
                proposal = await uow.proposals.create(PROPOSER_ID, PROPOSER_ID, "fr", fields,
                                                      "BP", 2026, AT)
                await uow.proposals.set_status(proposal.id, ProposalStatus.ADMISSIBLE, None,
                                               None, "staff", AT)
                out.ids.append(proposal.id)
                if n in photos:
                    out.photos[proposal.id] = photos[n]
            refused = await uow.proposals.create(
                PROPOSER_ID, PROPOSER_ID, "fr",
                ProposalFields(title=REFUSED_TITLE, commune=GERS[0][0], theme="societe",
                               cost=Decimal(900)), "BP", 2026, AT)
            await uow.proposals.set_status(refused.id, ProposalStatus.INADMISSIBLE, "hors cadre",
                                           None, "staff", AT)
            out.refused = refused.id
            out.voters, out.paper = await _votes(uow, out.ids)
            if published:
                await uow.settings.put(PUBLISHED_KEY, PUBLISHED_AT)
    finally:
        await db.close()
    return out


async def _votes(uow: SqliteUnitOfWork, ids: list[int]) -> tuple[int, int]:
    """Three-project ballots cast online by verified voters, the rest on paper, a box total.
    Returns how many voted online and how many paper ballots were entered."""
    voting = uow.voting
    left = {pid: votes for pid, (_, _, _, votes) in zip(ids, GERS, strict=True)}
    left[ids[0]] -= 10
    await voting.set_paper_total("Mairie de Mirande", ids[0], 10, "staff", "2027-04-10")
    voter = 0
    while sum(1 for v in left.values() if v > 0) >= 3:
        trio = sorted(left, key=lambda pid: -left[pid])[:3]
        voter += 1
        await voting.cast(f"phone-{voter}", f"account-{voter}", "2027-04-02", None, None, trio)
        for pid in trio:
            left[pid] -= 1
    paper = 0
    for pid, votes in left.items():
        for _ in range(votes):
            await voting.add_ballot("2027-04-02", "paper", [pid])
            paper += 1
    for channel in ("paper_blank", "paper_blank", "paper_void"):
        await voting.add_ballot("2027-04-02", channel, [])
    return voter, paper + 3
