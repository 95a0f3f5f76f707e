"""`budgetbot demo` driven by a stdin script: the same dialogues, resumed across restarts."""

from __future__ import annotations

import asyncio
import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.i18n import t
from tests.cli.helpers import (
    ROOT,
    DemoSession,
    budgetbot,
    seed_admissible,
    territories_campaign,
)
from tests.e2e.botproc import campaign_file

STAFF_CHAT = -1001234567890
DESCRIPTION = "Un abri couvert pour dix vélos devant le collège, pour les élèves."
# Numbers tap the buttons of the last message, in the order printed.
TO_PROPOSER_KIND = ["/start", "1", "Abri vélo au collège", DESCRIPTION, "2", "Lectoure",
                    "15000", "1", "1", "2", "1"]
TO_SUMMARY = [*TO_PROPOSER_KIND, "1", "Marie Dupont", "67", "Auch"]


@pytest.fixture
def campaign(tmp_path: Path) -> Path:
    """Gers, with a calendar that puts today in the proposals phase."""
    return campaign_file(tmp_path, STAFF_CHAT)


def demo(campaign: Path, db: Path, *lines: str) -> str:
    done = budgetbot("demo", "--campaign", str(campaign), "--db", str(db),
                     stdin="".join(f"{line}\n" for line in lines))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def test_welcome_first_question_and_a_restart_resumes_at_the_same_step(
        campaign: Path, tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    first = demo(campaign, db, "/start", "1", "Abri vélo au collège")
    assert "Bienvenue sur le Budget participatif gersois" in first
    assert "[1] 💡 Proposer un projet" in first
    assert "1️⃣ Quel est le titre de votre projet ?" in first
    assert "2️⃣ Décrivez votre projet" in first
    assert "\033[" not in first  # no terminal styles when the output is not a terminal
    again = demo(campaign, db, DESCRIPTION)
    assert "Bienvenue" not in again
    assert "3️⃣ Dans quel thème entre votre projet ?" in again
    assert "[2] Écologie et environnement" in again


def test_numbers_that_are_no_button_are_typed_answers(campaign: Path, tmp_path: Path) -> None:
    out = demo(campaign, tmp_path / "d.db", "/proposer", "Abri vélo au collège", DESCRIPTION,
               "2", "32700", "1", "15000")
    assert "[1] Lectoure (32700)" in out
    assert "Commune : Lectoure (32700)" in out
    assert "❓ Question 1/3" in out
    assert "nothing to send" not in out


def test_staff_seat_rules_on_a_submitted_proposal_and_the_proposer_is_told(
        campaign: Path, tmp_path: Path) -> None:
    out = demo(campaign, tmp_path / "d.db", *TO_SUMMARY, "1", "/staff", "1")
    citizen, staff = out.split("(you are now in the staff seat)")
    assert "Votre proposition est enregistrée sous la référence BP-" in citizen
    assert "[staff group] 🆕 Nouvelle proposition BP-" in citizen
    assert "[1] ✅ Recevable" in citizen
    assert "(Décision enregistrée.)" in staff
    assert "[staff group] (edited)" in staff
    assert "✅ recevable — décidé par Agent" in staff
    assert "[bot] ✅ Bonne nouvelle : votre projet BP-" in staff


def test_text_typed_at_the_proposer_kind_step_shows_the_kinds_again(
        campaign: Path, tmp_path: Path) -> None:
    out = demo(campaign, tmp_path / "d.db", *TO_PROPOSER_KIND, "Marie Dupont")
    reminder = out.rsplit("Choisissez une des propositions", 1)[1]
    assert "Particulier" in reminder


@pytest.mark.parametrize(("where", "why"), [
    ("missing/d.db", "unable to open database file"),
    ("notes.txt", "file is not a database"),
])
def test_a_database_that_cannot_be_used_exits_2_saying_why(
        campaign: Path, tmp_path: Path, where: str, why: str) -> None:
    (tmp_path / "notes.txt").write_text("shopping list\n" * 200, encoding="utf-8")
    db = tmp_path / where
    done = budgetbot("demo", "--campaign", str(campaign), "--db", str(db), stdin="/start\n")
    assert done.returncode == 2
    assert done.stderr == f"Cannot use the database {db}: {why}\n"
    assert done.stdout == ""


def test_ctrl_c_leaves_at_once_without_a_traceback(campaign: Path, tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "demo", "--campaign", str(campaign), "--db",
         str(tmp_path / "d.db")], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stderr is not None
        seen, deadline = b"", time.monotonic() + 15
        while b"citizen> " not in seen and time.monotonic() < deadline:
            if select.select([proc.stdout], [], [], 0.2)[0]:
                seen += os.read(proc.stdout.fileno(), 4096)
        assert b"citizen> " in seen
        proc.send_signal(signal.SIGINT)  # stdin stays open: the demo waits for a line
        code = proc.wait(timeout=5)
        out, err = seen + proc.stdout.read(), proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()
    assert code == 0
    assert b"demo left; your place is kept" in out
    assert b"Traceback" not in err


def test_the_demo_key_file_is_ignored_by_git() -> None:
    """The demo writes its phone-hash key next to its database: it must never be committed."""
    for name in ("demo.sqlite3.key", "examples/mine.sqlite3.key"):
        done = subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT, check=False)
        assert done.returncode == 0, f"{name} is not ignored by .gitignore"


def code_sent(output: str) -> str:
    """The verification code the demo's console SMS gateway printed."""
    return re.findall(r"📱 SMS to [^:]+: .*?\b(\d{6})\b", output)[-1]


def voter_verified(demo: DemoSession) -> str:
    """/voter as a citizen of Auch, up to the ballot; the ballot screen."""
    demo.say("/voter")
    demo.tap("Je le déclare")
    demo.say("Auch")
    sent = demo.say(":contact")
    return demo.say(code_sent(sent))


def test_a_vote_on_a_campaign_with_a_territories_csv_run_from_another_folder_is_cast(
        tmp_path: Path) -> None:
    campaign = territories_campaign(tmp_path / "campaign")
    db = tmp_path / "data" / "vote.sqlite3"
    db.parent.mkdir()
    auch, lectoure, _ = asyncio.run(seed_admissible(db))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    relative = os.path.relpath(campaign, elsewhere)  # ../campaign/campaign.toml
    with DemoSession("--campaign", relative, "--db", str(db), cwd=elsewhere) as demo:
        ballot = voter_verified(demo)
        assert f"{t('fr', 'section_territory')} : " in ballot
        picker = demo.tap(t("fr", "btn_filter_territory"))
        assert t("fr", "ballot_pick_territory") in picker
        assert "Pays d'Auch" in picker and "Lomagne" in picker and "Armagnac" in picker
        demo.tap(t("fr", "btn_all"))
        demo.tap(f"n°{auch} ")  # the voter's own territory, from the CSV
        demo.tap(f"n°{lectoure} ")  # another territory: the département section
        demo.tap("Valider mon choix")
        cast = demo.tap("Confirmer mon vote")
        assert "A voté" in cast
        code, err = demo.quit()
    assert code == 0, err
    assert "Traceback" not in err


def test_the_demo_will_not_start_without_the_campaign_s_territories_csv(
        tmp_path: Path) -> None:
    campaign = territories_campaign(tmp_path / "campaign", territories=None)
    done = budgetbot("demo", "--campaign", str(campaign), "--db", str(tmp_path / "d.db"),
                     stdin="/voter\n")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"{campaign}: 1 problem(s) in the campaign file:")
    assert (f"results.territories_csv: {tmp_path / 'campaign' / 'pays.csv'}: cannot read "
            "the file (No such file or directory)") in done.stderr
    assert "database" not in done.stderr


def test_a_territories_csv_gone_while_the_demo_runs_is_not_blamed_on_the_database(
        tmp_path: Path) -> None:
    campaign = territories_campaign(tmp_path / "campaign")
    db = tmp_path / "d.db"
    asyncio.run(seed_admissible(db))
    with DemoSession("--campaign", str(campaign), "--db", str(db), cwd=tmp_path) as demo:
        (tmp_path / "campaign" / "pays.csv").unlink()
        said = demo.say("/voter")
        assert t("fr", "internal_error") in said
        assert "citizen> " in said  # the demo goes on
        code, err = demo.quit()
    assert code == 0
    assert "pays.csv" in err
    assert "database" not in err
