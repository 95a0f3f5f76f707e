"""Benchmark of the results engine against pabutools, plus a synthetic 100,000-voter election.

Run from the project root: ``.venv/bin/python bench/tally_bench.py``. Each library is timed
in its own subprocess so that peak memory (ru_maxrss) is measured separately.
"""

from __future__ import annotations

import argparse
import importlib
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synthetic_election import synthetic_election  # noqa: E402
from flows.domain.tally import greedy, load_pb, parse_pb, tally, write_pb  # noqa: E402
from flows.domain.tally.election import approval_counts  # noqa: E402

DEFAULT_FILE = ROOT / "tests" / "data" / "pabulib" / "Poland_Katowice_2020.pb"


def best_time(func: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Smallest wall time over ``repeat`` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def max_rss_mib() -> float:
    """Peak resident memory of this process in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_ours(path: str, repeat: int) -> dict[str, Any]:
    """Time this engine on ``path``: parse, approval-count greedy, points greedy, exact MES."""
    parse_s, election = best_time(lambda: load_pb(path), repeat)
    costs = {pid: p.cost for pid, p in election.projects.items()}
    greedy_s, chosen = best_time(
        lambda: greedy(costs, approval_counts(election.projects, election.ballots),
                       election.budget), repeat)
    points_s, by_points = best_time(lambda: tally(election, "greedy"), repeat)
    mes_s, mes = best_time(lambda: tally(election, "equalshares"), repeat)
    return {"parse_s": parse_s, "greedy_s": greedy_s, "greedy": sorted(chosen),
            "greedy_points_s": points_s, "greedy_points": sorted(by_points.selected),
            "mes_s": mes_s, "mes": sorted(mes.selected), "maxrss_mib": max_rss_mib()}


def worker_pabutools(path: str) -> dict[str, Any]:
    """Time pabutools on ``path``: greedy and MES with Cost_Sat, exact arithmetic."""
    # Imported by name: pabutools is optional and ships no type information.
    election = importlib.import_module("pabutools.election")
    rules = importlib.import_module("pabutools.rules")
    parse_s, (instance, profile) = best_time(lambda: election.parse_pabulib(path), 1)
    greedy_s, chosen = best_time(lambda: rules.greedy_utilitarian_welfare(
        instance, profile, sat_class=election.Cost_Sat), 1)
    mes_s, mes = best_time(lambda: rules.method_of_equal_shares(
        instance, profile, sat_class=election.Cost_Sat), 1)
    return {"parse_s": parse_s, "greedy_s": greedy_s,
            "greedy": sorted(p.name for p in chosen), "mes_s": mes_s,
            "mes": sorted(p.name for p in mes), "maxrss_mib": max_rss_mib()}


def run_worker(kind: str, path: str, repeat: int) -> dict[str, Any] | None:
    """Run one worker in a fresh interpreter; None if it failed (e.g. pabutools absent)."""
    command = [sys.executable, __file__, "--worker", kind, "--file", path,
               "--repeat", str(repeat)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"  ({kind} worker failed: {done.stderr.strip().splitlines()[-1:]})")
        return None
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def report_file(path: str, repeat: int, with_pabutools: bool) -> None:
    """Print this engine's figures on ``path`` and, if available, pabutools' next to them."""
    print(f"== {Path(path).name}")
    ours = run_worker("ours", path, repeat)
    if ours is None:
        return
    print(f"  budgetbot: parse {ours['parse_s']:.3f} s, greedy {ours['greedy_s']:.4f} s "
          f"(points greedy {ours['greedy_points_s']:.4f} s), exact MES {ours['mes_s']:.4f} s, "
          f"peak RSS {ours['maxrss_mib']:.0f} MiB")
    theirs = run_worker("pabutools", path, repeat) if with_pabutools else None
    if theirs is None:
        print("  pabutools: not run")
        return
    print(f"  pabutools: parse {theirs['parse_s']:.3f} s, greedy {theirs['greedy_s']:.3f} s, "
          f"exact MES {theirs['mes_s']:.3f} s, peak RSS {theirs['maxrss_mib']:.0f} MiB")
    for rule in ("greedy", "mes"):
        ratio = theirs[f"{rule}_s"] / ours[f"{rule}_s"]
        same = "same winners" if theirs[rule] == ours[rule] else "DIFFERENT winners"
        print(f"  {rule}: budgetbot is {ratio:,.0f}x faster, {same} ({len(ours[rule])} projects)")
    total = (theirs["parse_s"] + theirs["greedy_s"] + theirs["mes_s"]) / (
        ours["parse_s"] + ours["greedy_s"] + ours["mes_s"])
    print(f"  parse + greedy + MES: {total:,.0f}x faster")


def report_synthetic(voters: int, repeat: int) -> None:
    """Time greedy and exact MES on a seeded synthetic approval election."""
    election = synthetic_election(voters=voters)
    print(f"== synthetic approval election: {voters:,} voters, {len(election.projects)} projects")
    greedy_s, by_greedy = best_time(lambda: tally(election, "greedy"), repeat)
    mes_s, by_mes = best_time(lambda: tally(election, "equalshares"), repeat)
    write_s, text = best_time(lambda: write_pb(election), 1)
    parse_s, _ = best_time(lambda: parse_pb(text), 1)
    print(f"  greedy {greedy_s:.3f} s ({len(by_greedy.selected)} funded), "
          f"exact MES {mes_s:.3f} s ({len(by_mes.selected)} funded)")
    print(f"  write .pb {write_s:.3f} s ({len(text) / 1e6:.1f} MB), parse .pb {parse_s:.3f} s")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, or one worker when ``--worker`` is given."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", default=str(DEFAULT_FILE))
    parser.add_argument("--voters", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pabutools", action="store_true")
    parser.add_argument("--worker", choices=["ours", "pabutools"])
    args = parser.parse_args(argv)
    if args.worker == "ours":
        print(json.dumps(worker_ours(args.file, args.repeat)))
    elif args.worker == "pabutools":
        print(json.dumps(worker_pabutools(args.file)))
    else:
        report_file(args.file, args.repeat, not args.no_pabutools)
        report_synthetic(args.voters, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
