"""Reading a declared age: figures, words around them, a birth date or year."""

from datetime import date

import pytest

from flows.domain.ages import read_age

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("42", 42),
        ("67 ans", 67),
        ("j'ai 67 ans", 67),
        ("née le 12/03/1958", 68),
        ("26.11.1958", 67),  # birthday tomorrow
        ("25-11-2010", 16),  # birthday today
        ("né en 1958", 67),
        ("1958-03-12", 68),
        ("né le 12 mars 1958", 68),
        ("1er décembre 1958", 67),  # a bare year: the birthday may still be ahead
        ("I am 17", 17),
        ("٦٧", 67),  # Arabic-Indic digits, as some keyboards type them
    ],
)
def test_an_age_or_a_birth_date_gives_the_age(text: str, age: int) -> None:
    assert read_age(text, TODAY) == age


@pytest.mark.parametrize("text", ["", "quarante", "0", "150", "31/02/1960", "42 ou 43",
                                  "2026", "6²"])
def test_no_single_likely_age_gives_none(text: str) -> None:
    assert read_age(text, TODAY) is None
