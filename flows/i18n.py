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


def has_text(key: str) -> bool:
    return key in fr.MESSAGES
