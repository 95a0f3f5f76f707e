"""`budgetbot tally` against pabutools 1.2.3 on a city-scale election, each as a whole process.

Run from the project root: ``.venv/bin/python bench/tally_bench.py`` (pabutools, for the
comparison only: ``.venv/bin/pip install pabutools==1.2.3``). Without ``--file`` it writes the
city-scale election of ``bench/synthetic_election.py`` (90,000 voters, about 10 MB) to a
temporary folder. For each rule both sides run in a fresh process: interpreter start, imports,
parsing, counting and printing the winners; the time is the wall time of that process, the
CPU time (user + system) and memory (peak RSS) come from ``wait4``: on a shared machine the CPU
time is the steadier figure. budgetbot's time is the best of ``--repeat`` runs,
pabutools runs once (it takes minutes). The winners must be the same set on both sides.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Our rule name, and pabutools' function for it (both with cost satisfaction).
RULES = {"greedy": "greedy_utilitarian_welfare", "equalshares": "method_of_equal_shares"}


@dataclass(frozen=True)
class Run:
    """One whole process: wall time, CPU time, peak RSS, and the winners it printed."""

    seconds: float
    cpu: float
    peak_mib: float
    winners: list[str]


def measure(command: list[str]) -> Run:
    """Run ``command`` to the end; its wall time, peak RSS and JSON ``selected`` list."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed: {err.read().decode()[-500:]}")
        out.seek(0)
        winners = [str(pid) for pid in json.loads(out.read())["selected"]]
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, winners)


def budgetbot_command(path: str, rule: str) -> list[str]:
    """The installed ``budgetbot`` console script (else ``python -m bot``) counting ``path``."""
    script = Path(sys.executable).with_name("budgetbot")
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "bot"]
    return [*launcher, "tally", path, "--rule", rule, "--json"]


def pabutools_command(path: str, rule: str) -> list[str]:
    """This script as a pabutools worker: import, parse, count, print the winners."""
    return [sys.executable, str(Path(__file__).resolve()), "--pabutools-worker", rule, path]


def pabutools_worker(rule: str, path: str) -> None:
    """Count ``path`` with pabutools 1.2.3 and print ``{"selected": [...]}``."""
    # Imported by name: pabutools is optional and ships no type information.
    election = importlib.import_module("pabutools.election")
    rules = importlib.import_module("pabutools.rules")
    instance, profile = election.parse_pabulib(path)
    chosen = getattr(rules, RULES[rule])(instance, profile, sat_class=election.Cost_Sat)
    print(json.dumps({"selected": [project.name for project in chosen]}))


def has_pabutools() -> bool:
    """Whether pabutools can be imported by this interpreter."""
    probe = [sys.executable, "-c", "import pabutools"]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


def read_meta(path: str) -> dict[str, str]:
    """The plain ``key;value`` lines before PROJECTS (enough to describe a file)."""
    meta: dict[str, str] = {}
    with open(path, encoding="utf-8-sig") as text:
        for line in text:
            key, _, value = line.strip().partition(";")
            if key.upper() == "PROJECTS":
                break
            meta[key] = value
    return meta


def describe(path: str, meta: dict[str, str]) -> str:
    """File name, size, number of voters and ballot type."""
    size = Path(path).stat().st_size
    voters = meta.get("num_votes", "?")
    voters = f"{int(voters):,}" if voters.isdigit() else voters
    return (f"{Path(path).name}: {size / 1e6:.1f} MB, {voters} voters, "
            f"{meta.get('vote_type', '?')} ballots")


def report(path: str, rules: list[str], repeat: int, with_pabutools: bool) -> bool:
    """Print one line per rule; False if a rule's winners differ between the two."""
    meta = read_meta(path)
    print(f"== {describe(path, meta)}")
    print("| rule | budgetbot wall (CPU) | peak RSS | pabutools 1.2.3 wall (CPU) | peak RSS "
          "| time ratio wall (CPU) | memory ratio | winners |")
    print("|---|---|---|---|---|---|---|---|")
    same = True
    for rule in rules:
        ours = min((measure(budgetbot_command(path, rule)) for _ in range(repeat)),
                   key=lambda run: run.seconds)
        # pabulib's greedy on points ballots ranks by points; pabutools' greedy with cost
        # satisfaction reads them as approvals: not the same rule, so not compared.
        points = meta.get("vote_type", "approval") in {"cumulative", "scoring"}
        if not with_pabutools or (rule == "greedy" and points):
            print(f"| {rule} | {ours.seconds:.2f} s ({ours.cpu:.2f} s) | {ours.peak_mib:.0f} MiB "
                  f"| not run | | | | {len(ours.winners)} |", flush=True)
            continue
        theirs = measure(pabutools_command(path, rule))
        agree = sorted(ours.winners) == sorted(theirs.winners)
        same = same and agree
        print(f"| {rule} | {ours.seconds:.2f} s ({ours.cpu:.2f} s) | {ours.peak_mib:.0f} MiB "
              f"| {theirs.seconds:.1f} s ({theirs.cpu:.1f} s) | {theirs.peak_mib:.0f} MiB "
              f"| 1/{theirs.seconds / ours.seconds:.0f} (1/{theirs.cpu / ours.cpu:.0f}) "
              f"| 1/{theirs.peak_mib / ours.peak_mib:.1f} "
              f"| {'same' if agree else 'DIFFERENT'} {len(ours.winners)} |", flush=True)
    return same


def main(argv: list[str] | None = None) -> int:
    """Run the comparison, or one pabutools worker when ``--pabutools-worker`` is given."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", action="append", help="a .pb file (repeatable); default: "
                        "the synthetic city-scale election")
    parser.add_argument("--rule", action="append", choices=list(RULES),
                        help="rule to compare (repeatable); default: greedy and equalshares")
    parser.add_argument("--repeat", type=int, default=3, help="budgetbot runs per rule")
    parser.add_argument("--no-pabutools", action="store_true")
    parser.add_argument("--pabutools-worker", nargs=2, metavar=("RULE", "FILE"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.pabutools_worker:
        pabutools_worker(*args.pabutools_worker)
        return 0
    with_pabutools = not args.no_pabutools and has_pabutools()
    if not args.no_pabutools and not with_pabutools:
        print("pabutools is not installed: .venv/bin/pip install pabutools==1.2.3")
    rules = args.rule or list(RULES)
    with tempfile.TemporaryDirectory() as folder:
        files = args.file
        if not files:
            sys.path.insert(0, str(ROOT))
            from bench.synthetic_election import write_city_pb

            city = Path(folder) / "synthetic_city.pb"
            write_city_pb(city)
            files = [str(city)]
        same = all([report(path, rules, args.repeat, with_pabutools) for path in files])
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
