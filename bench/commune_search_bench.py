"""Benchmark of the typo-tolerant commune search behind the proposal and vote dialogues.

Run from the project root: ``.venv/bin/python bench/commune_search_bench.py``. Prints the
directory's load time and the median and worst time per query, within one département and
across France; the baseline is a plain scan comparing every commune name to the query.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from difflib import SequenceMatcher
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flows.domain.communes import Commune, CommuneDirectory, load_communes  # noqa: E402
from flows.domain.textnorm import normalize  # noqa: E402

# What people type: truncated, misspelt, abbreviated, postal codes, other départements.
QUERIES = ["Lectour", "Mirandes", "Condomm", "Fleurence", "Vic", "Toulouse", "32700",
           "Castera Verduzan", "St Puy", "Mira", "l'isle jourdain", "saint clar"]


def timed(fn: Callable[[], object], rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


DEPARTMENTS = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"] + \
    [str(n) for n in range(971, 977)]


def every_commune(directory: CommuneDirectory, dept: str | None) -> list[Commune]:
    return [c for d in ([dept] if dept else DEPARTMENTS) for c in directory.in_department(d)]


def naive_scan(communes: list[Commune], query: str) -> None:
    """The baseline: fuzzy-compare the query with every commune name."""
    wanted = normalize(query)
    scored = [(SequenceMatcher(None, wanted, normalize(c.name)).ratio(), c.insee)
              for c in communes]
    scored.sort(reverse=True)


def report(label: str, directory: CommuneDirectory, dept: str | None, rounds: int) -> None:
    ours = [t for q in QUERIES for t in timed(partial(directory.search, q, dept), rounds)]
    communes = every_commune(directory, dept)
    scan = [t for q in QUERIES for t in timed(partial(naive_scan, communes, q), 1)]
    median, scan_median = statistics.median(ours), statistics.median(scan)
    print(f"{label:<22} median {median * 1000:7.2f} ms  worst {max(ours) * 1000:7.2f} ms  "
          f"| naive scan median {scan_median * 1000:8.1f} ms  ({scan_median / median:.0f}×)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    start = time.perf_counter()
    directory = load_communes()
    print(f"directory load {time.perf_counter() - start:.2f} s, "
          f"{len(directory)} communes, {len(QUERIES)} queries × {args.rounds} rounds")
    directory.search("warm up", "32")
    report("Gers (32)", directory, "32", args.rounds)
    report("all of France", directory, None, args.rounds)


if __name__ == "__main__":
    main()
