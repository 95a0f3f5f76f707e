"""The single tie-break order used by every rule: cheaper project first, then smaller id."""

from __future__ import annotations

from .numbers import Number


def tie_key(project_id: str, cost: Number) -> tuple[Number, str]:
    """Sort key among equally ranked projects: lower cost, then project id in code-point order."""
    # Cheaper first leaves the most money for the others; the id keeps the order total.
    return (cost, project_id)
