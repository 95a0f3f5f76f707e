"""The phase names staff may type after /phase, in French or English, accents ignored."""

from __future__ import annotations

from typing import Literal

from flows.domain.campaign import PhaseKind
from flows.domain.textnorm import normalize

AUTO: Literal["auto"] = "auto"
NAMES: dict[str, PhaseKind | Literal["auto"]] = {
    "proposals": PhaseKind.PROPOSALS, "propositions": PhaseKind.PROPOSALS,
    "proposition": PhaseKind.PROPOSALS, "depot": PhaseKind.PROPOSALS,
    "depots": PhaseKind.PROPOSALS, "review": PhaseKind.REVIEW, "examen": PhaseKind.REVIEW,
    "etude": PhaseKind.REVIEW, "instruction": PhaseKind.REVIEW, "vote": PhaseKind.VOTE,
    "votes": PhaseKind.VOTE, "voting": PhaseKind.VOTE, "results": PhaseKind.RESULTS,
    "resultats": PhaseKind.RESULTS, "resultat": PhaseKind.RESULTS, "closed": PhaseKind.CLOSED,
    "clos": PhaseKind.CLOSED, "close": PhaseKind.CLOSED, "cloture": PhaseKind.CLOSED,
    "ferme": PhaseKind.CLOSED, "fermee": PhaseKind.CLOSED, "termine": PhaseKind.CLOSED,
    "auto": AUTO, "automatique": AUTO, "calendrier": AUTO, "calendar": AUTO,
}


def parse_phase(text: str) -> PhaseKind | Literal["auto"] | None:
    """'Résultats', 'RESULTATS', 'results' all name the results phase; None if unknown."""
    return NAMES.get(normalize(text).replace(" ", ""))
