"""Results engine: read pabulib ``.pb`` files, count winners (greedy, MES), write open data.

Tie-break, for every rule: among projects ranked equal (same score for greedy, same
payment per unit of cost for MES) the cheaper project comes first, then the smaller
project id in plain string (code-point) order. Results are exact: amounts are ints and
Fractions, and MES, run first in floating point for speed, keeps that answer only where its
error bounds show exact arithmetic would decide the same (mes_float.py).
"""

from .election import Ballot, Election, Project
from .errors import PbFormatError, UnknownRuleError
from .greedy_rule import greedy
from .mes import equal_shares
from .numbers import Number, format_number, json_number, parse_number
from .pabulib_reader import load_pb, parse_pb
from .pabulib_writer import write_pb
from .rules import RULES, Outcome, resolve_rule, tally

__all__ = [
    "RULES",
    "Ballot",
    "Election",
    "Number",
    "Outcome",
    "PbFormatError",
    "Project",
    "UnknownRuleError",
    "equal_shares",
    "format_number",
    "greedy",
    "json_number",
    "load_pb",
    "parse_number",
    "parse_pb",
    "resolve_rule",
    "tally",
    "write_pb",
]
