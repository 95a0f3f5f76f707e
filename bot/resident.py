"""Data that lives as long as the process, set aside from the garbage collector."""

from __future__ import annotations

import gc

from flows.domain.communes import CommuneDirectory, load_communes


def resident_communes() -> CommuneDirectory:
    """The commune directory, frozen out of GC passes.

    Its ~40k immutable records would otherwise be walked by every full collection and at
    exit, which made Ctrl-C take half a second on an idle machine and seconds on a busy one.
    """
    communes = load_communes()
    gc.freeze()
    return communes
