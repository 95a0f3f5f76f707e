"""`budgetbot check` and `run` with several campaign files, or a folder of them: each file
checked, then the files together (what two campaigns of one bot may not share)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.cli.helpers import EXAMPLES, budgetbot

AUDE = (EXAMPLES / "aude.toml").read_text(encoding="utf-8")


def folder_of(tmp_path: Path, aude: str = AUDE) -> Path:
    folder = tmp_path / "campaigns"
    folder.mkdir()
    shutil.copy(EXAMPLES / "gers.toml", folder / "gers.toml")
    (folder / "aude.toml").write_text(aude, encoding="utf-8")
    return folder


def test_the_two_examples_pass_together_from_a_folder(tmp_path: Path) -> None:
    folder = folder_of(tmp_path)
    done = budgetbot("check", str(folder))
    assert done.returncode == 0, done.stderr
    assert f"{folder / 'aude.toml'}: OK" in done.stdout
    assert f"{folder / 'gers.toml'}: OK" in done.stdout
    assert "2 campaigns can run together" in done.stdout and "aude-bp4, gers-bpg4" in done.stdout


def test_two_campaigns_with_one_reference_prefix_in_one_year_are_refused(
        tmp_path: Path) -> None:
    folder = folder_of(tmp_path, AUDE.replace('reference_prefix = "AUDE"',
                                              'reference_prefix = "BP"'))
    done = budgetbot("check", str(folder / "gers.toml"), str(folder / "aude.toml"))
    assert done.returncode == 2
    assert (f"reference_prefix: {folder / 'gers.toml'} and {folder / 'aude.toml'}: both would "
            "hand out the references BP-2026-…") in done.stderr


def test_two_campaigns_with_one_id_are_refused(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, AUDE.replace('id = "aude-bp4"', 'id = "gers-bpg4"'))
    done = budgetbot("check", str(folder))
    assert done.returncode == 2
    assert (f'id: {folder / "aude.toml"} and {folder / "gers.toml"}: both have id = '
            '"gers-bpg4"') in done.stderr


def test_two_campaigns_voting_by_plain_sms_are_refused(tmp_path: Path) -> None:
    sms = '\n[sms]\ninbound_port = 13013\n'
    folder = folder_of(tmp_path, AUDE + sms)
    (folder / "gers.toml").write_text((EXAMPLES / "gers.toml").read_text(encoding="utf-8")
                                      + sms.replace("13013", "13014"), encoding="utf-8")
    done = budgetbot("check", str(folder))
    assert done.returncode == 2
    assert "sms.inbound_port:" in done.stderr and "serves one campaign only" in done.stderr


def test_run_refuses_clashing_campaigns_before_it_starts(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, AUDE.replace("chat_id = -1009876543210",
                                              "chat_id = -1001234567890"))
    done = budgetbot("run", "--campaign", str(folder), "--db", str(tmp_path / "b.sqlite3"),
                     env={"TELEGRAM_BOT_TOKEN": "1:x"})
    assert done.returncode == 2
    assert "staff.chat_id:" in done.stderr and "a staff group serves one campaign" in done.stderr
    assert not (tmp_path / "b.sqlite3").exists()


def test_an_empty_folder_is_named(tmp_path: Path) -> None:
    done = budgetbot("check", str(tmp_path))
    assert done.returncode == 2
    assert f"{tmp_path}: 1 problem(s)" in done.stderr and "no campaign file" in done.stderr


def test_every_broken_file_of_a_folder_is_named(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, AUDE.replace('department = "11"', 'department = "110"'))
    (folder / "gers.toml").write_text("id = \n", encoding="utf-8")
    done = budgetbot("check", str(folder))
    assert done.returncode == 2
    assert f"{folder / 'aude.toml'}: 1 problem(s)" in done.stderr
    assert "department: expected a département INSEE code" in done.stderr
    assert f"{folder / 'gers.toml'}: 1 problem(s)" in done.stderr and "not valid TOML" \
        in done.stderr
