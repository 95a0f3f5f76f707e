"""Text normalisation for matching French place names typed on phones."""

from __future__ import annotations

import re
import unicodedata

# Ligatures do not decompose under NFKD, so they are spelled out first.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
# Abbreviations people use for place names (and the post office too).
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes", "mt": "mont"}
_ARTICLES = ("l", "le", "la", "les")
_SUR = re.compile(r"\bs\s*/\s*")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize(text: str) -> str:
    """Lowercase, accent-free, punctuation-free form with "st"/"ste" expanded to "saint"/"sainte".

    "L'Isle-Jourdain" -> "l isle jourdain"; "St Clar" -> "saint clar"; "Castéra-Verduzan" ->
    "castera verduzan". Leading articles are kept; see `strip_article`.
    """
    folded = unicodedata.normalize("NFKD", text.translate(_LIGATURES).lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = _SUR.sub(" sur ", folded)  # "Castelnau s/ Auvignon"
    words = _NON_WORD.sub(" ", folded).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def strip_article(normalized: str) -> str:
    """Drop one leading article ("l", "le", "la", "les") from a normalized name, if any remains."""
    head, _, rest = normalized.partition(" ")
    if head in _ARTICLES and rest:
        return rest
    return normalized


def compact(normalized: str) -> str:
    """Normalized text without spaces, so "castera verduzan" equals "casteraverduzan"."""
    return normalized.replace(" ", "")
