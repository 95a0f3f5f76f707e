"""Run `python -m bot ...` as a separate process, the way the console entry does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def budgetbot(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
              timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` from the project root; output captured as text."""
    secrets = ("TELEGRAM_BOT_TOKEN", "BUDGETBOT_WEBHOOK_SECRET", "BUDGETBOT_PHONE_KEY")
    full_env = {k: v for k, v in os.environ.items() if k not in secrets}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, env=full_env, timeout=timeout,
                          check=False)
