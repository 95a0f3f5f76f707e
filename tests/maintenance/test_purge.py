"""`budgetbot purge` and `budgetbot export` on a database that went through a vote."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from bot.maintenance import purge
from flows.dialogues.publishing import PUBLISHED_KEY
from flows.domain.tally import load_pb, tally
from tests.flows.harness import EXAMPLES, Harness
from tests.flows.test_voting import IN_VOTE, add_projects, tick, verify

ROOT = Path(__file__).resolve().parents[2]


async def voted(tmp_path: Path) -> Harness:
    h = await Harness.open(tmp_path / "p.sqlite3", now=IN_VOTE)
    await add_projects(h, 4)
    marie = h.citizen()
    await verify(h, marie)
    await tick(h, marie, 1, 2, 3)
    await h.tap(marie, "Valider mon choix")
    await h.tap(marie, "Confirmer mon vote")
    return h


async def test_purge_keeps_the_voter_list_until_the_retention_period_ends(tmp_path: Path) -> None:
    h = await voted(tmp_path)
    async with h.transaction() as uow:
        await uow.settings.put(PUBLISHED_KEY, h.now.isoformat())
    await h.db.close()
    assert h.db_path is not None
    early = await purge(h.db_path, h.campaign, h.now + timedelta(days=10))
    assert early.voters == 0 and "kept until" in early.lines()[-1]
    late = await purge(h.db_path, h.campaign, h.now + timedelta(days=61))
    assert late.voters == 1 and late.sms_log == 1
    h2 = await Harness.open(h.db_path, now=IN_VOTE)
    async with h2.transaction() as uow:
        counts = await uow.voting.counts()
        assert counts["voters"] == 0 and counts["kept_voters"] == 1
        assert len(await uow.voting.ballots()) == 1  # the ballots stay: they are anonymous
        assert sum((await uow.voting.turnout("canton")).values()) == 1
    await h2.db.close()


async def test_purge_deletes_expired_codes_at_once(tmp_path: Path) -> None:
    h = await Harness.open(tmp_path / "c.sqlite3", now=IN_VOTE)
    await add_projects(h, 3)
    marie = h.citizen()
    await h.say(marie, "/voter")
    await h.tap(marie, "Je le déclare")
    await h.say(marie, "Auch")
    await h.say(marie, "0612345678")
    await h.db.close()
    assert h.db_path is not None
    report = await purge(h.db_path, h.campaign, h.now + timedelta(minutes=11))
    assert report.challenges == 1 and report.voter_list_due is None


async def test_export_writes_a_pb_file_that_tally_recounts(tmp_path: Path) -> None:
    h = await voted(tmp_path)
    await h.db.close()
    out = tmp_path / "open-data"
    run = subprocess.run(
        [sys.executable, "-m", "bot", "export", "--campaign", str(EXAMPLES / "gers.toml"),
         "--db", str(h.db_path), "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
        check=False)
    assert run.returncode == 0, run.stderr
    election = load_pb(out / "gers-bpg4.pb")
    assert len(election.ballots) == 1
    assert set(tally(election, "greedy").selected) >= {"1", "2", "3"}
    assert "BP-2026-0001" in (out / "gers-bpg4-projects.csv").read_text()
