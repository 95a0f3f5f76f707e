"""The VOTES of a plain approval file, read straight into `ApprovalColumns` with numpy.

Python splits the body once on ``;`` to take the vote column; numpy then finds every project id
in those bytes, reads each (up to 8 bytes) as one integer and looks it up in a small hash
table of the projects' ids, so no Python object is made per name. Like the bulk reader
(fast_votes.py) it vouches only for the plain case (every line with exactly the header's
fields, no quotes, no blank line, no empty vote, known ids, each named once) and answers None
otherwise, leaving the file to the readers after it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from .approval_columns import ApprovalColumns, Ints
from .election import Project

COMMA, SEMICOLON, NEWLINE = ord(","), ord(";"), ord("\n")
Ints8 = npt.NDArray[np.uint8]
MAX_ID_BYTES = 8  # an id packs into one uint64
# Above this many voter x project cells, repeated names are found by sorting, not a bitmap.
MAX_BITMAP_CELLS = 1 << 26
# The id table has n * n slots; past this many projects the bulk reader reads the file.
MAX_HASHED_IDS = 2048


def read_approvals(body: bytes, header: list[str],
                   projects: Mapping[str, Project]) -> ApprovalColumns | None:
    """The approval columns of a plain VOTES body, or None if a line needs a careful reader."""
    found = _vote_text(body, header)
    if found is None:
        return None
    joined, end_of_vote, voters = found
    items = _items(np.frombuffer(joined, np.uint8), end_of_vote)
    if items is None:
        return None
    starts, lengths, ends_vote = items
    if not len(lengths) or lengths.min() < 1 or lengths.max() > MAX_ID_BYTES:
        return None  # an empty vote or item, or ids too long to pack: the bulk reader decides
    ids = list(projects)
    project = _lookup(_pack(joined, starts, lengths), lengths, ids)
    if project is None:
        return None
    sizes = np.diff(np.concatenate(([-1], np.flatnonzero(ends_vote))))
    if len(sizes) != voters:
        return None
    voter = np.repeat(np.arange(voters, dtype=np.int64), sizes)
    if _names_a_project_twice(voter, project, voters, len(ids)):
        return None
    return ApprovalColumns(ids=ids, project=project, voter=voter, voters=voters)


def _vote_text(body: bytes, header: list[str]) -> tuple[bytes, int, int] | None:
    """The votes as one byte string, the byte that ends each vote in it, and their number.

    In the middle of a line, votes are the vote fields joined by ``;``. Last on a line (the
    usual ``voter_id;vote``), they are the pieces the ``;`` split leaves, each a vote, a line
    break and the next line's first field (skipped by `_items`).
    """
    width, column = len(header), header.index("vote")
    if b'"' in body or column == 0:
        return None  # quotes, or the vote first on a line: the bulk reader
    if b"\r" in body:
        body = body.replace(b"\r\n", b"\n")
        if b"\r" in body:
            return None
    if not body or b"\n\n" in body or body.startswith(b"\n"):
        return None
    if not body.endswith(b"\n"):
        body += b"\n"
    fields = body.split(b";")
    lines = body.count(b"\n")
    joints = fields[width - 1::width - 1]
    if len(fields) != lines * (width - 1) + 1 or not _one_break_each(joints):
        return None
    if column == width - 1:
        return b";".join(joints), NEWLINE, lines
    return b";".join(fields[column::width - 1]), SEMICOLON, lines


def _items(text: Ints8, end_of_vote: int) -> tuple[Ints, Ints, npt.NDArray[np.bool_]] | None:
    """Each project id's start and length in ``text``, and whether it is its vote's last.

    Items run between separators (``,`` ``;`` line break); one right after a line break is
    not part of a vote (it starts the next line) and is left out. None if such a first
    field holds a comma: the rest of it would pass for part of the next vote.
    """
    separators = np.flatnonzero((text == COMMA) | (text == SEMICOLON) | (text == NEWLINE))
    kinds = text[separators]
    starts = np.concatenate(([0], separators + 1))
    lengths = np.concatenate((separators, [len(text)])) - starts
    after = np.concatenate(([SEMICOLON], kinds))
    before = np.concatenate((kinds, [end_of_vote]))
    keep = after != NEWLINE
    if bool((~keep & (before == COMMA)).any()):
        return None
    return starts[keep], lengths[keep], before[keep] == end_of_vote


def _one_break_each(joints: list[bytes]) -> bool:
    """Whether each piece holds exactly one line break.

    Split on ``;``, a line's last field and the next line's first share a piece; one break
    in each such piece means every line has exactly width - 1 semicolons.
    """
    text = np.frombuffer(b"\0".join(joints), np.uint8)
    breaks, ends = np.flatnonzero(text == ord("\n")), np.flatnonzero(text == 0)
    if len(breaks) != len(joints) or len(ends) != len(joints) - 1:
        return False  # (a NUL inside a piece also lands here, and in the careful reader)
    return bool((breaks[:-1] < ends).all() and (ends < breaks[1:]).all())


def _pack(text: bytes, starts: Ints, lengths: Ints) -> npt.NDArray[np.uint64]:
    """Each item's bytes as one big-endian integer: the 8 bytes from its start, shifted."""
    padded = text + bytes(MAX_ID_BYTES)
    # One (unaligned) 8-byte word at every byte offset, read where each item starts.
    words = np.ndarray(shape=(len(text),), dtype=">u8", buffer=padded, strides=(1,))
    shifts = (8 * (MAX_ID_BYTES - lengths)).astype(np.uint64)
    return (words[starts] >> shifts).astype(np.uint64)


def _lookup(packed: npt.NDArray[np.uint64], lengths: Ints, ids: list[str]) -> Ints | None:
    """Each item's index in ``ids``, or None if one is not exactly a project's id."""
    encoded = [pid.encode() for pid in ids]
    short = [i for i, raw in enumerate(encoded) if len(raw) <= MAX_ID_BYTES]
    keys = [int.from_bytes(encoded[i], "big") for i in short]
    size = _table_size(keys)
    if size is None:
        return None
    table = np.full(size, len(ids), np.int64)  # len(ids): no project
    table[np.array(keys, np.uint64) % np.uint64(size)] = short
    found: Ints = table[packed % np.uint64(size)]
    if (found == len(ids)).any():
        return None
    id_keys = np.zeros(len(ids), np.uint64)
    id_keys[short] = keys
    id_lengths = np.array([len(raw) for raw in encoded], np.int64)
    if (id_keys[found] != packed).any() or (id_lengths[found] != lengths).any():
        return None  # an unknown id, or one differing from a project's by leading NULs
    return found


def _table_size(keys: list[int]) -> int | None:
    """A table size under which the keys all fall in different slots (a perfect hash)."""
    # With n * n slots, n keys miss each other with probability about e^-1/2 per size tried.
    if len(keys) > MAX_HASHED_IDS:
        return None
    first = max(len(keys) ** 2, 16)
    for size in range(first, first + 200):
        if len({key % size for key in keys}) == len(keys):
            return size
    return None


def _names_a_project_twice(voter: Ints, project: Ints, voters: int, projects: int) -> bool:
    cell = voter * projects + project
    if voters * projects <= MAX_BITMAP_CELLS:
        seen = np.zeros(voters * projects, np.bool_)
        seen[cell] = True
        return int(np.count_nonzero(seen)) != len(cell)
    ordered = np.sort(cell)
    return bool((ordered[1:] == ordered[:-1]).any())
