"""`python -m tests.e2e.cluster_worker run ...`: the unmodified `budgetbot run`, as one
worker of several on one PostgreSQL database.

Test-only: main still refuses a second `run` on a database (SERVING_LOCK, until workers
claim updates cluster-wide); this lifts that refusal and nothing else."""

from __future__ import annotations

import sys

from bot.cli import main
from storage.postgres.db import PostgresDatabase


async def _share(self: PostgresDatabase, url: str) -> None:
    """Serve alongside the other workers instead of refusing to."""


PostgresDatabase._serve_alone = _share  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(main())
