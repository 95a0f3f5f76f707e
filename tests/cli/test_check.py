"""`budgetbot check FILE`: exit 0 for a good file; exit 2 naming file, field and expectation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import EXAMPLES, budgetbot, territories_campaign

GERS = (EXAMPLES / "gers.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["gers.toml", "aude.toml"])
def test_the_example_campaigns_pass(name: str) -> None:
    done = budgetbot("check", f"examples/{name}")
    assert done.returncode == 0, done.stderr
    assert f"examples/{name}: OK" in done.stdout
    assert "phases: proposals" in done.stdout
    assert done.stderr == ""


def broken(tmp_path: Path, old: str, new: str) -> Path:
    assert old in GERS
    path = tmp_path / "broken.toml"
    path.write_text(GERS.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('currency = "EUR"', 'currency = "EUR"\ncolour = "blue"',
     ["colour: unknown field"]),
    ('department = "32"', 'department = "320"',
     ["department: expected a département INSEE code", "'320'"]),
    ("min_cost = 500", "min_cost = 60_000",
     ["projects:", "min_cost must be below max_cost"]),
    ("end = 2027-01-31T23:59:59", "end = 2026-10-01T00:00:00",
     ["phases[0]:", "a phase must end after it starts"]),
    ("chat_id = -1001234567890", "chat_id = 1234",
     ["staff.chat_id:", "less than 0", "1234"]),
    ('department = "32"', 'department = "32', ["not valid TOML", "line 5"]),
    ('privacy_contact = "dpo@gers.fr"\n', "",
     ["privacy_contact: this field is required", "personal data"]),
], ids=["unknown-field", "departement-320", "min-above-max", "phase-ends-first",
        "staff-chat-positive", "toml-syntax", "no-privacy-contact"])
def test_a_broken_file_exits_2_naming_file_field_and_expectation(
        tmp_path: Path, old: str, new: str, expected: list[str]) -> None:
    path = broken(tmp_path, old, new)
    done = budgetbot("check", str(path))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"{path}: 1 problem(s) in the campaign file:")
    for needle in expected:
        assert needle in done.stderr
    assert "Traceback" not in done.stderr


def test_every_problem_is_listed_not_only_the_first(tmp_path: Path) -> None:
    path = tmp_path / "two.toml"
    path.write_text(GERS.replace('department = "32"', 'department = "320"')
                    .replace('reference_prefix = "BP"', 'reference_prefix = "bp"'),
                    encoding="utf-8")
    done = budgetbot("check", str(path))
    assert done.returncode == 2
    assert "2 problem(s)" in done.stderr
    assert "department:" in done.stderr and "reference_prefix:" in done.stderr


def test_a_missing_file_exits_2_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    done = budgetbot("check", str(path))
    assert done.returncode == 2
    assert done.stderr.startswith(f"{path}: ")
    assert "cannot read the file: No such file or directory" in done.stderr


def test_help_works_through_the_installed_console_script() -> None:
    script = Path(sys.executable).parent / "budgetbot"
    if not script.exists():
        pytest.skip("the console script is not installed next to this Python")
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True,
                          timeout=30, check=False)
    assert done.returncode == 0
    assert done.stdout.startswith("usage: budgetbot")
    for command in ("run", "demo", "check", "tally"):
        assert command in done.stdout


def test_a_territories_csv_beside_the_campaign_passes_from_any_folder(tmp_path: Path) -> None:
    campaign = territories_campaign(tmp_path / "campaign")
    done = budgetbot("check", str(campaign))  # run from the project root
    assert done.returncode == 0, done.stderr
    assert f"{campaign}: OK" in done.stdout


@pytest.mark.parametrize(("content", "expected"), [
    (None, "cannot read the file (No such file or directory)"),
    ("folder", "cannot read the file (Is a directory)"),
    (b"insee;territory\n32013;Pays d'Auch\n32208;R\xe9gion\n",
     "line 3: not UTF-8 text: save the file as UTF-8"),
    ("insee,territory\n32013,Pays d'Auch\n",
     "line 2: expected 'insee;territory' (e.g. '32013;Pays d'Auch'), got \"32013,Pays d'Auch\""),
    ("32013;Pays d'Auch\n32999;Nulle part\n", "line 2: '32999' is not the INSEE code of a commune"),
    ("32013;Pays d'Auch\n32013;Lomagne\n",
     "line 2: commune 32013 is already in \"Pays d'Auch\" (line 1)"),
    ("insee;territory\n\n", "no 'insee;territory' line (e.g. '32013;Pays d'Auch')"),
], ids=["missing", "a-folder", "not-utf8", "commas", "unknown-commune", "two-territories",
        "empty"])
def test_an_unusable_territories_csv_exits_2_naming_the_field_and_the_file(
        tmp_path: Path, content: str | bytes | None, expected: str) -> None:
    campaign = territories_campaign(tmp_path, territories=None)
    csv = tmp_path / "pays.csv"
    if content == "folder":
        csv.mkdir()
    elif isinstance(content, bytes):
        csv.write_bytes(content)
    elif content is not None:
        csv.write_text(content, encoding="utf-8")
    done = budgetbot("check", str(campaign))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (f"{campaign}: 1 problem(s) in the campaign file:\n"
                           f"  - results.territories_csv: {csv}: {expected}\n")


def test_a_csv_wrong_on_every_line_shows_a_few_lines_and_counts_the_rest(
        tmp_path: Path) -> None:
    campaign = territories_campaign(tmp_path, territories="".join(
        f"3299{n},Nulle part\n" for n in range(9)))
    done = budgetbot("check", str(campaign))
    assert done.returncode == 2
    assert "6 problem(s) in the campaign file" in done.stderr
    assert "results.territories_csv: " in done.stderr
    assert "and 4 more line(s) like these" in done.stderr
