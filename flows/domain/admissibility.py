"""The campaign's hard rules, each checked at the step it concerns and again at submission."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from flows.domain.campaign import Campaign, ProposerKind, Question
from flows.domain.communes import CommuneDirectory
from flows.domain.departements import in_department
from flows.domain.model import ProposalFields
from flows.domain.money import format_amount


@dataclass(frozen=True)
class Violation:
    """A broken rule: a catalog key and the values its text needs."""

    key: str
    values: dict[str, object] = field(default_factory=dict)


def check_cost(campaign: Campaign, cost: Decimal, lang: str) -> Violation | None:
    rules = campaign.projects
    if cost < rules.min_cost or cost > rules.max_cost:
        return Violation("rule_cost", {
            "cost": format_amount(cost, lang),
            "min": format_amount(rules.min_cost, lang),
            "max": format_amount(rules.max_cost, lang),
        })
    return None


def check_answer(question: Question, answer: bool) -> Violation | None:
    if answer != question.required_answer:
        return Violation("rule_question", {"question": question.id})
    return None


def check_age(campaign: Campaign, age: int) -> Violation | None:
    if age < campaign.proposers.min_age:
        return Violation("rule_age", {"min_age": campaign.proposers.min_age})
    return None


def check_place(
    campaign: Campaign, communes: CommuneDirectory, insee: str, lang: str
) -> Violation | None:
    commune = communes.get(insee)
    if commune is None or commune.dept != campaign.department:
        return Violation("rule_place", {"in_department": department_in(campaign, communes, lang)})
    return None


def check_residence(
    campaign: Campaign, communes: CommuneDirectory, insee: str, lang: str
) -> Violation | None:
    if campaign.proposers.residence == "any":
        return None
    commune = communes.get(insee)
    if commune is None or commune.dept != campaign.department:
        return Violation("rule_residence",
                         {"in_department": department_in(campaign, communes, lang)})
    return None


def department_in(campaign: Campaign, communes: CommuneDirectory, lang: str) -> str:
    """'dans le Gers': the campaign's département with its own article and preposition."""
    return in_department(campaign.department, lang, communes)


def violations(
    campaign: Campaign, communes: CommuneDirectory, fields: ProposalFields, lang: str
) -> list[Violation]:
    """Every hard rule the fields break, or that they leave unanswered."""
    found: list[Violation] = []
    missing = [name for name in ("title", "description", "theme", "commune", "cost",
                                 "proposer_kind", "proposer_name", "proposer_commune")
               if getattr(fields, name) in (None, "")]
    if fields.proposer_kind == ProposerKind.PERSON and fields.proposer_age is None:
        missing.append("proposer_age")
    found += [Violation("rule_missing", {"field": name}) for name in missing]
    if fields.theme is not None and campaign.theme(fields.theme) is None:
        found.append(Violation("rule_missing", {"field": "theme"}))
    if fields.cost is not None and (v := check_cost(campaign, fields.cost, lang)):
        found.append(v)
    if fields.commune and (v := check_place(campaign, communes, fields.commune, lang)):
        found.append(v)
    if fields.proposer_commune and (
        v := check_residence(campaign, communes, fields.proposer_commune, lang)
    ):
        found.append(v)
    if fields.proposer_kind == ProposerKind.PERSON and fields.proposer_age is not None and (
        v := check_age(campaign, fields.proposer_age)
    ):
        found.append(v)
    if fields.proposer_kind and fields.proposer_kind not in campaign.proposers.kinds:
        found.append(Violation("rule_missing", {"field": "proposer_kind"}))
    for question in campaign.questions:
        answer = fields.answers.get(question.id)
        if answer is None:
            found.append(Violation("rule_missing", {"field": question.id}))
        elif v := check_answer(question, answer):
            found.append(v)
    return found
