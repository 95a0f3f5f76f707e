"""How to say "in the Gers": each département with its own article and preposition."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from flows.domain.communes import CommuneDirectory


@cache
def _phrases() -> dict[str, str]:
    text = resources.files("flows").joinpath("data", "departements_in.json").read_text(
        encoding="utf-8")
    return dict(json.loads(text)["in"])


def in_department(code: str, lang: str, communes: CommuneDirectory) -> str:
    """'dans le Gers', 'en Haute-Garonne', 'dans l'Aude'; 'in Gers' in English."""
    name = communes.department_name(code) or code
    if lang == "fr":
        return _phrases().get(code) or f"dans le département {name}"
    return f"in {name}"
