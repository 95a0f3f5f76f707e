"""SMS pumping over a whole campaign day: attacker accounts typing numbers, hour after hour.

Run from the project root: ``.venv/bin/python bench/sms_pumping_bench.py``. The same attack
runs twice through the flows over a real SQLite file: against the shipped limits (a pool for
typed numbers) and against the baseline without pools (only the campaign-wide daily cap, as
before). Each prints the SMS the attacker made the campaign send and how many voters who
shared their own contact got a code meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flows.domain.campaign import load_campaign  # noqa: E402
from storage.db import Database  # noqa: E402
from tests.flows.harness import EXAMPLES, Harness  # noqa: E402
from tests.flows.pumping import AttackReport, pump  # noqa: E402
from tests.flows.test_voting import add_projects  # noqa: E402

MIDNIGHT = datetime(2027, 4, 2, 0, 0, 30, tzinfo=ZoneInfo("Europe/Paris"))
# Before the pools: typed numbers could take the whole daily cap.
BASELINE = "typed_daily_cap = 2000\ntyped_hourly_cap = 2000\n"


async def attack(workdir: Path, sms: str, accounts: int, hours: int, honest: int,
                 relentless: bool) -> tuple[AttackReport, int, float]:
    text = (EXAMPLES / "gers.toml").read_text(encoding="utf-8")
    campaign_path = workdir / "campaign.toml"
    campaign_path.write_text(text + (f"\n[vote.sms]\n{sms}" if sms else ""), encoding="utf-8")
    db_path = workdir / "pumping.sqlite3"
    db_path.unlink(missing_ok=True)
    h = Harness(await Database.open(db_path), load_campaign(campaign_path), MIDNIGHT)
    try:
        await add_projects(h, 3)
        started = time.perf_counter()
        report = await pump(h, accounts, hours, relentless=relentless, honest_per_hour=honest)
        return report, h.campaign.vote.sms.typed_pool, time.perf_counter() - started
    finally:
        await h.db.close()


def show(name: str, report: AttackReport, pool: int, seconds: float) -> None:
    print(f"{name}: {report.summary(pool)}")
    print(f"  SMS per hour: {report.per_hour}")
    print(f"  {report.attempts} typed numbers handled in {seconds:.1f} s")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--hours", type=int, default=24)
    parser.add_argument("--honest", type=int, default=5,
                        help="voters sharing their contact each hour")
    parser.add_argument("--relentless", action="store_true",
                        help="every account tries every hour (slower; the caps are global, "
                             "so the attacker gains nothing by it)")
    args = parser.parse_args()
    print(f"{args.accounts} attacker accounts, {args.hours} hours from midnight, "
          f"{args.honest} voters sharing their contact each hour, "
          f"{'every account every hour' if args.relentless else 'until refused each hour'}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, sms in (("pools (shipped defaults)", ""), ("baseline (no pools)", BASELINE)):
            report, pool, seconds = await attack(Path(tmp), sms, args.accounts, args.hours,
                                                 args.honest, args.relentless)
            show(name, report, pool, seconds)


if __name__ == "__main__":
    asyncio.run(main())
