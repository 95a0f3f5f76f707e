"""The website's catalog lookup, in the style of `flows.i18n` (values escaped unless Safe)."""

from __future__ import annotations

import html
from collections.abc import Mapping

from bot.site.messages import en, fr
from flows.domain.turnout import whole
from flows.i18n import Safe

LANGUAGES = ("fr", "en")
CATALOGS: Mapping[str, Mapping[str, str]] = {"fr": fr.MESSAGES, "en": en.MESSAGES}


def t(lang: str, key: str, **values: object) -> str:
    """The site catalog's text for ``key`` in ``lang`` (French when English lacks it)."""
    template = CATALOGS.get(lang, fr.MESSAGES).get(key) or fr.MESSAGES[key]
    safe = {k: v.html if isinstance(v, Safe) else html.escape(str(v), quote=False)
            for k, v in values.items()}
    return template.format(**safe)


def counted(lang: str, key: str, count: int, **values: object) -> str:
    """``key_zero``, ``key_one`` or ``key_other`` for ``count``, written as people write it."""
    if count == 0 and f"{key}_zero" in fr.MESSAGES:
        return t(lang, f"{key}_zero", **values)
    one = count == 1 if lang == "en" else count in (0, 1)
    return t(lang, f"{key}_{'one' if one else 'other'}", count=whole(lang, count), **values)


def has(key: str) -> bool:
    return key in fr.MESSAGES
