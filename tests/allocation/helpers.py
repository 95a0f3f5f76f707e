"""Small hand-made ballots and projects for the allocation tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from flows.domain.allocation import Allocation, Candidate, ResultsRules, Row, allocate


def cand(pid: int, cost: int | str, *, theme: str = "x",
         territory: str | None = None) -> Candidate:
    return Candidate(id=pid, reference=f"BP-2026-{pid:04d}", title=f"Projet {pid}",
                     cost=Decimal(cost), theme=theme, territory=territory,
                     territory_name=territory.upper() if territory else None)


def votes(counts: Mapping[int, int]) -> list[frozenset[int]]:
    """One single-project ballot per vote: ``{1: 3}`` is three ballots for project 1."""
    return [frozenset({pid}) for pid, n in counts.items() for _ in range(n)]


def rules(*stages: dict[str, Any], **extra: Any) -> ResultsRules:
    return ResultsRules.model_validate({"stages": list(stages), **extra})


def run(result_rules: ResultsRules, projects: Iterable[Candidate], ballots: list[frozenset[int]],
        *, total: int = 1000, envelopes: Mapping[str, int] | None = None,
        paper: Mapping[int, int] | None = None) -> Allocation:
    return allocate(result_rules, Decimal(total),
                    {k: Decimal(v) for k, v in (envelopes or {}).items()},
                    list(projects), ballots, paper or {})


def winners(allocation: Allocation) -> list[int]:
    """Winner ids in funding order."""
    return [r.candidate.id for r in allocation.winners()]


def row(allocation: Allocation, pid: int) -> Row:
    return next(r for r in allocation.rows if r.candidate.id == pid)


def reason(allocation: Allocation, pid: int) -> tuple[str, dict[str, Any]]:
    found = row(allocation, pid).reason
    return found.code, dict(found.values)
