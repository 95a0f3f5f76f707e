"""The campaign file: errors naming the field, Europe/Paris phases, plain-string texts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.domain.campaign import (
    PARIS,
    CampaignError,
    Localized,
    PhaseKind,
    load_campaign,
    parse_campaign,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
GERS = (EXAMPLES / "gers.toml").read_text(encoding="utf-8")
WHERE = Path("campagne.toml")


def problems_of(text: str) -> list[str]:
    with pytest.raises(CampaignError) as caught:
        parse_campaign(text, WHERE)
    assert str(caught.value).startswith(f"{WHERE}: {len(caught.value.problems)} problem(s)")
    return caught.value.problems


def edited(old: str, new: str) -> str:
    assert old in GERS
    return GERS.replace(old, new, 1)


def test_both_examples_load() -> None:
    assert load_campaign(EXAMPLES / "gers.toml").department == "32"
    assert load_campaign(EXAMPLES / "aude.toml").department == "11"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('currency = "EUR"', 'currency = "EUR"\ncolour = "blue"',
     "colour: unknown field (check its spelling)"),
    ('department = "32"', 'department = "320"',
     "department: expected a département INSEE code such as \"32\", \"2A\" or \"974\" "
     "(got '320')"),
    ('reference_prefix = "BP"', 'reference_prefix = "bp"',
     "reference_prefix: expected capital letters, digits or \"-\", e.g. \"BP\" (got 'bp')"),
    ('id = "gers-bpg4"', 'id = "Gers BPG"',
     "id: expected lowercase letters, digits, '-' or '_' (at most 20 or 40 characters) "
     "(got 'Gers BPG')"),
    ("total = 1_000_000", "total = 0", "budget.total: Input should be greater than 0 (got 0)"),
    ("chat_id = -1001234567890", "chat_id = 42",
     "staff.chat_id: Input should be less than 0 (got 42)"),
], ids=["unknown-field", "departement", "prefix", "campaign-id", "total", "staff-chat"])
def test_a_field_error_names_the_field_and_what_is_expected(
        old: str, new: str, expected: str) -> None:
    assert problems_of(edited(old, new)) == [expected]


def test_a_missing_table_is_named_as_required() -> None:
    text = edited("[staff]\nchat_id = -1001234567890\nuser_ids = []\n", "")
    assert problems_of(text) == ["staff: this field is required"]


def test_min_cost_above_max_cost_names_the_projects_table() -> None:
    (problem,) = problems_of(edited("min_cost = 500", "min_cost = 60_000"))
    assert problem.startswith("projects: min_cost must be below max_cost")


def test_a_phase_ending_before_it_starts_names_the_phase() -> None:
    (problem,) = problems_of(edited("end = 2027-01-31T23:59:59", "end = 2026-10-01T00:00:00"))
    assert problem.startswith("phases[0]: a phase must end after it starts")


def test_overlapping_phases_are_refused() -> None:
    (problem,) = problems_of(edited("start = 2027-02-01T00:00:00", "start = 2027-01-15T00:00:00"))
    assert problem.startswith(
        "phases: phase 'review' starts before phase 'proposals' ends")


@pytest.mark.parametrize(("old", "new"), [
    ("end = 2027-01-31T23:59:59", "end = 2026-10-01T00:00:00"),  # the phase table
    ("start = 2027-02-01T00:00:00", "start = 2027-01-15T00:00:00"),  # the whole file
], ids=["phase", "top-level"])
def test_a_table_level_error_does_not_dump_the_table(old: str, new: str) -> None:
    (problem,) = problems_of(edited(old, new))
    assert "(got {" not in problem and len(problem) < 200


def test_every_problem_is_listed() -> None:
    text = edited('department = "32"', 'department = "320"').replace(
        'reference_prefix = "BP"', 'reference_prefix = "bp"')
    problems = problems_of(text)
    assert [p.split(":")[0] for p in problems] == ["department", "reference_prefix"]


def test_bad_toml_syntax_names_the_line() -> None:
    (problem,) = problems_of(edited('department = "32"', 'department = "32'))
    assert problem.startswith("not valid TOML: ")
    assert "line 5" in problem


def test_a_missing_file_is_a_campaign_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    with pytest.raises(CampaignError) as caught:
        load_campaign(path)
    assert caught.value.path == path
    assert caught.value.problems == ["cannot read the file: No such file or directory"]


def test_a_file_that_is_not_utf8_is_a_campaign_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(GERS.encode("latin-1", errors="replace"))
    with pytest.raises(CampaignError):
        load_campaign(path)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
        second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@pytest.mark.parametrize(("moment", "phase"), [
    (utc(2026, 10, 31, 22, 59, 59), PhaseKind.CLOSED),  # 23:59:59 Paris (CET), not started
    (utc(2026, 10, 31, 23, 0, 0), PhaseKind.PROPOSALS),  # midnight Paris opens it
    (utc(2027, 1, 31, 22, 30), PhaseKind.PROPOSALS),  # 23:30 Paris on the last day
    (utc(2027, 1, 31, 23, 0, 0), PhaseKind.REVIEW),  # midnight Paris, 1 February
    (utc(2027, 4, 30, 21, 30), PhaseKind.VOTE),  # 23:30 Paris (CEST, UTC+2)
    (utc(2027, 4, 30, 22, 0, 0), PhaseKind.RESULTS),  # midnight Paris, 1 May
    (utc(2028, 1, 1, 12, 0), PhaseKind.CLOSED),  # after the last phase
])
def test_phase_at_reads_the_calendar_in_paris_time(moment: datetime, phase: PhaseKind) -> None:
    assert load_campaign(EXAMPLES / "gers.toml").phase_at(moment) == phase


def test_local_dates_and_times_in_the_file_are_paris_wall_clock() -> None:
    text = edited("start = 2026-11-01T00:00:00", "start = 2026-11-01")
    first = parse_campaign(text, WHERE).phases[0]
    assert first.start == datetime(2026, 11, 1, tzinfo=PARIS)
    assert first.start.isoformat() == "2026-11-01T00:00:00+01:00"
    assert first.end.astimezone(UTC) == utc(2027, 1, 31, 22, 59, 59)


def test_an_explicit_offset_in_the_file_is_kept() -> None:
    text = edited("end = 2027-01-31T23:59:59", "end = 2027-01-31T12:00:00Z")
    campaign = parse_campaign(text, WHERE)
    assert campaign.phases[0].end == utc(2027, 1, 31, 12)
    assert campaign.phase_at(utc(2027, 1, 31, 12, 30)) == PhaseKind.CLOSED


def test_a_plain_string_text_serves_every_language() -> None:
    text = edited('name = { fr = "Budget participatif gersois", en = "Gers participatory budget" }',
                  'name = "Budget participatif gersois"')
    text = text.replace('label = { fr = "Solidarité", en = "Solidarity" }', 'label = "Solidarité"')
    campaign = parse_campaign(text, WHERE)
    assert campaign.name == Localized(fr="Budget participatif gersois")
    assert campaign.name.get("en") == "Budget participatif gersois"
    assert campaign.themes[0].label.get("en") == "Solidarité"
    assert campaign.themes[1].label.get("en") == "Ecology and environment"


def test_an_empty_plain_string_text_is_refused() -> None:
    text = edited('label = { fr = "Solidarité", en = "Solidarity" }', 'label = ""')
    (problem,) = problems_of(text)
    assert problem.startswith("themes[0].label.fr: String should have at least 1 character")


def test_an_overseas_campaign_takes_its_own_mobiles_unless_told_otherwise() -> None:
    reunion = parse_campaign(edited('department = "32"', 'department = "974"'), WHERE)
    assert reunion.phone_regions() == ["RE", "FR"]
    assert parse_campaign(GERS, WHERE).phone_regions() == ["FR"]
    both = GERS + '\n[vote]\nallowed_regions = ["FR", "RE"]\n'
    assert parse_campaign(both, WHERE).phone_regions() == ["FR", "RE"]


def test_an_unknown_phone_region_is_named() -> None:
    assert problems_of(GERS + '\n[vote]\nallowed_regions = ["ZZ"]\n') == [
        "vote.allowed_regions: unknown region code(s) ['ZZ']: use ISO codes such as 'FR', 'RE'"]
