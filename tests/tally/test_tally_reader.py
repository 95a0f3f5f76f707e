"""Reading pabulib .pb files: format variants and malformed files."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from flows.domain.tally import Ballot, PbFormatError, load_pb, parse_pb

from .tally_helpers import pb_text


def test_reads_meta_projects_and_approval_votes() -> None:
    election = parse_pb(pb_text([("1", "40"), ("2", "60")], ["v1;1,2", "v2;2"]))
    assert election.budget == 100
    assert election.vote_type == "approval"
    assert election.projects["2"].cost == 60
    assert election.projects["1"].name == "Project 1"
    assert election.ballots == [Ballot(("1", "2")), Ballot(("2",))]
    assert election.scores() == {"1": 1, "2": 2}


def test_accepts_bom_crlf_and_blank_lines(tmp_path: Path) -> None:
    text = pb_text([("a", "10")], ["v1;a", "", "v2;a"]).replace("\n", "\r\n")
    path = tmp_path / "bom.pb"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    election = load_pb(path)
    assert election.meta["budget"] == "100"
    assert election.scores() == {"a": 2}


def test_reads_decimal_commas_and_fractional_costs() -> None:
    election = parse_pb(pb_text([("a", "10,5"), ("b", "0.25")], [], budget="1000,75"))
    assert election.projects["a"].cost == Fraction(21, 2)
    assert election.projects["b"].cost == Fraction(1, 4)
    assert election.budget == Fraction(4003, 4)


def test_reads_quoted_names_with_semicolons_and_extra_columns() -> None:
    text = (
        "META\nkey;value\nbudget;10\nvote_type;approval\n"
        "PROJECTS\nproject_id;cost;name;category;district\n"
        '7;5;"Parc; jardin ""partagé""";nature;Nord\n'
        "VOTES\nvoter_id;vote\n1;7\n"
    )
    project = parse_pb(text).projects["7"]
    assert project.name == 'Parc; jardin "partagé"'
    assert project.extra["category"] == "nature"
    assert project.extra["district"] == "Nord"


def test_cumulative_scores_sum_points() -> None:
    text = pb_text([("a", "1"), ("b", "1")], ["1;a,b;2,1", "2;b;3"], vote_type="cumulative",
                   votes_header="voter_id;vote;points")
    election = parse_pb(text)
    assert election.ballots[0] == Ballot(("a", "b"), (2, 1))
    assert election.scores() == {"a": 2, "b": 4}


def test_ordinal_keeps_preference_order_and_counts_every_ranked_project() -> None:
    text = pb_text([("a", "1"), ("b", "1"), ("c", "1")], ["1;c,a", "2;b,c,a"],
                   vote_type="ordinal")
    election = parse_pb(text)
    assert election.ballots[0].projects == ("c", "a")
    assert election.scores() == {"a": 2, "b": 1, "c": 2}


def test_spreadsheet_exports_with_padded_rows_and_blank_lines_read_the_same() -> None:
    plain = pb_text([("a", "5"), ("b", "7")], ["1;a", "2;a,b"])
    padded = plain.replace("\n", ";;\n").replace("PROJECTS;;\n", "PROJECTS;;\n\n")
    assert parse_pb(padded).scores() == parse_pb(plain).scores() == {"a": 2, "b": 1}
    assert parse_pb(padded).projects["b"].cost == 7


def test_a_quoted_description_over_several_lines_with_semicolons_is_read() -> None:
    prose = "Budget 2024 ; vote en ligne ;\nurnes en mairie ; dépouillement public ;\n" \
            "résultats ; recours ; publication ;\nfin"
    text = pb_text([("a", "5")], ["1;a"], extra_meta=f'description;"{prose}"')
    assert parse_pb(text).meta["description"] == prose


def test_a_leading_zero_makes_a_comma_decimal() -> None:
    assert parse_pb(pb_text([("a", "0,500")], [])).projects["a"].cost == Fraction(1, 2)


def test_meta_without_its_key_value_line_keeps_every_entry() -> None:
    text = pb_text([("a", "5")], ["1;a"]).replace("key;value\n", "description;Test\n")
    election = parse_pb(text)
    assert election.meta["description"] == "Test"
    assert election.budget == 100


def test_sections_may_come_in_any_order() -> None:
    text = (
        "PROJECTS\nproject_id;cost\na;5\n"
        "VOTES\nvoter_id;vote\n1;a\n"
        "META\nkey;value\nbudget;10\nvote_type;choose-1\n"
    )
    assert parse_pb(text).scores() == {"a": 1}


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\na;5\n",
         0, "missing VOTES section"),
        (pb_text([("a", "5")], ["1;a", "2;a,zz"]), 12, "unknown project 'zz'"),
        (pb_text([("a", "5"), ("b", "cinq")], []), 9, "bad number for cost of project 'b'"),
        (pb_text([("a", "5")], [], budget="beaucoup"), 3, "bad number for budget"),
        ("META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;cost\na;5\n"
         "VOTES\nvoter_id;vote\n", 2, "META has no budget"),
        (pb_text([("a", "5")], [], vote_type="secret"), 4, "unknown vote_type"),
        (pb_text([("a", "5"), ("a", "6")], []), 9, "listed twice"),
        (pb_text([("a", "5")], ["1;a,a"]), 11, "same project twice"),
        (pb_text([("a", "5"), ("b", "5")], ["1;a,b;3"], vote_type="cumulative",
                 votes_header="voter_id;vote;points"), 12, "1 points for 2 voted projects"),
        (pb_text([("a", "5")], ["1;a"], vote_type="cumulative"), 10, "need a 'points' column"),
        (pb_text([("a", "5")], ["1;a;x"], vote_type="scoring",
                 votes_header="voter_id;vote;points"), 11, "bad number for points"),
        ("hello;world\n", 1, "expected a META, PROJECTS or VOTES section heading"),
        (pb_text([("a", "5")], [], budget="-100"), 3, "negative budget"),
        ("META\nPROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;vote\n1;a\n", 1,
         "section META has no header line"),
        (pb_text([("a", "5")], [], budget="1e999999999"), 3, "bad number for budget"),
        (pb_text([("a", "6e99999")], []), 8, "bad number for cost of project 'a'"),
        (pb_text([("a", "5")], [], budget="1,000"), 3, "a thousand or one?"),
        (pb_text([("a", "5")], [], extra_meta="budget;50"), 6, "'budget' is given twice"),
        (pb_text([("a", "5;big")], []), 8, "PROJECTS row has 4 fields but the header has 3"),
        (pb_text([("a", "5")], ["1;a;extra"]), 11, "VOTES row has 3 fields"),
        (pb_text([("a", '5;"Park'), ("b", "6"), ("c", "7"), ("d", "8")], ["1;a"]), 8,
         "a quoted value is never closed"),
        (pb_text([("a", '5;"Park')], [f"{i};a" for i in range(30_000)]), 8,
         "a quoted value is never closed"),
    ],
)
def test_malformed_file_reports_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(PbFormatError) as caught:
        parse_pb(text)
    assert caught.value.line == line
    assert fragment in caught.value.message
