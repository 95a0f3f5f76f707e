"""The open-data export: a .pb file that recounts to the campaign's winners, and a CSV."""

from __future__ import annotations

import csv
import importlib
import json
from pathlib import Path

import pytest

from bot.campaign_files import CampaignSource
from bot.export import CSV_COLUMNS, export_campaign
from bot.tally_cli import run_tally
from flows.domain.campaign import Campaign, load_campaign
from flows.domain.communes import load_communes
from flows.domain.staged_rule import tally_any
from flows.domain.tally import load_pb, tally
from flows.services.results import compute_allocation
from storage.db import Database

from .votes_db import GERS_ID, fill, fill_gers

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ONLINE = [[1, 2, 3], [1, 2, 4], [2, 3, 4], [1, 3, 4], [2, 4, 1], [3, 1, 2], [4, 2, 3]]


def _aude_like(total: int) -> Campaign:
    # The Gers communes with a plain greedy count, as in the Aude example file.
    data = load_campaign(EXAMPLES / "gers.toml").model_dump()
    data["budget"] = {"total": total}
    data["projects"]["max_cost"] = total
    data["results"] = load_campaign(EXAMPLES / "aude.toml").results.model_dump()
    return Campaign.model_validate(data)


async def _export(tmp_path: Path, campaign: Campaign) -> tuple[Path, Path, list[int]]:
    db_path = tmp_path / "bp.sqlite3"
    ids = await fill(db_path, online=ONLINE, paper=[[3, 4]], totals={4: 2, 5: 3})
    source = CampaignSource(campaign, tmp_path / "campaign.toml", tmp_path)
    pb, projects_csv = await export_campaign(db_path, source, load_communes(),
                                             tmp_path / "open-data")
    return pb, projects_csv, ids


async def _own_winners(tmp_path: Path, campaign: Campaign,
                       db_path: Path | None = None) -> list[str]:
    db = await Database.open(db_path or tmp_path / "bp.sqlite3")
    try:
        async with db.transaction() as unscoped:
            uow = unscoped.in_campaign(GERS_ID)
            allocation = await compute_allocation(uow, campaign, load_communes(), tmp_path)
    finally:
        await db.close()
    return [str(r.candidate.id) for r in allocation.winners()]


async def test_tally_of_the_pb_file_finds_the_campaign_s_winners(tmp_path: Path) -> None:
    campaign = _aude_like(80_000)
    pb, _, ids = await _export(tmp_path, campaign)
    assert pb.name == "gers-bpg4.pb"
    election = load_pb(pb)
    outcome = tally(election, "auto")
    own = await _own_winners(tmp_path, campaign)
    assert outcome.rule == "greedy"
    assert sorted(outcome.selected) == sorted(own)
    assert sorted(own) == sorted(str(i) for i in ids[1:4])
    # The refused project is not on the ballot.
    assert sorted(election.projects) == sorted(str(i) for i in ids[:4])
    assert election.meta["unit"] == "Gers" and election.meta["currency"] == "EUR"
    assert {pid: p.extra["selected"] for pid, p in election.projects.items()} == {
        str(i): str(int(str(i) in own)) for i in ids[:4]}


async def test_pb_votes_merge_online_paper_ballots_and_box_totals(tmp_path: Path) -> None:
    pb, _, ids = await _export(tmp_path, _aude_like(80_000))
    election = load_pb(pb)
    scores = election.scores()
    # Project 4: five online ballots, one paper ballot, and a box total of 2.
    assert scores[str(ids[3])] == 5 + 1 + 2
    assert len(election.ballots) == len(ONLINE) + 1 + 2
    assert "single-project ballot" in election.meta["comment"]


async def test_pb_voter_ids_follow_ballot_content_not_voting_order(tmp_path: Path) -> None:
    pb, _, _ = await _export(tmp_path, _aude_like(80_000))
    lines = pb.read_text(encoding="utf-8").split("VOTES\n", 1)[1].splitlines()[1:]
    ballots = [line.split(";", 1)[1] for line in lines]
    assert ballots == sorted(ballots)
    assert [line.split(";", 1)[0] for line in lines] == [str(i) for i in range(1, len(lines) + 1)]


async def _gers_export(tmp_path: Path) -> tuple[Path, list[str]]:
    """The Gers example campaign's staged count of a realistic vote, exported; its winners."""
    campaign = load_campaign(EXAMPLES / "gers.toml")
    db_path = tmp_path / "gers.sqlite3"
    await fill_gers(db_path)
    source = CampaignSource(campaign, EXAMPLES / "gers.toml", EXAMPLES)
    pb, _ = await export_campaign(db_path, source, load_communes(), tmp_path / "open-data")
    return pb, await _own_winners(tmp_path, campaign, db_path)


async def test_tally_recounts_the_gers_staged_rule_from_the_exported_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pb, own = await _gers_export(tmp_path)
    assert run_tally(str(pb), "auto", as_json=True) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["rule"] == "budgetbot-stages"
    assert printed["selected"] == own
    assert len(own) > 6  # youth, canton tops, three cost bands and what is left


async def test_the_exported_file_names_the_stages_threshold_and_envelopes(
        tmp_path: Path) -> None:
    pb, own = await _gers_export(tmp_path)
    meta = load_pb(pb).meta
    assert meta["rule"] == "budgetbot-stages"
    assert meta["min_project_score_threshold"] == "1"
    assert meta["envelopes"] == "jeunes:100000,p0-5k:150000,p5-20k:450000,p20-50k:300000"
    assert meta["stages"] == "6"
    assert meta["stage_1"] == ("greedy cost_up_to=25000 envelope=jeunes categories=jeunesse "
                               "rollover=next")
    assert meta["stage_2"] == ("top_per_territory charge_to=p0-5k@..5000,"
                               "p5-20k@5000..20000,p20-50k@20000..")
    # Plain greedy over the same ballots is another count: the rule in the file matters.
    assert tally(load_pb(pb), "greedy").selected != own


async def test_per_territory_envelopes_recount_from_the_file(tmp_path: Path) -> None:
    data = load_campaign(EXAMPLES / "gers.toml").model_dump()
    data["results"] = {"stages": [{"kind": "per_territory", "amount_each": 50_000},
                                  {"kind": "greedy"}]}
    campaign = Campaign.model_validate(data)
    pb, _, _ = await _export(tmp_path, campaign)
    election = load_pb(pb)
    assert {p.extra["territory"] for p in election.projects.values()} == {"32001", "32004", "32005"}
    assert tally_any(election).selected == await _own_winners(tmp_path, campaign)


async def test_a_damaged_stage_in_the_file_is_named_not_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pb, _ = await _gers_export(tmp_path)
    text = pb.read_text(encoding="utf-8").replace("stage_2;top_per_territory",
                                                  "stage_2;lottery")
    pb.write_text(text, encoding="utf-8")
    assert run_tally(str(pb)) == 2
    error = capsys.readouterr().err
    assert "budgetbot-stages: cannot read the stages in META" in error and "lottery" in error


async def test_projects_csv_lists_votes_by_channel_and_the_result(tmp_path: Path) -> None:
    campaign = _aude_like(80_000)
    _, projects_csv, ids = await _export(tmp_path, campaign)
    with projects_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert tuple(rows[0]) == CSV_COLUMNS
    by_id = {int(r["project_id"]): r for r in rows}
    assert set(by_id) == set(ids[:4])
    first = by_id[ids[0]]
    assert (first["title"], first["commune"], first["territory"]) == (
        "Abri vélo; au collège", "Auch", "Auch-1")
    fourth = by_id[ids[3]]
    assert (fourth["votes_online"], fourth["votes_paper"], fourth["votes_total"]) == (
        "5", "3", "8")
    assert by_id[ids[2]]["cost"] == "25000.5"
    won = {int(r["project_id"]) for r in rows if r["won"] == "1"}
    assert {str(i) for i in won} == set(await _own_winners(tmp_path, campaign))
    assert all(r["reason"] and "↳" not in r["reason"] and "&" not in r["reason"]
               for r in rows)


async def test_pabutools_reads_the_exported_file(tmp_path: Path) -> None:
    try:
        election = importlib.import_module("pabutools.election")
    except ImportError:
        pytest.skip("pabutools is not installed")
    campaign = _aude_like(80_000)
    pb, _, _ = await _export(tmp_path, campaign)
    instance, profile = election.parse_pabulib(str(pb))
    assert len(instance) == 4
    assert len(profile) == len(ONLINE) + 1 + 2
    rules = importlib.import_module("pabutools.rules")
    chosen = rules.greedy_utilitarian_welfare(instance, profile, sat_class=election.Cost_Sat)
    assert sorted(p.name for p in chosen) == sorted(await _own_winners(tmp_path, campaign))
