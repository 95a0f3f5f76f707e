"""Run `python -m bot ...` as a separate process, the way the console entry does."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def budgetbot(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
              timeout: float = 30, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` from the project root (or `cwd`); output captured as text."""
    secrets = ("TELEGRAM_BOT_TOKEN", "BUDGETBOT_WEBHOOK_SECRET", "BUDGETBOT_PHONE_KEY")
    full_env = {k: v for k, v in os.environ.items() if k not in secrets}
    full_env.update(env or {})
    full_env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, text=True,
                          capture_output=True, cwd=cwd, env=full_env, timeout=timeout,
                          check=False)


TERRITORIES = "insee;territory\n32013;Pays d'Auch\n32208;Lomagne\n32107;Armagnac\n"
# A territory section (the voter's own) and a département section, one project each.
TWO_SECTIONS = """
[vote]
[[vote.sections]]
scope = "territory"
min_choices = 1
max_choices = 1
[[vote.sections]]
scope = "department"
min_choices = 1
max_choices = 1
"""
# Auch, Lectoure, Condom: one project in each of the CSV's territories.
PROJECT_COMMUNES = ("32013", "32208", "32107")


def territories_campaign(folder: Path, staff_chat_id: int = -1001234567890,
                         phase: str = "vote", territories: str | None = TERRITORIES) -> Path:
    """The Gers campaign with `territories_csv = "pays.csv"` and a two-section ballot, in
    `folder`; the CSV is written beside it unless `territories` is None."""
    from tests.e2e.botproc import campaign_file

    folder.mkdir(parents=True, exist_ok=True)
    path = campaign_file(folder, staff_chat_id, phase=phase, extra=TWO_SECTIONS)
    text = path.read_text(encoding="utf-8")
    assert "\n[results]\n" in text
    path.write_text(text.replace("\n[results]\n", '\n[results]\nterritories_csv = "pays.csv"\n',
                                 1), encoding="utf-8")
    if territories is not None:
        (folder / "pays.csv").write_text(territories, encoding="utf-8")
    return path


async def seed_admissible(db_path: Path, communes: tuple[str, ...] = PROJECT_COMMUNES,
                          ) -> list[int]:
    """One admissible project per commune, in the database the bot will open; their ids."""
    from datetime import UTC, datetime
    from decimal import Decimal

    from flows.domain.model import ProposalFields, ProposalStatus
    from storage.db import Database
    from tests.e2e.botproc import GERS_ID

    db, now, ids = await Database.open(db_path), datetime.now(UTC), []
    async with db.transaction() as unscoped:
        uow = unscoped.in_campaign(GERS_ID)
        for i, insee in enumerate(communes):
            fields = ProposalFields(title=f"Projet {i + 1}", description="Un projet utile.",
                                    theme="ecologie", commune=insee, cost=Decimal(9000 + i))
            p = await uow.proposals.create(1, 1, "fr", fields, "BP", 2026, now)
            await uow.proposals.set_status(p.id, ProposalStatus.ADMISSIBLE, None, None, "Paul",
                                           now)
            ids.append(p.id)
    await db.close()
    return ids


class DemoSession:
    """`budgetbot demo` in a terminal-like exchange: a line in, the output up to the prompt."""

    def __init__(self, *args: str, cwd: Path) -> None:
        secrets = ("TELEGRAM_BOT_TOKEN", "BUDGETBOT_WEBHOOK_SECRET", "BUDGETBOT_PHONE_KEY")
        env = {k: v for k, v in os.environ.items() if k not in secrets}
        env["PYTHONPATH"] = str(ROOT)
        self.proc = subprocess.Popen([sys.executable, "-m", "bot", "demo", *args], cwd=cwd,
                                     env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.transcript = ""
        self.greeting = self._until_prompt()

    def _until_prompt(self, timeout: float = 30) -> str:
        assert self.proc.stdout is not None
        seen, deadline = b"", time.monotonic() + timeout
        while not re.search(rb"\n(citizen|staff)> $", seen):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no prompt from the demo; it said:\n{seen.decode()}")
            if select.select([self.proc.stdout], [], [], min(left, 0.2))[0]:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    raise AssertionError(f"the demo ended; it said:\n{seen.decode()}")
                seen += chunk
        text = seen.decode()
        self.transcript += text
        return text

    def say(self, line: str) -> str:
        """Type a line; what the demo printed in answer."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{line}\n".encode())
        self.proc.stdin.flush()
        return self._until_prompt()

    def tap(self, label: str) -> str:
        """Type the number of the last shown button whose label holds `label`."""
        numbers = re.findall(r"\[(\d+)\] ([^\[\n]*)", self.transcript)
        number = next(n for n, text in reversed(numbers) if label in text)
        return self.say(number)

    def quit(self) -> tuple[int, str]:
        """Leave with :quit; the exit code and everything the demo wrote to stderr."""
        assert self.proc.stdin is not None and self.proc.stderr is not None
        self.proc.stdin.write(b":quit\n")
        self.proc.stdin.close()
        code = self.proc.wait(timeout=30)
        return code, self.proc.stderr.read().decode()

    def __enter__(self) -> DemoSession:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
