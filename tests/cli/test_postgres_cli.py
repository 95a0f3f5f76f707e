"""Every command that opens a database takes a postgresql:// URL, as --db or BUDGETBOT_DB."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import budgetbot
from tests.e2e.botproc import PHONE_KEY, TOKEN, campaign_file

UNREACHABLE = "postgresql://budget:s3cr3t-pw@127.0.0.1:1/budget"


def test_run_on_an_unreachable_postgresql_says_so_without_the_password() -> None:
    done = budgetbot("run", "--campaign", "examples/gers.toml", "--db", UNREACHABLE,
                     env={"TELEGRAM_BOT_TOKEN": TOKEN, "BUDGETBOT_PHONE_KEY": PHONE_KEY})
    assert done.returncode == 2
    assert done.stderr.startswith(
        "Cannot use the database postgresql://budget:***@127.0.0.1:1/budget: ")
    assert "s3cr3t" not in done.stderr and "Traceback" not in done.stderr


def test_purge_export_and_backup_use_the_database_in_budgetbot_db(
        postgres_url: str, tmp_path: Path) -> None:
    env = {"BUDGETBOT_DB": postgres_url}
    purged = budgetbot("purge", "--campaign", "examples/gers.toml", env=env)
    assert purged.returncode == 0, purged.stderr
    assert purged.stdout.splitlines()[:2] == ["expired SMS challenges deleted: 0",
                                              "old update ids deleted: 0"]
    exported = budgetbot("export", "--campaign", "examples/gers.toml", "--out", str(tmp_path),
                         env=env)
    assert exported.returncode == 0, exported.stderr
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".csv", ".pb"]
    backed = budgetbot("backup", "--out", str(tmp_path / "b.sql"), env=env)
    assert backed.returncode == 0, backed.stderr
    assert backed.stdout.startswith(f"wrote {tmp_path / 'b.sql'} (restored and checked: ")


def test_export_without_db_or_budgetbot_db_asks_for_one() -> None:
    done = budgetbot("export", "--campaign", "examples/gers.toml")
    assert done.returncode == 2
    assert "the following arguments are required: --db" in done.stderr


def test_demo_on_postgresql_keeps_the_place_across_restarts(
        postgres_url: str, tmp_path: Path) -> None:
    campaign = campaign_file(tmp_path, -1001234567890)
    env = {"BUDGETBOT_DB": postgres_url, "BUDGETBOT_PHONE_KEY": PHONE_KEY}
    first = budgetbot("demo", "--campaign", str(campaign), stdin="/start\n1\n", env=env)
    assert first.returncode == 0, first.stderr
    again = budgetbot("demo", "--campaign", str(campaign), stdin="Abri vélo au collège\n",
                      env=env)
    assert again.returncode == 0, again.stderr
    assert "Décrivez" in again.stdout  # the title was taken: the next step asks for more


def test_demo_on_postgresql_without_a_phone_key_says_how_to_make_one(
        postgres_url: str) -> None:
    done = budgetbot("demo", "--db", postgres_url, stdin="")
    assert done.returncode == 2
    assert "BUDGETBOT_PHONE_KEY" in done.stderr and "Traceback" not in done.stderr
