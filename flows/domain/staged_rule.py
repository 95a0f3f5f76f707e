"""The campaign's staged allocation rule written into, and read back from, a pabulib file.

pabulib has one ``rule`` per file; a campaign with stages (youth projects, top of each
canton, cost bands with rollover) is written as META ``rule = budgetbot-stages`` plus:

- ``envelopes``: ``id:amount`` pairs, comma-separated (the campaign's budget envelopes);
- ``min_project_score_threshold``: the campaign's minimum number of votes (pabulib's key);
- ``stages`` (their number) and ``stage_1`` … ``stage_N``: the stage's kind, then
  ``key=value`` words: ``envelope`` (an envelope id, ``rest`` or an amount), ``rollover``,
  ``categories`` (theme ids, comma-separated), ``cost_above``, ``cost_up_to``,
  ``min_votes``, ``no_skip``, ``amount_each``, ``completion``, and ``charge_to`` as
  ``envelope@above..up_to`` items (either bound may be empty).

Projects carry their theme in PROJECTS ``category``, their territory's name in ``district``
and its code in ``territory`` (territories are taken in code order by ``per_territory``).
A paper box total is a set of one-project ballots, so the ballots alone recount everything.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from pydantic import ValidationError

from flows.domain.allocation import Candidate, ResultsRules, allocate
from flows.domain.tally import Election, Outcome, UnknownRuleError, format_number, tally
from flows.domain.tally.numbers import normalize

RULE = "budgetbot-stages"
# Field names in the file where pabulib has its own word for the same thing.
_FILE_NAMES = {"themes": "categories"}
_MODEL_NAMES = {v: k for k, v in _FILE_NAMES.items()}


def _amount(value: Decimal) -> str:
    return format_number(normalize(Fraction(value)))


def _word(key: str, value: Any) -> str:
    if key == "charge_to":
        items = [f"{c['envelope']}@{_bound(c.get('cost_above'))}..{_bound(c.get('cost_up_to'))}"
                 for c in value]
        return f"charge_to={','.join(items)}"
    if isinstance(value, list):
        text = ",".join(str(v) for v in value)
    elif isinstance(value, Decimal):
        text = _amount(value)
    elif isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = str(value)
    return f"{_FILE_NAMES.get(key, key)}={text}"


def _bound(value: Decimal | None) -> str:
    return "" if value is None else _amount(value)


def encode(rules: ResultsRules, envelopes: Mapping[str, Decimal]) -> dict[str, str]:
    """META entries describing ``rules`` (with ``rule``), for a ``.pb`` file."""
    meta = {"rule": RULE,
            "envelopes": ",".join(f"{k}:{_amount(v)}" for k, v in envelopes.items()),
            "min_project_score_threshold": str(rules.min_votes),
            "stages": str(len(rules.stages))}
    for index, stage in enumerate(rules.stages, start=1):
        fields = stage.model_dump(exclude={"label", "kind"}, exclude_defaults=True)
        meta[f"stage_{index}"] = " ".join([stage.kind, *(_word(k, v) for k, v in fields.items())])
    return meta


def _decode_charge(text: str) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for item in filter(None, text.split(",")):
        envelope, _, band = item.partition("@")
        above, _, up_to = band.partition("..")
        charge = {"envelope": envelope}
        if above:
            charge["cost_above"] = above
        if up_to:
            charge["cost_up_to"] = up_to
        out.append(charge)
    return out


def _decode_stage(text: str) -> dict[str, Any]:
    kind, *words = text.split()
    stage: dict[str, Any] = {"kind": kind}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep:
            raise UnknownRuleError(f"stage word {word!r} is not key=value")
        key = _MODEL_NAMES.get(key, key)
        if key == "charge_to":
            stage[key] = _decode_charge(value)
        elif key == "themes":
            stage[key] = [v for v in value.split(",") if v]
        else:
            stage[key] = value
    return stage


def decode(meta: Mapping[str, str]) -> tuple[ResultsRules, dict[str, Decimal]]:
    """The rules and envelopes written by ``encode``; UnknownRuleError if unreadable."""
    try:
        envelopes = {}
        for pair in filter(None, meta.get("envelopes", "").split(",")):
            name, _, amount = pair.partition(":")
            envelopes[name.strip()] = Decimal(amount.strip())
        count = int(meta["stages"])
        stages = [_decode_stage(meta[f"stage_{i}"]) for i in range(1, count + 1)]
        rules = ResultsRules.model_validate({
            "min_votes": meta.get("min_project_score_threshold", "0"), "stages": stages})
    except (KeyError, ValueError, ArithmeticError, ValidationError) as exc:
        if isinstance(exc, UnknownRuleError):
            raise
        raise UnknownRuleError(f"{RULE}: cannot read the stages in META ({exc})") from None
    return rules, envelopes


def _candidates(election: Election) -> list[Candidate]:
    out: list[Candidate] = []
    for pid, project in election.projects.items():
        if not pid.isdigit():
            raise UnknownRuleError(f"{RULE} needs numeric project ids (got {pid!r})")
        district = project.extra.get("district") or None
        out.append(Candidate(
            id=int(pid), reference=pid, title=project.name,
            cost=Decimal(format_number(project.cost)),
            theme=project.extra.get("category", ""),
            territory=project.extra.get("territory") or district, territory_name=district))
    return out


def recount(election: Election) -> Outcome:
    """Apply the staged rule written in ``election``'s META to its ballots."""
    rules, envelopes = decode(election.meta)
    ballots = [frozenset(int(pid) for pid in b.projects) for b in election.ballots]
    total = Decimal(format_number(election.budget))
    try:
        allocation = allocate(rules, total, envelopes, _candidates(election), ballots, {})
    except ValueError as exc:
        raise UnknownRuleError(f"{RULE}: {exc}") from None
    selected = [str(r.candidate.id) for r in allocation.winners()]
    spent = sum((election.projects[pid].cost for pid in selected), start=0)
    return Outcome(rule=RULE, selected=selected, spent=normalize(spent), budget=election.budget)


def tally_any(election: Election, rule: str = "auto") -> Outcome:
    """``flows.domain.tally.tally``, plus the staged rule when asked for or named in META."""
    name = rule.strip().lower()
    if name == "auto":
        name = election.meta.get("rule", "").strip().lower() or name
    if name == RULE:
        return recount(election)
    return tally(election, rule)
