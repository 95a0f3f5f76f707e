"""`budgetbot check` explains the order in which citizens see the projects, and refuses typos."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.domain.ordering import EXPLAINED
from tests.cli.helpers import EXAMPLES, budgetbot

GERS = (EXAMPLES / "gers.toml").read_text(encoding="utf-8")


def with_order(tmp_path: Path, value: str) -> Path:
    path = tmp_path / "ordered.toml"
    path.write_text(GERS + f'\n[vote]\norder = "{value}"\n', encoding="utf-8")
    return path


def test_the_default_order_is_random_and_check_says_so() -> None:
    done = budgetbot("check", "examples/gers.toml")
    assert done.returncode == 0, done.stderr
    assert f'vote.order = "random": {EXPLAINED["random"]}' in done.stdout


@pytest.mark.parametrize("value", ["reference", "theme", "random"])
def test_each_order_is_accepted_and_explained(tmp_path: Path, value: str) -> None:
    done = budgetbot("check", str(with_order(tmp_path, value)))
    assert done.returncode == 0, done.stderr
    assert f'vote.order = "{value}": {EXPLAINED[value]}' in done.stdout


def test_an_unknown_order_is_refused_naming_the_field_and_the_file(tmp_path: Path) -> None:
    path = with_order(tmp_path, "alphabetical")
    done = budgetbot("check", str(path))
    assert done.returncode == 2
    assert done.stderr.startswith(f"{path}: 1 problem(s) in the campaign file:")
    assert "vote.order: Input should be 'random', 'reference' or 'theme' (got 'alphabetical')" \
        in done.stderr
