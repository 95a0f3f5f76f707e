"""Helpers for the results-engine tests: build small .pb texts by hand."""

from __future__ import annotations

from pathlib import Path

PABULIB_DIR = Path(__file__).resolve().parent.parent / "data" / "pabulib"


def pb_text(
    projects: list[tuple[str, str]],
    votes: list[str],
    *,
    budget: str = "100",
    vote_type: str = "approval",
    rule: str = "greedy",
    extra_meta: str = "",
    votes_header: str = "voter_id;vote",
) -> str:
    """A .pb file with the given ``(id, cost)`` projects and raw VOTES rows."""
    lines = ["META", "key;value", f"budget;{budget}", f"vote_type;{vote_type}", f"rule;{rule}"]
    lines += [row for row in extra_meta.splitlines() if row]
    lines += ["PROJECTS", "project_id;cost;name"]
    lines += [f"{pid};{cost};Project {pid}" for pid, cost in projects]
    lines += ["VOTES", votes_header, *votes]
    return "\n".join(lines) + "\n"
