"""The website's French and English catalogs stay in step: same keys, same placeholders."""

from __future__ import annotations

import string

import pytest

from bot.site.messages import en, fr


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_site_catalogs_have_the_same_keys() -> None:
    assert sorted(fr.MESSAGES) == sorted(en.MESSAGES)


@pytest.mark.parametrize("key", sorted(fr.MESSAGES))
def test_site_texts_have_the_same_placeholders(key: str) -> None:
    assert placeholders(en.MESSAGES[key]) == placeholders(fr.MESSAGES[key])
