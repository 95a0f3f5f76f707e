"""Results as Telegram HTML messages: winners then the others, each with votes and reason."""

from __future__ import annotations

import html
from collections.abc import Callable
from decimal import Decimal

from flows.domain.allocation import Allocation, Row, StageResult
from flows.domain.turnout import Turnout, counted, turnout_text
from flows.i18n import Safe

Translate = Callable[..., str]
Money = Callable[[Decimal], str]

# Telegram refuses texts over 4096 characters; the margin covers emoji counted twice.
MESSAGE_LIMIT = 3900


def stage_name(allocation: Allocation, index: int, lang: str, t: Translate) -> str:
    """A stage's label from the campaign file, or the name of its kind."""
    stage = allocation.stages[index]
    if stage.label is not None:
        return html.escape(stage.label.get(lang), quote=False)
    return t(f"results_kind_{stage.kind}")


def reason_text(row: Row, t: Translate, money: Money, lang: str = "fr") -> str:
    """Why ``row`` won or not, e.g. "did not fit: €4,200 left"."""
    values = {key: Safe(html.escape(money(value), quote=False))
              if isinstance(value, Decimal) else value
              for key, value in row.reason.values.items()}
    if isinstance(minimum := row.reason.values.get("min"), int):
        values["min"] = Safe(counted(t, lang, "votes", minimum))
    return t(f"results_reason_{row.reason.code}", **values)


def stage_line(allocation: Allocation, stage: StageResult, lang: str, t: Translate,
               money: Money) -> str:
    """What a stage spent, against its envelope as in the campaign file, rollover apart."""
    values = {"label": Safe(stage_name(allocation, stage.index, lang, t)),
              "spent": money(stage.spent), "amount": money(stage.amount),
              "carried": money(stage.carried)}
    if stage.charged:
        return t("results_stage_charged", **values)
    if not stage.carried:
        return t("results_stage", **values)
    return t("results_stage_carried" if stage.amount else "results_stage_only_carried", **values)


def _project_block(allocation: Allocation, row: Row, lang: str, t: Translate,
                   money: Money) -> str:
    votes = counted(t, lang, "votes", row.votes)
    line = t("results_line", reference=row.candidate.reference,
             title=Safe(html.escape(row.candidate.title, quote=False)), votes=votes,
             cost=money(row.candidate.cost))
    reason = Safe(reason_text(row, t, money, lang))
    if row.stage is None:
        return line + "\n" + t("results_reason_alone", reason=reason)
    stage = Safe(stage_name(allocation, row.stage, lang, t))
    return line + "\n" + t("results_reason_in_stage", stage=stage, reason=reason)


def render_results(allocation: Allocation, lang: str, t: Translate, money: Money, *,
                   name: str, draft: bool, turnout: Turnout | None = None) -> list[str]:
    """The results as messages of at most ``MESSAGE_LIMIT`` characters, split between lines.

    ``t(key, **values)`` is the catalog bound to ``lang``; ``money(amount)`` formats euros.
    """
    winners = allocation.winners()
    head = [t("results_title_draft" if draft else "results_title", name=name),
            counted(t, lang, "results_summary", len(winners), spent=money(allocation.spent),
                    total=money(allocation.total), left=money(allocation.left))]
    if turnout is not None:
        head.append(turnout_text(t, lang, turnout))
    if len(allocation.stages) > 1:
        head += [stage_line(allocation, s, lang, t, money) for s in allocation.stages]
    blocks = ["\n".join(head)]
    if not allocation.rows:
        blocks.append(t("results_none"))
    by_votes = sorted(winners, key=lambda r: (-r.votes, r.candidate.reference))
    if by_votes:
        blocks.append(t("results_winners"))
        blocks += [_project_block(allocation, r, lang, t, money) for r in by_votes]
    others = [r for r in allocation.rows if not r.won]
    if others:
        blocks.append(t("results_others"))
        blocks += [_project_block(allocation, r, lang, t, money) for r in others]
    return chunk(blocks)


def chunk(blocks: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join blocks with newlines into texts of at most ``limit`` characters.

    A block is kept whole when it fits a message; a longer one is cut between its lines.
    """
    lines: list[str] = []
    for block in blocks:
        lines += _cut(block, limit) if len(block) > limit else [block]
    messages: list[str] = []
    current = ""
    for piece in lines:
        joined = f"{current}\n{piece}" if current else piece
        if len(joined) <= limit:
            current = joined
        else:
            messages.append(current)
            current = piece
    if current:
        messages.append(current)
    return messages


def _cut(block: str, limit: int) -> list[str]:
    out: list[str] = []
    for line in block.split("\n"):
        # A single line longer than a message (never expected) is cut by characters.
        out += [line[i:i + limit] for i in range(0, len(line), limit)] or [""]
    return out
