"""The bulk VOTES reader: the same election as the row-by-row reader, on every format corner."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.synthetic_election import city_pb_lines
from flows.domain.tally import Ballot, load_pb, parse_pb, tally
from flows.domain.tally.pabulib_reader import parse_pb_by_rows, parse_pb_fast

from .tally_helpers import PABULIB_DIR, pb_text

ROOT = Path(__file__).resolve().parents[2]
REAL_FILES = sorted(PABULIB_DIR.glob("*.pb"), key=lambda path: path.name)


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda path: path.name)
def test_bulk_reader_reads_every_real_file_like_the_row_reader(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    bulk = parse_pb_fast(text)
    assert bulk is not None, "a plain real file is read in bulk"
    assert bulk == parse_pb_by_rows(text)
    assert bulk.scores() == parse_pb_by_rows(text).scores()


def test_city_shaped_file_is_read_in_bulk_with_the_same_winners() -> None:
    text = "\n".join(city_pb_lines(voters=2_000, projects=40)) + "\n"
    bulk, rows = parse_pb_fast(text), parse_pb_by_rows(text)
    assert bulk is not None and bulk == rows
    for rule in ("greedy", "equalshares"):
        assert tally(bulk, rule) == tally(rows, rule)


def test_identical_ballots_keep_their_place_in_file_order() -> None:
    election = parse_pb(pb_text([("a", "5"), ("b", "5")], ["1;a", "2;b", "3;a", "4;a,b"]))
    assert election.ballots == [Ballot(("a",)), Ballot(("b",)), Ballot(("a",)),
                                Ballot(("a", "b"))]
    assert election.scores() == {"a": 3, "b": 2}


def test_quoted_semicolon_in_a_meta_value_is_one_value() -> None:
    text = pb_text([("a", "5"), ("b", "7")], ["1;a", "2;a,b"],
                   extra_meta='description;"Vote 2026; ville entière"')
    election = parse_pb(text)
    assert election.meta["description"] == "Vote 2026; ville entière"
    assert parse_pb_fast(text) == parse_pb_by_rows(text)
    assert election.scores() == {"a": 2, "b": 1}


def test_crlf_line_ends_read_like_lf() -> None:
    plain = pb_text([("a", "5"), ("b", "7")], ["1;a", "2;a,b", "3;b"])
    crlf = plain.replace("\n", "\r\n")
    assert parse_pb_fast(crlf) is not None
    assert parse_pb(crlf) == parse_pb(plain)


def test_bom_and_crlf_file_on_disk_is_read_in_bulk(tmp_path: Path) -> None:
    text = pb_text([("a", "5"), ("b", "7")], ["1;a,b", "2;b"]).replace("\n", "\r\n")
    path = tmp_path / "bom.pb"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    election = load_pb(path)
    assert election.meta["budget"] == "100"
    assert election.scores() == {"a": 1, "b": 2}


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        (["1; a , b", "2;b"], [("a", "b"), ("b",)]),  # spaces around commas and the cell
        (["1;a,b,", "2;b"], [("a", "b"), ("b",)]),  # a trailing comma
        (["1;a", "", "2;b", ";;"], [("a",), ("b",)]),  # blank and padded blank lines
        (['1;"a,b"', "2;b"], [("a", "b"), ("b",)]),  # a quoted vote
        (["1;a;;", "2;b"], [("a",), ("b",)]),  # a spreadsheet's empty extra fields
    ],
    ids=["spaces", "trailing-comma", "blank-lines", "quoted-vote", "padded-row"],
)
def test_irregular_vote_lines_are_read_as_the_format_says(
        votes: list[str], expected: list[tuple[str, ...]]) -> None:
    text = pb_text([("a", "5"), ("b", "7")], votes)
    assert parse_pb(text).ballots == [Ballot(ids) for ids in expected]
    assert parse_pb(text) == parse_pb_by_rows(text)


def test_cumulative_points_read_in_bulk() -> None:
    text = pb_text([("a", "1"), ("b", "1")], ["1;a,b;2,1", "2;b;3", "3;a,b;2,1"],
                   vote_type="cumulative", votes_header="voter_id;vote;points;age")
    election = parse_pb_fast(text)
    assert election is not None
    assert election.ballots[0] == Ballot(("a", "b"), (2, 1))
    assert election.scores() == {"a": 4, "b": 5}


def test_decimal_and_zero_points_are_read_like_the_row_reader() -> None:
    text = pb_text([("a", "1"), ("b", "1")], ["1;a,b;2.5,0", "2;b;1.5"],
                   vote_type="scoring", votes_header="voter_id;vote;points")
    assert parse_pb(text) == parse_pb_by_rows(text)
    assert parse_pb(text).approval_groups() == {frozenset({"a"}): 1, frozenset({"b"}): 1}


def test_same_set_written_in_two_orders_is_one_group_for_mes() -> None:
    election = parse_pb(pb_text([("a", "50"), ("b", "50")], ["1;a,b", "2;b,a", "3;b"]))
    assert election.approval_groups() == {frozenset({"a", "b"}): 2, frozenset({"b"}): 1}
    assert tally(election, "equalshares").selected == ["b"]


def test_a_second_votes_heading_is_still_refused_with_its_line() -> None:
    text = pb_text([("a", "5")], ["1;a"]) + "VOTES\nvoter_id;vote\n2;a\n"
    with pytest.raises(Exception, match="section VOTES appears twice") as caught:
        parse_pb(text)
    assert getattr(caught.value, "line", None) == 12


def test_tally_command_loads_neither_pydantic_nor_asyncio_nor_telegram() -> None:
    program = (
        "import sys\nfrom bot.cli import main\n"
        f"code = main(['tally', {str(PABULIB_DIR / 'Netherlands_Assen_2024.pb')!r}, '--json'])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pydantic', 'asyncio', 'telegram', 'phonenumbers', 'storage', 'aiosqlite'})\n"
        "print(heavy, file=sys.stderr)\nsys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rule"] == "equalshares/add1"
    assert done.stderr.strip() == "[]"
