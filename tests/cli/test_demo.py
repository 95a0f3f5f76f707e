"""`budgetbot demo` driven by a stdin script: the same dialogues, resumed across restarts."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.helpers import ROOT, budgetbot
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
