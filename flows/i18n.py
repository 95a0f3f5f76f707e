"""Message catalogs: every user-facing string, in French and English, HTML-safe."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

from flows.messages import en, fr

CATALOGS: Mapping[str, Mapping[str, str]] = {"fr": fr.MESSAGES, "en": en.MESSAGES}


@dataclass(frozen=True)
class Safe:
    """Text already HTML-escaped (or built from escaped parts): inserted as is."""

    html: str


def language_of(code: str | None) -> str:
    """English for users whose Telegram language is English, French otherwise."""
    return "en" if code and code.lower().startswith("en") else "fr"


def t(lang: str, key: str, **values: object) -> str:
    """The catalog text for `key`, with every value HTML-escaped unless marked Safe."""
    template = CATALOGS.get(lang, fr.MESSAGES).get(key) or fr.MESSAGES[key]
    safe = {k: v.html if isinstance(v, Safe) else html.escape(str(v), quote=False)
            for k, v in values.items()}
    return template.format(**safe)


def plural_key(lang: str, key: str, count: int) -> str:
    """`key_one` or `key_other` for `count`, or `key_zero` where the catalog words none apart.

    French keeps 0 and 1 in the singular ("0 essai"); English only 1.
    """
    if count == 0 and has_text(f"{key}_zero"):
        return f"{key}_zero"
    one = count == 1 if lang == "en" else count in (0, 1)
    return f"{key}_{'one' if one else 'other'}"


def plural(lang: str, key: str, count: int, **values: object) -> str:
    """The catalog's text for `count` ("1 projet choisi", "4 essais"): see `plural_key`."""
    return t(lang, plural_key(lang, key, count), count=count, **values)


def has_text(key: str) -> bool:
    return key in fr.MESSAGES
