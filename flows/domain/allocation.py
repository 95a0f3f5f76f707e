"""The campaign's own allocation rules (a sequence of stages) and the engine that applies them.

Money. Each ``budget.envelopes`` entry that a stage (or a ``charge_to``) names is a pool
holding its amount; everything else of the total (unnamed envelopes included) is the
``"rest"`` pool. A stage spends from one pool: a named envelope, ``"rest"``, or a fixed
amount taken out of ``"rest"`` when the stage starts (never more than ``"rest"`` holds).
What the stage leaves in its pool then follows ``rollover``: ``"keep"`` leaves it there
(a fixed amount goes back to ``"rest"``), ``"next"`` adds it to the next stage's pool,
``"none"`` drops it: nobody spends it.

Votes. A project's votes are the ballots naming it plus its paper ballot-box totals.
Projects funded by an earlier stage are not considered again; projects with fewer votes
than ``min_votes`` are never funded.

Ties. Everywhere projects are ranked by votes, equal votes go to the cheaper project, then
to the smaller id compared as text (``flows.domain.tally``'s order, so a recount of the exported
``.pb`` file agrees). Arithmetic is exact (Decimal, Fractions inside MES).
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from flows.domain.tally import equal_shares
from flows.domain.tally.greedy_rule import ranking
from flows.domain.tally.numbers import Number, normalize

REST = "rest"
_ENVELOPE_ID = r"^[a-z0-9_-]{1,20}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StageLabel(_Strict):
    """A stage's name in French, optionally in English (English falls back to French)."""

    fr: str = Field(min_length=1)
    en: str | None = None

    def get(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.fr


class CostBand(_Strict):
    """Costs above ``cost_above`` (excluded) and up to ``cost_up_to`` (included)."""

    cost_above: Decimal | None = Field(default=None, ge=0)
    cost_up_to: Decimal | None = Field(default=None, gt=0)

    def holds(self, cost: Decimal) -> bool:
        above = self.cost_above is None or cost > self.cost_above
        return above and (self.cost_up_to is None or cost <= self.cost_up_to)

    @model_validator(mode="after")
    def _ordered(self) -> CostBand:
        if (self.cost_above is not None and self.cost_up_to is not None
                and self.cost_above >= self.cost_up_to):
            raise ValueError("cost_above must be below cost_up_to")
        return self


class Charge(CostBand):
    """Charge projects of this cost band to this envelope (``top_per_territory``)."""

    envelope: str = Field(pattern=_ENVELOPE_ID)


class _Stage(CostBand):
    label: StageLabel | None = None
    envelope: Decimal | str = REST
    themes: list[str] = []
    min_votes: int | None = Field(default=None, ge=0)
    rollover: Literal["keep", "next", "none"] = "keep"

    @field_validator("label", mode="before")
    @classmethod
    def _plain_label(cls, value: Any) -> Any:
        # A plain string means the same label in every language.
        return {"fr": value} if isinstance(value, str) else value

    @field_validator("envelope")
    @classmethod
    def _envelope(cls, value: Decimal | str) -> Decimal | str:
        if isinstance(value, Decimal):
            if value <= 0:
                raise ValueError("an envelope amount must be above 0")
            return value
        if not value.strip() or not all(c.isalnum() or c in "_-" for c in value):
            raise ValueError('expected an amount, an envelope id or "rest"')
        return value

    def accepts(self, candidate: Candidate) -> bool:
        """Whether the stage's theme and cost filters let ``candidate`` in."""
        themes_ok = not self.themes or candidate.theme in self.themes
        return themes_ok and self.holds(candidate.cost)

    def envelope_ids(self) -> list[str]:
        return [self.envelope] if isinstance(self.envelope, str) and self.envelope != REST else []


class GreedyStage(_Stage):
    """By votes, fund each project that still fits (or stop at the first that doesn't)."""

    kind: Literal["greedy"]
    no_skip: bool = False


class TopPerTerritoryStage(_Stage):
    """The most voted project of each territory, if it fits; tops with more votes go first."""

    kind: Literal["top_per_territory"]
    charge_to: list[Charge] = []

    def envelope_ids(self) -> list[str]:
        return [*super().envelope_ids(), *(c.envelope for c in self.charge_to)]


class PerTerritoryStage(_Stage):
    """Up to ``amount_each`` per territory, greedy by votes inside each (territories by code)."""

    kind: Literal["per_territory"]
    amount_each: Decimal = Field(gt=0)


class AtLeastOnePerTerritoryStage(_Stage):
    """Meuse: each territory first gets its most voted project that fits, then greedy by votes.

    Territories are served in the order of those projects' votes; the rest of the pool is
    then spent by votes, funding each project that still fits.
    """

    kind: Literal["at_least_one_per_territory"]


class EqualSharesStage(_Stage):
    """Method of Equal Shares over the stage's pool, with optional Add1 completion."""

    kind: Literal["equal_shares"]
    completion: Literal["none", "add1"] = "add1"


Stage = Annotated[
    GreedyStage | TopPerTerritoryStage | PerTerritoryStage | AtLeastOnePerTerritoryStage
    | EqualSharesStage,
    Field(discriminator="kind"),
]


class ResultsRules(_Strict):
    """The ``[results]`` table: territories, vote threshold and allocation stages."""

    territories_csv: str | None = Field(
        default=None, description="CSV 'insee;territory', relative to the campaign file")
    min_votes: int = Field(default=0, ge=0)
    stages: list[Stage] = Field(default_factory=lambda: _one_greedy(), min_length=1)

    def problems(self, envelope_ids: Iterable[str], theme_ids: Iterable[str]) -> list[str]:
        """Envelope and theme ids named by a stage but missing from the campaign."""
        envelopes, themes = set(envelope_ids), set(theme_ids)
        out: list[str] = []
        for i, stage in enumerate(self.stages):
            out += [f"results.stages[{i}]: no budget envelope has the id {name!r}"
                    for name in stage.envelope_ids() if name not in envelopes]
            out += [f"results.stages[{i}]: no theme has the id {name!r}"
                    for name in stage.themes if name not in themes]
        return out


def _one_greedy() -> list[Stage]:
    return [GreedyStage(kind="greedy")]


def load_territories(path: Path) -> dict[str, str]:
    """Read a ``insee;territory`` CSV (an ``insee`` header line is allowed) into a mapping."""
    text = path.read_text(encoding="utf-8-sig")
    mapping: dict[str, str] = {}
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        cells = [cell.strip() for cell in row]
        if len(cells) < 2 or not cells[0] or cells[0].lower() == "insee":
            continue
        mapping[cells[0].upper()] = cells[1]
    return mapping


@dataclass(frozen=True)
class Candidate:
    """A project on the ballot, as the allocation sees it."""

    id: int
    reference: str
    title: str
    cost: Decimal
    theme: str
    territory: str | None
    territory_name: str | None


ReasonValue = str | int | Decimal


@dataclass(frozen=True)
class Reason:
    """Why a project won or not: a short code and the values its explanation shows."""

    code: str
    values: Mapping[str, ReasonValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    """One project's result; ``stage`` is the index of the stage that decided it, if any."""

    candidate: Candidate
    votes: int
    won: bool
    stage: int | None
    reason: Reason


@dataclass(frozen=True)
class StageResult:
    """Money a stage had (its pool, plus pools it charged), what it spent, what it left.

    ``amount`` is its envelope as the campaign file sets it (for ``"rest"``, what the rest
    held), ``carried`` what earlier stages rolled over into it; ``charged`` tells that it
    spent from other stages' envelopes (``charge_to``).
    """

    index: int
    kind: str
    label: StageLabel | None
    available: Decimal
    spent: Decimal
    left: Decimal
    amount: Decimal = Decimal(0)
    carried: Decimal = Decimal(0)
    charged: bool = False


@dataclass(frozen=True)
class Allocation:
    """Every project's result, winners first in funding order, and the money per stage."""

    total: Decimal
    rows: list[Row]
    stages: list[StageResult]

    @property
    def spent(self) -> Decimal:
        return sum((r.candidate.cost for r in self.rows if r.won), Decimal(0))

    @property
    def left(self) -> Decimal:
        return self.total - self.spent

    def winners(self) -> list[Row]:
        return [r for r in self.rows if r.won]


def vote_counts(ballots: Iterable[Iterable[int]], paper_totals: Mapping[int, int]) -> Counter[int]:
    """Votes per project: ballots naming it plus its paper totals."""
    counts: Counter[int] = Counter()
    for ballot in ballots:
        counts.update(set(ballot))
    for pid, votes in paper_totals.items():
        counts[pid] += votes
    return counts


def allocate(
    rules: ResultsRules,
    total: Decimal,
    envelopes: Mapping[str, Decimal],
    projects: Sequence[Candidate],
    ballots: Sequence[frozenset[int]],
    paper_totals: Mapping[int, int],
) -> Allocation:
    """Apply the rules' stages in order; raise ValueError on an unknown envelope id."""
    bad = rules.problems(envelopes, {p.theme for p in projects} | _stage_themes(rules))
    if bad:
        raise ValueError("; ".join(bad))
    run = _Run(rules, total, envelopes, projects, ballots, paper_totals)
    return run.result()


@dataclass
class _Outcome:
    stage: int | None
    reason: Reason


class _Run:
    """The state of one allocation: pool balances, winners, and each loser's last reason."""

    def __init__(self, rules: ResultsRules, total: Decimal, envelopes: Mapping[str, Decimal],
                 projects: Sequence[Candidate], ballots: Sequence[frozenset[int]],
                 paper_totals: Mapping[int, int]) -> None:
        self.rules = rules
        self.total = total
        self.envelopes = envelopes
        self.projects = {p.id: p for p in projects}
        self.votes = vote_counts(ballots, paper_totals)
        self.ballots = ballots
        self.paper_totals = paper_totals
        used = {name for stage in rules.stages for name in stage.envelope_ids()}
        self.pools: dict[str, Decimal] = {name: envelopes[name] for name in sorted(used)}
        # Envelopes no stage names are plain money of the total: they belong to "rest".
        self.pools[REST] = total - sum(self.pools.values(), Decimal(0))
        self.rest = self.pools[REST]
        self.won: dict[int, _Outcome] = {}
        self.lost: dict[int, _Outcome] = {}
        self.stage_results: list[StageResult] = []

    # --- helpers --------------------------------------------------------------------------

    def _rank(self, ids: Iterable[int]) -> list[int]:
        costs: dict[str, Number] = {str(i): _exact(self.projects[i].cost) for i in ids}
        scores: dict[str, Number] = {pid: self.votes[int(pid)] for pid in costs}
        return [int(pid) for pid in ranking(costs, scores)]

    def _fund(self, pid: int, stage: int, pool: str, reason: Reason) -> None:
        self.pools[pool] -= self.projects[pid].cost
        self.won[pid] = _Outcome(stage, reason)
        self.lost.pop(pid, None)

    def _lose(self, pid: int, stage: int, reason: Reason) -> None:
        self.lost[pid] = _Outcome(stage, reason)

    def _eligible(self, index: int, stage: _Stage) -> list[int]:
        threshold = self.rules.min_votes if stage.min_votes is None else stage.min_votes
        out: list[int] = []
        for pid, project in self.projects.items():
            if pid in self.won or not stage.accepts(project):
                continue
            if self.votes[pid] < threshold:
                self._lose(pid, index, Reason("below_min_votes", {"min": threshold}))
            else:
                out.append(pid)
        return self._rank(out)

    def _territory(self, pid: int) -> str:
        project = self.projects[pid]
        return project.territory_name or project.territory or ""

    # --- stages ---------------------------------------------------------------------------

    def result(self) -> Allocation:
        carry = Decimal(0)
        for index, stage in enumerate(self.rules.stages):
            pool = self._open_pool(index, stage, carry)
            charges = stage.charge_to if isinstance(stage, TopPerTerritoryStage) else []
            pools = list(dict.fromkeys([pool, *(c.envelope for c in charges)]))
            available = sum((self.pools[p] for p in pools), Decimal(0))
            amount, carried = self._envelope_of(stage, pool, carry)
            self._run_stage(index, stage, pool)
            left_all = sum((self.pools[p] for p in pools), Decimal(0))
            self.stage_results.append(StageResult(
                index, stage.kind, stage.label, available, available - left_all, left_all,
                amount=amount, carried=carried, charged=bool(charges)))
            carry = self._close_pool(pool, stage)
        return self._allocation()

    def _envelope_of(self, stage: _Stage, pool: str, carry: Decimal) -> tuple[Decimal, Decimal]:
        """The stage's envelope as the file sets it, and what earlier stages added to it."""
        if isinstance(stage.envelope, Decimal):
            return stage.envelope, carry
        if pool != REST:
            return self.envelopes[pool], carry
        # Money kept in (or given back to) the rest by earlier stages rolled over too.
        return self.rest, max(self.pools[REST] - self.rest, Decimal(0))

    def _open_pool(self, index: int, stage: _Stage, carry: Decimal) -> str:
        if isinstance(stage.envelope, Decimal):
            name = f"#{index}"
            amount = min(stage.envelope, self.pools[REST])
            self.pools[REST] -= amount
            self.pools[name] = amount
        else:
            name = stage.envelope
        self.pools[name] += carry
        return name

    def _close_pool(self, pool: str, stage: _Stage) -> Decimal:
        left = self.pools[pool]
        if stage.rollover == "keep":
            if pool.startswith("#"):
                self.pools[REST] += left
                self.pools[pool] = Decimal(0)
            return Decimal(0)
        self.pools[pool] = Decimal(0)
        # "none" drops the money: it is neither carried nor returned to any pool.
        return left if stage.rollover == "next" else Decimal(0)

    def _run_stage(self, index: int, stage: _Stage, pool: str) -> None:
        ids = self._eligible(index, stage)
        if isinstance(stage, GreedyStage):
            self._greedy(index, ids, pool, stop=stage.no_skip)
        elif isinstance(stage, TopPerTerritoryStage):
            self._top_per_territory(index, stage, ids, pool)
        elif isinstance(stage, PerTerritoryStage):
            self._per_territory(index, stage, ids, pool)
        elif isinstance(stage, AtLeastOnePerTerritoryStage):
            self._at_least_one(index, ids, pool)
        elif isinstance(stage, EqualSharesStage):
            self._equal_shares(index, stage, ids, pool)

    def _greedy(self, index: int, ids: list[int], pool: str, *, stop: bool = False,
                limit: Decimal | None = None, territory: str | None = None) -> None:
        budget = self.pools[pool] if limit is None else min(limit, self.pools[pool])
        stopped = False
        for rank, pid in enumerate(ids, start=1):
            cost = self.projects[pid].cost
            if stopped:
                self._lose(pid, index, Reason("stopped"))
            elif cost <= budget:
                budget -= cost
                reason = (Reason("funded_by_votes", {"rank": rank}) if territory is None else
                          Reason("funded_in_territory", {"rank": rank, "territory": territory}))
                self._fund(pid, index, pool, reason)
            else:
                self._lose(pid, index, Reason("did_not_fit", {"left": budget}))
                stopped = stop

    def _tops(self, index: int, ids: list[int]) -> list[int]:
        """Each territory's most voted project, most voted tops first; others lose here."""
        seen: set[str] = set()
        tops: list[int] = []
        for pid in ids:
            code = self.projects[pid].territory
            if code is None:
                self._lose(pid, index, Reason("no_territory"))
            elif code in seen:
                self._lose(pid, index, Reason("not_top_of_territory",
                                              {"territory": self._territory(pid)}))
            else:
                seen.add(code)
                tops.append(pid)
        return tops

    def _top_per_territory(self, index: int, stage: TopPerTerritoryStage, ids: list[int],
                           pool: str) -> None:
        for pid in self._tops(index, ids):
            cost = self.projects[pid].cost
            target = next((c.envelope for c in stage.charge_to if c.holds(cost)), pool)
            if cost <= self.pools[target]:
                self._fund(pid, index, target,
                           Reason("top_of_territory", {"territory": self._territory(pid)}))
            else:
                self._lose(pid, index, Reason("did_not_fit", {"left": self.pools[target]}))

    def _per_territory(self, index: int, stage: PerTerritoryStage, ids: list[int],
                       pool: str) -> None:
        groups: dict[str, list[int]] = defaultdict(list)
        for pid in ids:
            code = self.projects[pid].territory
            if code is None:
                self._lose(pid, index, Reason("no_territory"))
            else:
                groups[code].append(pid)
        for code in sorted(groups):
            members = groups[code]
            self._greedy(index, members, pool, limit=stage.amount_each,
                         territory=self._territory(members[0]))

    def _at_least_one(self, index: int, ids: list[int], pool: str) -> None:
        # What plain greedy would fund: a guaranteed project it also funds is shown "by votes".
        plain: set[int] = set()
        budget = self.pools[pool]
        for pid in ids:
            if self.projects[pid].cost <= budget:
                plain.add(pid)
                budget -= self.projects[pid].cost
        rank = {pid: k for k, pid in enumerate(ids, start=1)}
        served: set[str] = set()
        for pid in ids:
            code = self.projects[pid].territory
            if code is None or code in served or self.projects[pid].cost > self.pools[pool]:
                continue  # the greedy pass below records why it lost
            served.add(code)
            reason = (Reason("funded_by_votes", {"rank": rank[pid]}) if pid in plain else
                      Reason("guaranteed_for_territory", {"territory": self._territory(pid)}))
            self._fund(pid, index, pool, reason)
        for pid in ids:
            if pid in self.won:
                continue
            cost = self.projects[pid].cost
            if cost <= self.pools[pool]:
                self._fund(pid, index, pool, Reason("funded_by_votes", {"rank": rank[pid]}))
            else:
                self._lose(pid, index, Reason("did_not_fit", {"left": self.pools[pool]}))

    def _equal_shares(self, index: int, stage: EqualSharesStage, ids: list[int],
                      pool: str) -> None:
        eligible = set(ids)
        groups: Counter[frozenset[str]] = Counter()
        for ballot in self.ballots:
            # Voters supporting nothing in this stage take no share of its envelope.
            kept = frozenset(str(pid) for pid in ballot if pid in eligible)
            if kept:
                groups[kept] += 1
        # A paper box total cannot be split into ballots: each of its votes is a
        # one-project ballot, the only reading that keeps every project's vote count.
        for pid, votes in self.paper_totals.items():
            if pid in eligible and votes > 0:
                groups[frozenset({str(pid)})] += votes
        costs: dict[str, Number] = {str(pid): _exact(self.projects[pid].cost) for pid in ids}
        chosen = equal_shares(costs, list(groups), _exact(self.pools[pool]),
                              weights=list(groups.values()), completion=stage.completion)
        for sid in chosen:
            self._fund(int(sid), index, pool, Reason("funded_by_equal_shares"))
        for pid in ids:
            if pid in self.won:
                continue
            if self.projects[pid].cost > self.pools[pool]:
                self._lose(pid, index, Reason("did_not_fit", {"left": self.pools[pool]}))
            else:
                self._lose(pid, index, Reason("not_enough_support"))

    # --- result ---------------------------------------------------------------------------

    def _allocation(self) -> Allocation:
        rows: list[Row] = []
        for pid, outcome in self.won.items():
            rows.append(Row(self.projects[pid], self.votes[pid], True, outcome.stage,
                            outcome.reason))
        for pid in self._rank(p for p in self.projects if p not in self.won):
            below = self.votes[pid] < self.rules.min_votes
            outcome = self.lost.get(pid) or _Outcome(
                None, Reason("below_min_votes", {"min": self.rules.min_votes}) if below
                else Reason("not_in_any_stage"))
            rows.append(Row(self.projects[pid], self.votes[pid], False, outcome.stage,
                            outcome.reason))
        return Allocation(self.total, rows, self.stage_results)


def _stage_themes(rules: ResultsRules) -> set[str]:
    # Theme ids are the campaign's business (checked with the file); here any id is fine.
    return {theme for stage in rules.stages for theme in stage.themes}


def _exact(value: Decimal) -> Number:
    return normalize(Fraction(value))


def pabulib_rule(rules: ResultsRules, total: Decimal,
                 envelopes: Mapping[str, Decimal]) -> str | None:
    """The pabulib rule name when the rules are one plain rule over the whole budget, else None
    (``flows.domain.staged_rule`` then writes the stages)."""
    stage = rules.stages[0]
    whole = (stage.envelope == total or stage.envelope == REST
             or (isinstance(stage.envelope, str) and envelopes.get(stage.envelope) == total))
    plain = (len(rules.stages) == 1 and whole and not stage.themes
             and stage.cost_above is None and stage.cost_up_to is None
             and (stage.min_votes or 0) == 0)
    if plain and isinstance(stage, GreedyStage):
        if rules.min_votes:
            return "greedy-threshold"
        return "greedy-no-skip" if stage.no_skip else "greedy"
    if plain and isinstance(stage, EqualSharesStage) and not rules.min_votes:
        return "equalshares/add1" if stage.completion == "add1" else "equalshares"
    return None
