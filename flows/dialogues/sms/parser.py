"""What a plain text message asks for: forgiving of case, accents, spaces, commas and typos."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.domain.communes import edit_distance
from flows.domain.textnorm import normalize


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class ListProjects:
    """LISTE, LISTE 2 (a page), LISTE Auch (a place: canton, territory or commune)."""

    page: int = 1
    place: str = ""


@dataclass(frozen=True)
class ShowProject:
    number: int | None


@dataclass(frozen=True)
class Vote:
    numbers: tuple[int, ...]


@dataclass(frozen=True)
class Confirm:
    code: str


@dataclass(frozen=True)
class Receipt:
    code: str


@dataclass(frozen=True)
class Stop:
    pass


@dataclass(frozen=True)
class Place:
    """COMMUNE Auch, or the name alone when the commune was asked."""

    name: str


@dataclass(frozen=True)
class Unknown:
    """Nothing recognised; `word` is the first word, `text` the whole message (a commune's
    name, when one was asked)."""

    word: str
    text: str = ""


SmsCommand = Help | ListProjects | ShowProject | Vote | Confirm | Receipt | Stop | Place | Unknown

# Every word a command may start with (accent-free, lower case), French first, then English.
KEYWORDS: dict[str, str] = {
    "aide": "help", "aider": "help", "help": "help", "info": "help", "infos": "help",
    "liste": "list", "listes": "list", "list": "list", "projets": "list",
    "projet": "project", "project": "project", "detail": "project", "voir": "project",
    "vote": "vote", "voter": "vote", "votes": "vote", "votez": "vote",
    "oui": "confirm", "yes": "confirm", "confirme": "confirm", "confirmer": "confirm",
    "recu": "receipt", "recus": "receipt", "receipt": "receipt",
    "stop": "stop", "arret": "stop", "arreter": "stop", "oublier": "stop",
    "commune": "place", "ville": "place", "village": "place",
}
# Words people put between the numbers of a ballot ("vote pour le 12, le 15 et le 23").
_NUMBER = re.compile(r"\d+")
_GLUED = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")


def keyword(word: str) -> str | None:
    """The command a first word means, allowing one slip (two in long words): 'liste',
    'LISTE', 'lsite', 'voet'. Words under four letters must be exact."""
    if word in KEYWORDS:
        return KEYWORDS[word]
    if len(word) < 4:
        return None
    limit = 1 if len(word) < 8 else 2
    near = {KEYWORDS[k] for k in KEYWORDS
            if len(k) >= 4 and edit_distance(word, k, limit) <= limit}
    return near.pop() if len(near) == 1 else None


def parse(text: str) -> SmsCommand:
    """The command in one SMS; `Unknown` when there is none."""
    words = _GLUED.sub(" ", normalize(text)).split()
    if not words:
        return Help() if "?" in text else Unknown("", text.strip()[:100])
    if words[0] == "je" and len(words) > 1 and keyword(words[1]) == "vote":
        words = words[1:]  # "je vote 12 15 23"
    command = keyword(words[0])
    rest = words[1:]
    numbers = tuple(int(n) for n in _NUMBER.findall(" ".join(rest)))
    if command == "help":
        return Help()
    if command == "list":
        named = " ".join(w for w in rest if not w.isdigit())
        return ListProjects(page=numbers[0] if numbers and not named else 1, place=named)
    if command == "project":
        return ShowProject(numbers[0] if numbers else None)
    if command == "vote":
        return Vote(numbers)
    if command == "confirm":
        return Confirm("".join(w for w in rest if w.isdigit()))
    if command == "receipt":
        return Receipt("".join(rest).upper())
    if command == "stop":
        return Stop()
    if command == "place":
        return Place(" ".join(rest))
    whole = " ".join(text.split())[:100]
    if all(w.isdigit() for w in words):
        return Unknown(" ".join(words), whole)
    return Unknown(whole.split()[0][:20] if whole else "", whole)
