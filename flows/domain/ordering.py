"""The order in which a citizen sees the projects: by default a random one of their own.

Position on a ballot favours what comes first. Each person gets a secret seed, drawn with
`secrets` and kept in their dialogue state only (erased with it, never beside a ballot); a
project's place is a keyed hash of its number under that seed. Sorting by such keys is a
uniform random permutation, the same at every screen, and a filtered list keeps the order.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from typing import Literal, Protocol, TypeVar

from flows.session import Session

OrderKind = Literal["random", "reference", "theme"]
SEED_KEY = "order_seed"

# What `budgetbot check` says of each choice (operators read English).
EXPLAINED: dict[str, str] = {
    "random": "each citizen sees the projects in an order drawn at random for them, "
              "kept for their whole dialogue (the default; no project favoured by its place)",
    "reference": "every citizen sees the projects by reference number, the first proposal "
                 "first (the first places are favoured: prefer \"random\")",
    "theme": "projects grouped by theme in the campaign file's order, each citizen seeing "
             "a random order of their own within a theme",
}


class Orderable(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def theme(self) -> str: ...


T = TypeVar("T", bound=Orderable)


def seed_of(session: Session) -> str:
    """The person's seed, drawn on first use and kept in their dialogue state."""
    seed = session.data.get(SEED_KEY)
    if not isinstance(seed, str) or not re.fullmatch(r"[0-9a-f]{32}", seed):
        seed = secrets.token_hex(16)
        session.data[SEED_KEY] = seed
    return seed


def kept(session: Session) -> dict[str, str]:
    """Session data to carry into a new dialogue so the person keeps their order."""
    seed = session.data.get(SEED_KEY)
    return {SEED_KEY: seed} if isinstance(seed, str) else {}


def rank(seed: str, number: int) -> bytes:
    """A project's place for one person: a keyed hash, uniform and independent per project."""
    return hashlib.blake2b(str(number).encode(), key=bytes.fromhex(seed), digest_size=16).digest()


def arrange(items: Sequence[T], kind: OrderKind, seed: str, themes: Sequence[str]) -> list[T]:
    """The items in the order the campaign chose, for the person holding `seed`."""
    if kind == "reference":
        return sorted(items, key=lambda c: c.id)
    if kind == "theme":
        place = {theme: i for i, theme in enumerate(themes)}
        return sorted(items, key=lambda c: (place.get(c.theme, len(place)), rank(seed, c.id)))
    return sorted(items, key=lambda c: rank(seed, c.id))
