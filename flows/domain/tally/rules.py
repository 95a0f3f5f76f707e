"""Counting an election under a named pabulib rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .election import Election
from .errors import UnknownRuleError
from .greedy_rule import greedy
from .mes import Completion, equal_shares, equal_shares_of_columns
from .numbers import Number, normalize, parse_number


@dataclass(frozen=True)
class Outcome:
    """Winners in selection order, with the rule that chose them and the money spent."""

    rule: str
    selected: list[str]
    spent: Number
    budget: Number


def _costs(election: Election) -> dict[str, Number]:
    return {pid: project.cost for pid, project in election.projects.items()}


def _greedy(election: Election) -> list[str]:
    return greedy(_costs(election), election.scores(), election.budget)


def _greedy_no_skip(election: Election) -> list[str]:
    return greedy(_costs(election), election.scores(), election.budget, skip=False)


def _greedy_threshold(election: Election) -> list[str]:
    raw = election.meta.get("min_project_score_threshold")
    if raw is None:
        raise UnknownRuleError("greedy-threshold needs META min_project_score_threshold")
    try:
        threshold = parse_number(raw)
    except ValueError:
        raise UnknownRuleError(f"bad min_project_score_threshold {raw!r}") from None
    return greedy(_costs(election), election.scores(), election.budget, min_score=threshold)


def _mes(completion: Completion) -> Callable[[Election], list[str]]:
    def run(election: Election) -> list[str]:
        if election.approvals is not None:
            return equal_shares_of_columns(_costs(election), election.approvals,
                                           election.budget, completion)
        groups = election.approval_groups()
        return equal_shares(_costs(election), groups.keys(), election.budget,
                            weights=groups.values(), completion=completion)
    return run


RULES: dict[str, Callable[[Election], list[str]]] = {
    "greedy": _greedy,
    "greedy-no-skip": _greedy_no_skip,
    "greedy-threshold": _greedy_threshold,
    "equalshares": _mes("none"),
    "equalshares/add1": _mes("add1"),
    "equalshares/add1-comparison": _mes("add1-comparison"),
}


def resolve_rule(election: Election, rule: str) -> str:
    """The concrete rule name: ``auto`` means the file's META ``rule``."""
    name = rule.strip().lower()
    if name == "auto":
        name = election.meta.get("rule", "").strip().lower()
        if not name:
            raise UnknownRuleError("rule 'auto' needs a META rule entry")
    if name not in RULES:
        raise UnknownRuleError(f"unknown rule {name!r}; known: auto, {', '.join(RULES)}")
    return name


def tally(election: Election, rule: str = "auto") -> Outcome:
    """Count ``election`` with ``rule`` (a pabulib rule name, or ``auto``)."""
    name = resolve_rule(election, rule)
    selected = RULES[name](election)
    spent = sum((election.projects[pid].cost for pid in selected), start=0)
    return Outcome(rule=name, selected=selected, spent=normalize(spent),
                   budget=election.budget)
