"""Reads the raw bytes of a SQLite file, its -wal and -shm, page by page, for a voter's traces.

A page (or a -wal frame) holding one of a voter's identifiers and a mark of their ballot is a
link: whoever reads the files can tell how that person voted."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from flows.domain import verification
from flows.domain.sealing import SealError, unseal
from flows.services.voters import Voter

WAL_HEADER, FRAME_HEADER = 32, 24
# flows.domain.sealing's hex: nonce (16 bytes), ciphertext, tag (32 bytes).
SEALED = re.compile(rb"[0-9a-f]{32}\.[0-9a-f]{2,64}\.[0-9a-f]{64}")


@dataclass(frozen=True)
class Traces:
    """What names a voter, and what marks their ballot, as bytes found in the files."""

    identifiers: tuple[bytes, ...]
    marks: tuple[bytes, ...]
    # A plain phone's number as the SMS tables keep it (sms_inbox, sms_outbox): sealed with a
    # fresh nonce each time, so it is recognised by unsealing with the phone key.
    phone_key: bytes = b""
    number: str = ""

    def named_in(self, page: bytes) -> bool:
        """Whether the page holds one of the voter's identifiers, hashed or sealed."""
        if any(i in page for i in self.identifiers):
            return True
        return bool(self.number) and any(
            _unsealed(self.phone_key, m[0]) == self.number for m in SEALED.finditer(page))


def _unsealed(key: bytes, sealed: bytes) -> str | None:
    try:
        return unseal(key, sealed.decode())
    except (SealError, ValueError):
        return None


def integer_forms(value: int) -> tuple[bytes, ...]:
    """An id as text (JSON, tags) and as SQLite stores an INTEGER (big-endian, 1-8 bytes)."""
    size = next(n for n in (1, 2, 3, 4, 6, 8) if -(1 << (8 * n - 1)) <= value < 1 << (8 * n - 1))
    return str(value).encode(), value.to_bytes(size, "big", signed=True)


def voter_traces(telegram_id: int, hashes: Sequence[str], choices: Sequence[int],
                 receipt: str | None = None) -> Traces:
    """A voter's Telegram id and keyed hashes; their choices (in the order ticked) in every
    stored form, a tap ticking one, a ticked box on a screen, their receipt once they have one."""
    marks = [*choice_marks(choices, receipt), "☑".encode(),
             *(f"|t:{c}:1".encode() for c in choices)]
    return Traces((*integer_forms(telegram_id), *(h.encode() for h in hashes)), tuple(marks))


def choice_marks(choices: Sequence[int], receipt: str | None) -> list[bytes]:
    """A ballot's choices as the session and the backup keep them, and its receipt."""
    marks = [("[" + ", ".join(map(str, sorted(choices))) + "]").encode(),
             ('"choices":[' + ",".join(map(str, choices)) + "]").encode()]
    return [*marks, receipt.encode()] if receipt else marks


def sms_voter_traces(key: bytes, number: str, choices: Sequence[int], receipt: str | None = None,
                     texts: Sequence[str] = ()) -> Traces:
    """A plain phone's keyed hashes and sealed number; their choices as the SMS session keeps
    them, their receipt, and `texts`: what they sent or were sent that gives their ballot away
    (their VOTE message, the reply saying what was understood)."""
    hashes = (Voter("sms", number).account_hash(key), verification.phone_hash(key, number),
              verification.keyed_hash(key, "sms-replies", number))
    marks = [*choice_marks(choices, receipt), *(text.encode() for text in texts)]
    return Traces(tuple(h.encode() for h in hashes), tuple(marks), key, number)


def pages(db: Path) -> Iterator[tuple[str, bytes]]:
    """(where, bytes) for each page of the main file, each -wal frame, and the -shm."""
    if db.exists():
        data = db.read_bytes()
        size = int.from_bytes(data[16:18], "big") if len(data) >= 100 else 4096
        size = 65536 if size == 1 else size
        for offset in range(0, len(data), size):
            yield f"{db.name} page {offset // size + 1}", data[offset:offset + size]
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        data = wal.read_bytes()
        size = int.from_bytes(data[8:12], "big") if len(data) >= WAL_HEADER else 0
        step = FRAME_HEADER + size
        for n, offset in enumerate(range(WAL_HEADER, len(data) - step + 1, step) if size else ()):
            yield f"{wal.name} frame {n + 1}", data[offset:offset + step]
    shm = db.with_name(db.name + "-shm")
    if shm.exists():
        yield shm.name, shm.read_bytes()


def links(db: Path, traces: Traces) -> list[str]:
    """Where one page holds both an identifier of the voter and a mark of their ballot."""
    return [where for where, page in pages(db)
            if any(m in page for m in traces.marks) and traces.named_in(page)]


def occurrences(db: Path, needle: bytes) -> dict[str, int]:
    """How many times `needle` shows up in each file (main, -wal, -shm)."""
    found: dict[str, int] = {}
    for suffix in ("", "-wal", "-shm"):
        path = db.with_name(db.name + suffix)
        if path.exists():
            found[path.name] = path.read_bytes().count(needle)
    return found


def wal_size(db: Path) -> int:
    wal = db.with_name(db.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0
