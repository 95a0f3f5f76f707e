"""Behaviour of euro amount parsing and formatting."""

from decimal import Decimal

import pytest

from flows.domain.money import AmountError, format_amount, parse_amount

NNBSP = "\u202f"
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15000", "15000"),
        ("15 000", "15000"),
        ("15 000 €", "15000"),
        (f"15{NNBSP}000{NBSP}€", "15000"),
        (f"15{NBSP}000 €", "15000"),
        ("15.000", "15000"),
        ("15,000", "15000"),
        ("15.000,50", "15000.50"),
        ("15 000,50", "15000.50"),
        ("€15,000.50", "15000.50"),
        ("15000 euros", "15000"),
        ("15 000 EUR", "15000"),
        ("15€", "15"),
        ("1.000.000", "1000000"),
        ("1,000,000", "1000000"),
        ("1 234 567,89 €", "1234567.89"),
    ],
)
def test_accepts_french_and_english_amount_formats(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15k", "15000"),
        ("15,5k", "15500"),
        ("15 k€", "15000"),
        ("1,2 M€", "1200000"),
        ("1.5M", "1500000"),
        ("15 mille", "15000"),
        ("1.500k", "1500"),
    ],
)
def test_expands_thousand_and_million_suffixes(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


def test_single_mark_followed_by_three_digits_is_a_thousands_separator() -> None:
    assert parse_amount("15.000") == Decimal("15000")
    assert parse_amount("15.505") == Decimal("15505")


def test_single_mark_followed_by_other_digit_counts_is_a_decimal_mark() -> None:
    assert parse_amount("15.50") == Decimal("15.50")
    assert parse_amount("15,5") == Decimal("15.50")
    assert parse_amount("1234.5") == Decimal("1234.50")


def test_leading_zero_before_three_digits_is_decimal() -> None:
    assert parse_amount("0,500") == Decimal("0.50")


def test_result_is_rounded_to_cents() -> None:
    assert parse_amount("1,23456k") == Decimal("1234.56")
    assert parse_amount("15").as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "not_a_number"),
        ("quinze mille", "not_a_number"),
        ("15 00", "not_a_number"),
        ("15.00.00", "not_a_number"),
        ("12 34,5 €", "not_a_number"),
        ("-15", "negative"),
        ("-15 000 €", "negative"),
        ("€-15", "negative"),
        ("15.5055", "too_many_decimals"),
        ("12345.678", "too_many_decimals"),
    ],
)
def test_rejects_bad_amounts_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    assert info.value.reason == reason
    assert isinstance(info.value, ValueError)


def test_zero_is_accepted_for_callers_to_judge() -> None:
    assert parse_amount("0") == Decimal(0)


def test_formats_french_with_narrow_no_break_space_groups() -> None:
    assert format_amount(Decimal("15000")) == f"15{NNBSP}000{NBSP}€"
    assert format_amount(1234567) == f"1{NNBSP}234{NNBSP}567{NBSP}€"


def test_formats_cents_only_when_not_whole() -> None:
    assert format_amount(Decimal("15000.00")) == f"15{NNBSP}000{NBSP}€"
    assert format_amount(Decimal("15000.5")) == f"15{NNBSP}000,50{NBSP}€"
    assert format_amount(Decimal("15000.5"), "en") == "€15,000.50"


def test_formats_english_with_leading_euro_sign() -> None:
    assert format_amount(15000, "en") == "€15,000"
    assert format_amount(Decimal(999), "en") == "€999"


def test_unknown_language_falls_back_to_french() -> None:
    assert format_amount(15000, "oc") == format_amount(15000, "fr")


def test_parse_reads_back_what_format_writes() -> None:
    for value in (Decimal("0.5"), Decimal(15000), Decimal("1234567.89")):
        assert parse_amount(format_amount(value)) == value
        assert parse_amount(format_amount(value, "en")) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("environ 20 000 €", "20000.00"),
        ("env. 20000", "20000.00"),
        ("~15k", "15000.00"),
        ("15 000 € environ", "15000.00"),
        ("à peu près 5000", "5000.00"),
        ("15 000 € TTC", "15000.00"),
        ("about 2,000 euros", "2000.00"),
    ],
)
def test_a_hedged_estimate_is_read_as_its_number(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["15 000 HT", "15 000 € hors taxes", "environ 15k HT"])
def test_a_cost_before_tax_is_refused_so_the_full_cost_is_asked(text: str) -> None:
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    assert info.value.reason == "before_tax"


def test_a_long_chain_of_ranges_is_refused_without_deep_work() -> None:
    with pytest.raises(AmountError) as info:
        parse_amount("1 à " * 500 + "1")
    assert info.value.reason == "too_long"


@pytest.mark.parametrize("text", ["environ", "quinze mille", "20 000 à trente"])
def test_a_hedge_without_a_single_number_is_still_refused(text: str) -> None:
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    assert info.value.reason == "not_a_number"


@pytest.mark.parametrize(
    ("text", "high"),
    [
        ("20 000 à 30 000", "30000.00"),
        ("20 000 € - 30 000 €", "30000.00"),
        ("entre 10k et 12k", "12000.00"),
        ("from 2,000 to 3,000 euros", "3000.00"),
    ],
)
def test_a_range_is_refused_naming_its_upper_end(text: str, high: str) -> None:
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    assert info.value.reason == "range"
    assert info.value.high == Decimal(high)
