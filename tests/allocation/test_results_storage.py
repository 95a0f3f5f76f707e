"""Results read from the database: the ballot is the admissible proposals, all votes count."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from flows.domain.campaign import Campaign, load_campaign
from flows.domain.communes import load_communes
from flows.services.results import compute_allocation, read_votes
from storage.db import Database

from .votes_db import GERS_ID, fill

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _small_budget(campaign: Campaign, total: int, **results: object) -> Campaign:
    data = campaign.model_dump()
    data["budget"] = {"total": total}
    data["projects"]["max_cost"] = total
    data["results"] = results or {}
    return Campaign.model_validate(data)


async def test_online_paper_ballots_and_box_totals_count_together(tmp_path: Path) -> None:
    path = tmp_path / "bp.sqlite3"
    ids = await fill(path, online=[[1, 2], [1, 5]], paper=[[2, 3]], totals={2: 2, 5: 9})
    campaign = _small_budget(load_campaign(EXAMPLES / "gers.toml"), 75_000)
    db = await Database.open(path)
    try:
        async with db.transaction() as unscoped:
            uow = unscoped.in_campaign(GERS_ID)
            data = await read_votes(uow, campaign, load_communes(), tmp_path)
            allocation = await compute_allocation(uow, campaign, load_communes(), tmp_path)
    finally:
        await db.close()
    # The refused project is not on the ballot: its votes and box total are ignored.
    assert sorted(data.proposals) == ids[:4]
    votes = {r.candidate.id: r.votes for r in allocation.rows}
    assert votes == {ids[0]: 2, ids[1]: 4, ids[2]: 1, ids[3]: 0}
    assert (data.online_votes()[ids[1]], data.paper_votes()[ids[1]]) == (1, 3)
    # 30 000 (4 votes) then 45 000 (2 votes) fill the 75 000 € budget.
    assert [r.candidate.id for r in allocation.winners()] == [ids[1], ids[0]]
    assert allocation.spent == Decimal(75_000)


async def test_territory_is_the_commune_canton_by_default(tmp_path: Path) -> None:
    path = tmp_path / "bp.sqlite3"
    ids = await fill(path, online=[[1]], paper=[], totals={})
    campaign = load_campaign(EXAMPLES / "gers.toml")
    db = await Database.open(path)
    try:
        async with db.transaction() as unscoped:
            uow = unscoped.in_campaign(GERS_ID)
            data = await read_votes(uow, campaign, load_communes(), tmp_path)
    finally:
        await db.close()
    first = next(c for c in data.candidates if c.id == ids[0])
    assert (first.territory, first.territory_name) == ("32004", "Auch-1")


async def test_a_campaign_csv_replaces_cantons(tmp_path: Path) -> None:
    path = tmp_path / "bp.sqlite3"
    ids = await fill(path, online=[[1], [2], [2], [4]], paper=[], totals={})
    (tmp_path / "pays.csv").write_text("insee;territory\n32013;Pays d'Auch\n32002;Pays d'Auch\n"
                                       "32001;Armagnac\n", encoding="utf-8")
    campaign = _small_budget(load_campaign(EXAMPLES / "gers.toml"), 100_000,
                             territories_csv="pays.csv",
                             stages=[{"kind": "top_per_territory"}])
    db = await Database.open(path)
    try:
        async with db.transaction() as unscoped:
            uow = unscoped.in_campaign(GERS_ID)
            allocation = await compute_allocation(uow, campaign, load_communes(), tmp_path)
    finally:
        await db.close()
    rows = {r.candidate.id: r for r in allocation.rows}
    assert rows[ids[1]].won and rows[ids[1]].candidate.territory_name == "Pays d'Auch"
    # Project 3 tops Armagnac although nobody voted for it (no minimum set).
    assert rows[ids[2]].won
    assert rows[ids[0]].reason.code == "not_top_of_territory"
