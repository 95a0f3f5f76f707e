"""Seeded synthetic approval election for benchmarks (popular projects get more approvals)."""

from __future__ import annotations

import random

from flows.domain.tally import Ballot, Election, Project


def synthetic_election(voters: int = 100_000, projects: int = 60, seed: int = 2024) -> Election:
    """An approval election with ``voters`` ballots of 1 to 8 projects each."""
    rng = random.Random(seed)
    ids = [f"p{i}" for i in range(1, projects + 1)]
    costs = {pid: rng.randrange(5_000, 400_000, 500) for pid in ids}
    popularity = [1 / (rank + 4) for rank in range(projects)]
    ballots = []
    for _ in range(voters):
        size = rng.randint(1, 8)
        chosen = set(rng.choices(ids, weights=popularity, k=size))
        ballots.append(Ballot(tuple(sorted(chosen))))
    budget = sum(costs.values()) // 3
    return Election(
        meta={"description": "synthetic benchmark election", "rule": "equalshares",
              "vote_type": "approval", "budget": str(budget)},
        projects={pid: Project(pid, cost, f"Project {pid}") for pid, cost in costs.items()},
        ballots=ballots,
        budget=budget,
        vote_type="approval",
    )
