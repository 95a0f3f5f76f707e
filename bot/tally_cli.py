"""``budgetbot tally FILE.pb [--rule RULE] [--json]``: print the winners of a pabulib election.

JSON output: ``{"rule", "selected", "spent", "budget"}``; ids are strings, and amounts
are ints when integral, else exact strings (``"1234.5"``, or ``"p/q"`` if not decimal).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Sequence

from flows.domain.tally import (
    RULES,
    Election,
    Outcome,
    PbFormatError,
    UnknownRuleError,
    format_number,
    json_number,
    load_pb,
    tally,
)

EXIT_OK = 0
EXIT_BAD_INPUT = 2
# flows.domain.staged_rule.RULE, spelled here: that module needs pydantic and the allocation
# engine, which a plain count of a city's file does not load (it is timed as a whole process).
STAGED_RULE = "budgetbot-stages"


def count(election: Election, rule: str) -> Outcome:
    """``tally``, or the campaign's staged rule when asked for or named in META."""
    name = rule.strip().lower()
    if name == "auto":
        name = election.meta.get("rule", "").strip().lower() or name
    if name == STAGED_RULE:
        from flows.domain.staged_rule import tally_any

        return tally_any(election, rule)
    return tally(election, rule)


def run_tally(path: str, rule: str = "auto", as_json: bool = False) -> int:
    """Count the election in ``path`` and print the winners; 0 on success, 2 on bad input."""
    # A count builds a million objects and no cycle: the collector would walk them for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_tally(path, rule, as_json)
    finally:
        if collecting:
            gc.enable()


def _run_tally(path: str, rule: str, as_json: bool) -> int:
    try:
        election = load_pb(path)
        outcome = count(election, rule)
    except PbFormatError as exc:
        where = f"{path}:{exc.line}" if exc.line else path
        return _fail(f"{where}: {exc.message}")
    except UnknownRuleError as exc:
        return _fail(f"{path}: {exc}")
    except OSError as exc:
        return _fail(f"{path}: cannot read file ({exc.strerror or exc})")
    print(_as_json(outcome) if as_json else _as_text(election, outcome))
    return EXIT_OK


def _fail(message: str) -> int:
    print(f"budgetbot tally: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _as_json(outcome: Outcome) -> str:
    return json.dumps({
        "rule": outcome.rule,
        "selected": [str(pid) for pid in outcome.selected],
        "spent": json_number(outcome.spent),
        "budget": json_number(outcome.budget),
    }, ensure_ascii=False)


def _as_text(election: Election, outcome: Outcome) -> str:
    scores = election.scores()
    lines = [
        f"Rule: {outcome.rule}",
        f"Budget: {format_number(outcome.budget)}  Spent: {format_number(outcome.spent)}  "
        f"Selected: {len(outcome.selected)} of {len(election.projects)} projects",
    ]
    for rank, pid in enumerate(outcome.selected, start=1):
        project = election.projects[pid]
        lines.append(f"{rank:>3}. {pid}  cost {format_number(project.cost)}  "
                     f"score {format_number(scores[pid])}  {project.name}".rstrip())
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """Argument parser for the ``tally`` command (also usable as a subparser template)."""
    parser = argparse.ArgumentParser(prog="budgetbot tally",
                                     description="Count a pabulib .pb election.")
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``FILE``, ``--rule`` and ``--json`` to ``parser``."""
    parser.add_argument("file", metavar="FILE.pb", help="pabulib election file")
    parser.add_argument("--rule", default="auto", choices=["auto", *RULES, STAGED_RULE],
                        help="counting rule (default: the file's META rule)")
    parser.add_argument("--json", action="store_true", dest="as_json",
                        help="print one JSON object")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point taking the arguments after ``tally``."""
    args = build_parser().parse_args(argv)
    return run_tally(args.file, args.rule, args.as_json)


if __name__ == "__main__":
    raise SystemExit(main())
