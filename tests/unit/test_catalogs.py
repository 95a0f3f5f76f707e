"""The English and French message catalogs stay in step: same keys, same placeholders."""

from __future__ import annotations

import string

import pytest

from flows.messages import en, fr

CATALOGS = {"fr": fr.MESSAGES, "en": en.MESSAGES}


def placeholders(template: str) -> set[str]:
    """The names of the `{placeholder}` fields in a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_same_keys() -> None:
    missing_in_en = sorted(fr.MESSAGES.keys() - en.MESSAGES.keys())
    missing_in_fr = sorted(en.MESSAGES.keys() - fr.MESSAGES.keys())
    assert not missing_in_en, f"keys missing from en: {missing_in_en}"
    assert not missing_in_fr, f"keys missing from fr: {missing_in_fr}"


@pytest.mark.parametrize("key", sorted(fr.MESSAGES))
def test_same_placeholders(key: str) -> None:
    assert key in en.MESSAGES, f"{key} missing from en"
    assert placeholders(en.MESSAGES[key]) == placeholders(fr.MESSAGES[key])


@pytest.mark.parametrize(
    ("lang", "key"),
    [(lang, key) for lang, messages in CATALOGS.items() for key in sorted(messages)],
)
def test_formats_with_dummy_values(lang: str, key: str) -> None:
    template = CATALOGS[lang][key]
    names = placeholders(template)
    assert all(name.isidentifier() for name in names), f"odd placeholder in {lang}/{key}"
    text = template.format(**{name: f"<{name}>" for name in names})
    assert text.strip()
