"""Who acts in a staff use case: an id for the audit log and a name shown to colleagues."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    id: int
    name: str

    @property
    def label(self) -> str:
        """The name colleagues see ("Paul"), or the id when there is no name."""
        return self.name or str(self.id)
