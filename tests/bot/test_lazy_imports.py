"""What the bot loads at start-up: matplotlib only once a results chart is drawn."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Builds the bot as `budgetbot run` does (without going online), then draws a chart.
SCRIPT = """
import sys
from decimal import Decimal
from pathlib import Path
from bot.cli import parser
from bot.app import Runtime, make_bot
from bot.chart import chart_maker
from bot.wiring import for_run, load
from flows.domain.allocation import ResultsRules, allocate
parser()
wiring = for_run(load("examples/gers.toml"), sys.argv[1], {"BUDGETBOT_PHONE_KEY": "k" * 32})
Runtime(wiring.deps, wiring.db_path, wiring.gateway)
make_bot("123456:TEST-token", None)
print("before:", "matplotlib" in sys.modules)
empty = allocate(ResultsRules(), Decimal(1000), {}, [], [], {})
chart_maker(empty, "Vide", Decimal(1000), "fr", False)
print("after:", "matplotlib" in sys.modules)
"""


def test_starting_the_bot_does_not_load_matplotlib_until_a_chart_is_drawn(
        tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "b.sqlite3")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == ["before: False", "after: True"]
