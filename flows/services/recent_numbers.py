"""Numbers just given for an SMS code, in memory only, so "Nouveau code" needs no retyping.

Phone numbers are stored only as keyed hashes (HMAC), which cannot send an SMS. This keeps
the clear number in the process's memory for the code's lifetime and never writes it to
the database, its WAL, backups or logs. A restart forgets it: the voter is then asked for
the number again (one tap with "Partager mon numéro").
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RecentNumbers:
    """Account hash -> (number, forget after); bounded, oldest entries dropped first."""

    limit: int = 10_000
    _numbers: dict[str, tuple[str, float]] = field(default_factory=dict, repr=False)

    def keep(self, account: str, e164: str, until: float) -> None:
        self._numbers.pop(account, None)
        self._numbers[account] = (e164, until)
        while len(self._numbers) > self.limit:
            del self._numbers[next(iter(self._numbers))]

    def get(self, account: str, now: float) -> str | None:
        kept = self._numbers.get(account)
        if kept is None or kept[1] < now:
            self._numbers.pop(account, None)
            return None
        return kept[0]

    def forget(self, account: str) -> None:
        self._numbers.pop(account, None)

    def __repr__(self) -> str:  # never a number in a log or a traceback
        return f"RecentNumbers({len(self._numbers)} kept)"
