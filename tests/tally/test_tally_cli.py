"""The ``budgetbot tally`` command function."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.tally_cli import main, run_tally

from .tally_helpers import PABULIB_DIR, pb_text


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "election.pb"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_json_output_lists_winners_and_amounts(capsys: pytest.CaptureFixture[str]) -> None:
    code = run_tally(str(PABULIB_DIR / "Poland_Katowice_2020.pb"), as_json=True)
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result == {"rule": "greedy-threshold",
                      "selected": ["M/66/VII", "M/34/VII", "M/41/VII", "M/60/VII",
                                   "M/37/VII", "M/10/VII"],
                      "spent": 2996562, "budget": 2999999}


def test_json_writes_fractional_amounts_as_exact_strings(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, pb_text([("1", "10,5")], ["a;1"], budget="20.25"))
    assert run_tally(path, "greedy", as_json=True) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["selected"], result["spent"], result["budget"]) == (["1"], "10.5", "20.25")


def test_text_output_names_rule_and_projects(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_tally(str(PABULIB_DIR / "Netherlands_Assen_2024.pb")) == 0
    out = capsys.readouterr().out
    assert "Rule: equalshares/add1" in out
    assert "Spent: 76700" in out
    assert "PopUp Podium" in out


def test_rule_option_overrides_file_rule(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, pb_text([("a", "60"), ("b", "50"), ("c", "40")],
                                   ["1;a,b,c", "2;a,b", "3;a"]))
    assert main([path, "--rule", "greedy-no-skip", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["selected"] == ["a"]


def test_malformed_file_exits_2_with_line_number(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, pb_text([("a", "5")], ["1;a", "2;zz"]))
    assert run_tally(path) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{path}:12: vote names unknown project 'zz'" in captured.err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_tally(str(tmp_path / "absent.pb")) == 2
    assert "cannot read file" in capsys.readouterr().err


def test_unknown_rule_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, pb_text([("a", "5")], ["1;a"]))
    assert run_tally(path, "borda") == 2
    assert "unknown rule 'borda'" in capsys.readouterr().err


def test_non_utf8_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin1.pb"
    path.write_bytes(pb_text([("a", "5")], ["1;a"]).replace("Project", "Projet é")
                     .encode("latin-1"))
    assert run_tally(str(path)) == 2
    assert "not UTF-8" in capsys.readouterr().err
