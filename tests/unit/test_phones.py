"""Behaviour of mobile number validation and masking."""

import pytest

from flows.domain.phones import PhoneError, mask_phone, parse_mobile


@pytest.mark.parametrize(
    "text",
    [
        "06 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "0612345678",
        "+33612345678",
        "+33 6 12 34 56 78",
        "0033 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
        "  06 12 34 56 78 ",
    ],
)
def test_accepts_usual_ways_of_writing_a_french_mobile(text: str) -> None:
    assert parse_mobile(text) == "+33612345678"


def test_accepts_07_mobiles() -> None:
    assert parse_mobile("07 81 23 45 67") == "+33781234567"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("05 62 12 34 56", "not_a_mobile"),
        ("09 70 12 34 56", "not_a_mobile"),
        ("08 00 12 34 56", "not_a_mobile"),
        ("+32 470 12 34 56", "region_not_allowed"),
        ("+44 7400 123456", "region_not_allowed"),
        ("+262 692 12 34 56", "region_not_allowed"),
        ("+590 690 12 34 56", "region_not_allowed"),
        ("06 12 34", "too_short"),
        ("06 12 34 56 7", "too_short"),
        ("hello", "unparseable"),
        ("", "unparseable"),
    ],
)
def test_rejects_other_numbers_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(PhoneError) as info:
        parse_mobile(text)
    assert info.value.reason == reason
    assert isinstance(info.value, ValueError)


def test_overseas_mobile_accepted_when_its_region_is_allowed() -> None:
    assert parse_mobile("+262 692 12 34 56", allowed_regions=("FR", "RE")) == "+262692123456"


def test_national_form_is_read_in_the_default_region() -> None:
    assert parse_mobile("0470 12 34 56", allowed_regions=("BE",), default_region="BE") == (
        "+32470123456"
    )


def test_overseas_mobile_in_national_form_is_read_in_its_allowed_region() -> None:
    assert parse_mobile("0692 12 34 56", allowed_regions=("RE",)) == "+262692123456"
    assert parse_mobile("0690 12 34 56", allowed_regions=("FR", "GP")) == "+590690123456"
    assert parse_mobile("06 12 34 56 78", allowed_regions=("FR", "RE")) == "+33612345678"


def test_overseas_mobile_in_national_form_is_refused_as_from_elsewhere_in_a_mainland_vote() -> None:
    with pytest.raises(PhoneError) as info:
        parse_mobile("0692 12 34 56")
    assert info.value.reason == "region_not_allowed"


def test_a_mainland_landline_stays_not_a_mobile_when_overseas_is_allowed() -> None:
    with pytest.raises(PhoneError) as info:
        parse_mobile("05 62 12 34 56", allowed_regions=("FR", "RE"))
    assert info.value.reason == "not_a_mobile"


def test_region_check_comes_before_mobile_check() -> None:
    with pytest.raises(PhoneError) as info:
        parse_mobile("+32 2 555 12 12")
    assert info.value.reason == "region_not_allowed"


def test_masks_middle_digits_of_a_french_mobile() -> None:
    assert mask_phone("+33612345678") == "+33 6 •• •• •• 78"


def test_mask_keeps_country_first_group_and_last_two_digits_abroad() -> None:
    assert mask_phone("+447400123456") == "+44 7400 ••••56"


def test_mask_rejects_garbage() -> None:
    with pytest.raises(PhoneError):
        mask_phone("not a number")
