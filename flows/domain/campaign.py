"""The campaign file: one TOML document describing a participatory budget, validated."""

from __future__ import annotations

import math
import tomllib
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

import phonenumbers
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from flows.domain.allocation import ResultsRules
from flows.domain.ordering import OrderKind

PARIS = ZoneInfo("Europe/Paris")
LANGUAGES = ("fr", "en")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Strict):
    """A text in French, optionally in English; English falls back to French."""

    fr: str = Field(min_length=1)
    en: str | None = None

    def get(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.fr


def _localized(value: Any) -> Any:
    # A plain string in the file means the same text for every language.
    return {"fr": value} if isinstance(value, str) else value


LocalizedField = Annotated[Localized, Field()]


class PhaseKind(StrEnum):
    PROPOSALS = "proposals"
    REVIEW = "review"
    VOTE = "vote"
    RESULTS = "results"
    CLOSED = "closed"


class Phase(Strict):
    kind: PhaseKind
    start: datetime
    end: datetime

    @field_validator("start", "end", mode="before")
    @classmethod
    def _paris_time(cls, value: Any) -> Any:
        # TOML local dates and times are read as Europe/Paris wall-clock time.
        if isinstance(value, date) and not isinstance(value, datetime):
            value = datetime.combine(value, time.min)
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=PARIS)
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Phase:
        if self.end <= self.start:
            raise ValueError("a phase must end after it starts")
        return self


class Theme(Strict):
    id: str = Field(pattern=r"^[a-z0-9_-]{1,20}$")
    label: Localized

    _loc = field_validator("label", mode="before")(_localized)


class Envelope(Strict):
    id: str = Field(pattern=r"^[a-z0-9_-]{1,20}$")
    label: Localized
    amount: Decimal = Field(gt=0)

    _loc = field_validator("label", mode="before")(_localized)


class Budget(Strict):
    total: Decimal = Field(gt=0)
    envelopes: list[Envelope] = []

    @model_validator(mode="after")
    def _fits(self) -> Budget:
        spent = sum((e.amount for e in self.envelopes), Decimal(0))
        if spent > self.total:
            raise ValueError(f"the envelopes add up to {spent}, more than the total {self.total}")
        ids = [e.id for e in self.envelopes]
        if len(ids) != len(set(ids)):
            raise ValueError("two envelopes share an id")
        return self


class ProjectRules(Strict):
    min_cost: Decimal = Field(default=Decimal(0), ge=0)
    max_cost: Decimal = Field(gt=0)
    title_max: int = Field(default=80, ge=10, le=200)
    description_max: int = Field(default=1500, ge=50, le=3500)

    @model_validator(mode="after")
    def _bounds(self) -> ProjectRules:
        if self.min_cost >= self.max_cost:
            raise ValueError("min_cost must be below max_cost")
        return self


class ProposerKind(StrEnum):
    PERSON = "person"
    ASSOCIATION = "association"
    LOCAL_AUTHORITY = "local_authority"


class ProposerRules(Strict):
    min_age: int = Field(default=0, ge=0, le=120)
    residence: Literal["department", "any"] = "department"
    kinds: list[ProposerKind] = [ProposerKind.PERSON, ProposerKind.ASSOCIATION]


class Question(Strict):
    """A yes/no admissibility question; the other answer blocks the proposal."""

    id: str = Field(pattern=r"^[a-z0-9_-]{1,20}$")
    text: Localized
    required_answer: bool = True
    explanation: Localized

    _loc = field_validator("text", "explanation", mode="before")(_localized)


class RefusalReason(Strict):
    id: str = Field(pattern=r"^[a-z0-9_-]{1,20}$")
    label: Localized

    _loc = field_validator("label", mode="before")(_localized)


class Staff(Strict):
    chat_id: int = Field(lt=0, description="the staff group's chat id (negative)")
    user_ids: list[int] = []


class SmsLimits(Strict):
    """Limits on verification codes (defaults: NIST / OWASP practice, see DOMAIN.md)."""

    code_ttl_minutes: int = Field(default=10, ge=1, le=60)
    max_attempts: int = Field(default=5, ge=1, le=10)
    resend_cooldown_seconds: int = Field(default=60, ge=0, le=3600)
    per_number_hour: int = Field(default=3, ge=1)
    per_number_day: int = Field(default=5, ge=1)
    per_account_hour: int = Field(default=3, ge=1)
    per_account_day: int = Field(default=5, ge=1)
    daily_cap: int = Field(default=2000, ge=1, description="SMS the whole campaign sends a day")
    # Typed numbers are how SMS pumping works (any number, from throwaway accounts): they get
    # a pool of their own, so what is left of daily_cap stays for shared contacts.
    typed_daily_cap: int | None = Field(
        default=None, ge=0,
        description="of daily_cap, SMS a day to numbers typed by hand; default a fifth")
    typed_hourly_cap: int | None = Field(
        default=None, ge=0,
        description="SMS an hour to typed numbers, campaign-wide; default a sixth of the pool")

    @field_validator("typed_daily_cap")
    @classmethod
    def _within_daily_cap(cls, value: int | None, info: ValidationInfo) -> int | None:
        cap = info.data.get("daily_cap")
        if value is not None and cap is not None and value > cap:
            raise ValueError(f"must not exceed daily_cap ({cap}); what typed numbers leave of "
                             "it is kept for voters who share their own contact")
        return value

    @property
    def typed_pool(self) -> int:
        """SMS a day for typed numbers (at least 1, so a tiny campaign can still type)."""
        if self.typed_daily_cap is not None:
            return self.typed_daily_cap
        return max(1, self.daily_cap // 5)

    @property
    def typed_hourly(self) -> int:
        if self.typed_hourly_cap is not None:
            return self.typed_hourly_cap
        return max(1, math.ceil(self.typed_pool / 6))


class BallotSection(Strict):
    """Part of a ballot: projects of the voter's own territory, or of the whole département."""

    scope: Literal["department", "territory"] = "department"
    min_choices: int = Field(default=1, ge=0)
    max_choices: int = Field(default=3, ge=1)
    max_amount: Decimal | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _bounds(self) -> BallotSection:
        if self.min_choices > self.max_choices:
            raise ValueError("min_choices must not exceed max_choices")
        return self


# Overseas départements have their own phone numbering (+590, +596, +594, +262).
OVERSEAS_PHONE_REGIONS = {
    "971": "GP", "972": "MQ", "973": "GF", "974": "RE", "975": "PM", "976": "YT"}


class VoteRules(Strict):
    """Who may vote and what a ballot must hold."""

    min_age: int = Field(default=0, ge=0, le=120)
    residence: Literal["department", "any"] = "department"
    allowed_regions: list[str] | None = Field(
        default=None, min_length=1,
        description="phone regions whose mobiles may vote; default: the département's own")
    sections: list[BallotSection] = Field(
        default=[BallotSection(min_choices=3, max_choices=3)], min_length=1, max_length=2)
    retention_days: int = Field(default=60, ge=0, description="voter list kept after results")
    order: OrderKind = Field(
        default="random", description="order of the projects citizens browse (see README)")
    live_counts: bool = Field(
        default=False, description="staff may see votes per project while the vote is open")
    sms: SmsLimits = SmsLimits()

    @field_validator("allowed_regions")
    @classmethod
    def _regions(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return value
        known = phonenumbers.SUPPORTED_REGIONS
        bad = [r for r in value if r not in known]
        if bad:
            raise ValueError(f"unknown region code(s) {bad}: use ISO codes such as 'FR', 'RE'")
        return value


class Campaign(Strict):
    """Everything the bot needs to know about one participatory budget."""

    id: str = Field(pattern=r"^[a-z0-9_-]{1,40}$")
    name: Localized
    department: str = Field(pattern=r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$")
    currency: Literal["EUR"] = "EUR"
    reference_prefix: str = Field(default="BP", pattern=r"^[A-Z0-9-]{1,12}$")
    languages: list[Literal["fr", "en"]] = ["fr", "en"]
    budget: Budget
    phases: list[Phase] = Field(min_length=1)
    themes: list[Theme] = Field(min_length=1)
    projects: ProjectRules
    proposers: ProposerRules = ProposerRules()
    questions: list[Question] = []
    refusal_reasons: list[RefusalReason] = Field(min_length=1)
    staff: Staff
    # Required: every privacy notice the bot shows names who answers questions about data.
    privacy_contact: str = Field(min_length=3, max_length=200)
    vote: VoteRules = VoteRules()
    sms: dict[str, Any] = Field(default={}, description="SMS gateway, see bot/sms/factory.py")
    results: ResultsRules = ResultsRules()

    _loc = field_validator("name", mode="before")(_localized)

    @field_validator("results")
    @classmethod
    def _known_ids(cls, value: ResultsRules, info: ValidationInfo) -> ResultsRules:
        # Budget and themes are validated first (field order); skip if they were invalid.
        budget, themes = info.data.get("budget"), info.data.get("themes")
        if budget is not None and themes is not None:
            problems = value.problems((e.id for e in budget.envelopes), (t.id for t in themes))
            if problems:
                raise ValueError("; ".join(p.removeprefix("results.") for p in problems))
        return value

    @model_validator(mode="after")
    def _coherent(self) -> Campaign:
        if self.projects.max_cost > self.budget.total:
            raise ValueError("projects.max_cost is above the total budget")
        for a, b in zip(self.phases, self.phases[1:], strict=False):
            if b.start < a.end:
                raise PydanticCustomError(
                    "phase_overlap", "phase '{b}' starts before phase '{a}' ends",
                    {"a": a.kind.value, "b": b.kind.value})
        for name, items in (("themes", self.themes), ("questions", self.questions),
                            ("refusal_reasons", self.refusal_reasons)):
            ids = [i.id for i in items]
            if len(ids) != len(set(ids)):
                raise ValueError(f"two {name} share an id")
        return self

    def phase_at(self, moment: datetime) -> PhaseKind:
        """The phase the calendar gives at a moment; CLOSED outside every phase."""
        # Ends are inclusive to the second: a phase ending 23:59:59 still runs at 23:59:59.9.
        moment = moment.replace(microsecond=0)
        for phase in self.phases:
            if phase.start <= moment <= phase.end:
                return phase.kind
        return PhaseKind.CLOSED

    def phone_regions(self) -> list[str]:
        """Regions whose mobile numbers may vote: as set, else the département's own."""
        if self.vote.allowed_regions is not None:
            return self.vote.allowed_regions
        own = OVERSEAS_PHONE_REGIONS.get(self.department)
        # Overseas residents often keep a mainland mobile; their own numbering is read first.
        return [own, "FR"] if own else ["FR"]

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def refusal_reason(self, reason_id: str) -> RefusalReason | None:
        return next((r for r in self.refusal_reasons if r.id == reason_id), None)

    def reference_year(self) -> int:
        return self.phases[0].start.year


class CampaignError(Exception):
    """A campaign file that cannot be used; the message lists every problem."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{path}: {len(problems)} problem(s) in the campaign file:\n{lines}")


_HINTS = {
    "department": 'a département INSEE code such as "32", "2A" or "974"',
    "id": "lowercase letters, digits, '-' or '_' (at most 20 or 40 characters)",
    "reference_prefix": 'capital letters, digits or "-", e.g. "BP"',
}


_REQUIRED_HINTS = {
    "privacy_contact": 'who citizens write to about their personal data, e.g. "dpo@gers.fr"',
}


def _where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def describe_error(error: Any, prefix: tuple[str, ...] = ()) -> str:
    """One pydantic error as 'field.path: what is expected (got ...)'."""
    loc = prefix + tuple(p for p in error["loc"] if not str(p).startswith("function-"))
    if error["type"] == "phase_overlap":
        loc = (*loc, "phases")
    msg = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        msg = "unknown field (check its spelling)"
    elif error["type"] == "missing":
        msg = "this field is required" + (
            f": {_REQUIRED_HINTS[str(loc[-1])]}" if loc and str(loc[-1]) in _REQUIRED_HINTS else "")
    elif error["type"] == "string_pattern_mismatch" and loc and str(loc[-1]) in _HINTS:
        msg = f"expected {_HINTS[str(loc[-1])]} (got {error['input']!r})"
    elif "input" in error and not isinstance(error["input"], dict | list):
        msg += f" (got {error['input']!r})"
    return f"{_where(loc)}: {msg}"


def parse_campaign(text: str, path: Path) -> Campaign:
    """Parse and validate campaign TOML, naming the file, the field and what is expected."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CampaignError(path, [f"not valid TOML: {exc}"]) from exc
    try:
        return Campaign.model_validate(data)
    except ValidationError as exc:
        raise CampaignError(path, [describe_error(e) for e in exc.errors()]) from exc


def load_campaign(path: str | Path) -> Campaign:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise CampaignError(p, [f"cannot read the file: {exc.strerror}"]) from exc
    except UnicodeDecodeError as exc:
        raise CampaignError(p, [f"not UTF-8 text (byte {exc.start}): save the file as UTF-8"]
                            ) from exc
    return parse_campaign(text, p)
