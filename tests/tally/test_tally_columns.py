"""The columnar VOTES reader: plain approval files as numpy columns, the rest left to others."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synthetic_election import city_pb_lines
from flows.domain.tally import Ballot, PbFormatError, load_pb, parse_pb, tally
from flows.domain.tally.pabulib_reader import parse_pb_by_rows, parse_pb_fast

from .tally_helpers import PABULIB_DIR, pb_text

APPROVAL_FILES = sorted((path for path in PABULIB_DIR.glob("*.pb")
                         if "vote_type;approval" in path.read_text(encoding="utf-8-sig")),
                        key=lambda path: path.name)
PROJECTS = [("a", "5"), ("b", "7"), ("c", "9")]


@pytest.mark.parametrize("path", APPROVAL_FILES, ids=lambda path: path.name)
def test_every_real_approval_file_is_read_as_columns_like_the_row_reader(path: Path) -> None:
    election = load_pb(path)
    rows = parse_pb_by_rows(path.read_text(encoding="utf-8-sig"))
    assert election.approvals is not None
    assert election == rows
    assert election.scores() == rows.scores()


def test_city_shaped_file_counts_the_same_from_columns_and_from_rows() -> None:
    text = "\n".join(city_pb_lines(voters=3_000, projects=60)) + "\n"
    columns, rows = parse_pb_fast(text), parse_pb_by_rows(text)
    assert columns is not None and columns.approvals is not None
    for rule in ("greedy", "equalshares", "equalshares/add1"):
        assert tally(columns, rule) == tally(rows, rule)


def test_vote_between_other_fields_is_read_as_columns() -> None:
    text = pb_text(PROJECTS, ["1;a,c;34;F", "2;b;71;M", "3;c,a,b;19;F"],
                   votes_header="voter_id;vote;age;sex")
    election = parse_pb(text)
    assert election.approvals is not None
    assert election.ballots == [Ballot(("a", "c")), Ballot(("b",)), Ballot(("c", "a", "b"))]
    assert election.scores() == {"a": 2, "b": 2, "c": 2}


def test_ids_in_any_script_are_matched_byte_for_byte() -> None:
    text = pb_text([("é1", "5"), ("e1", "5"), ("1", "5")], ["1;é1,1", "2;e1"])
    election = parse_pb(text)
    assert election.approvals is not None
    assert election.scores() == {"é1": 1, "e1": 1, "1": 1}


@pytest.mark.parametrize(
    ("votes", "header"),
    [
        (["1;a,b", "2;project-with-a-long-id"], "voter_id;vote"),  # an id over 8 bytes
        (["1;a,b", "2;"], "voter_id;vote"),  # an empty vote
        (["1;a,b;31", "2;c"], "voter_id;vote;age"),  # a line with a field too few
        (["a,b;1", "c;2"], "vote;voter_id"),  # the vote first on its line
        (["v1;a", "x,b;c"], "voter_id;vote"),  # a comma in the field before a last vote
    ],
    ids=["long-id", "empty-vote", "missing-field", "vote-first", "comma-in-voter-id"],
)
def test_lines_the_columns_do_not_vouch_for_are_read_by_the_other_readers(
        votes: list[str], header: str) -> None:
    projects = [*PROJECTS, ("project-with-a-long-id", "3")]
    text = pb_text(projects, votes, votes_header=header)
    election = parse_pb(text)
    assert election.approvals is None
    assert election == parse_pb_by_rows(text)


@pytest.mark.parametrize(
    ("second_vote", "message"),
    [("2;c,b,c", "vote names the same project twice"),
     ("2;c,d", "vote names unknown project 'd'")],
    ids=["named-twice", "unknown"],
)
def test_a_vote_the_columns_refuse_is_refused_with_its_line(
        second_vote: str, message: str) -> None:
    with pytest.raises(PbFormatError, match=message) as caught:
        parse_pb(pb_text(PROJECTS, ["1;a,b", second_vote]))
    assert caught.value.line == 14


def test_a_nul_before_an_id_does_not_make_it_that_id() -> None:
    text = pb_text(PROJECTS, ["1;a,b", "2;\0a"])
    with pytest.raises(PbFormatError, match="unknown project"):
        parse_pb(text)


def test_a_line_with_a_field_too_many_is_refused_with_its_line() -> None:
    text = pb_text(PROJECTS, ["1;a,b", "2;c;x"])
    with pytest.raises(PbFormatError, match="VOTES row has 3 fields") as caught:
        parse_pb(text)
    assert caught.value.line == 14


def test_text_with_a_lone_surrogate_is_read_by_the_row_reader() -> None:
    text = pb_text(PROJECTS, ["1;a,b", "2;c"], extra_meta="description;odd \ud800 text")
    assert parse_pb(text) == parse_pb_by_rows(text)
