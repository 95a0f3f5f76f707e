"""Paper ballots and ballot-box totals typed by staff, and withdrawing one entered by mistake:
the text read here, the rules in flows/services/paper.py."""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass, field

from flows.dialogues import voting
from flows.dialogues.context import Context
from flows.dialogues.review import actor
from flows.domain.campaign import PhaseKind
from flows.domain.turnout import BLANK, PAPER, VOID, counted
from flows.events import Button
from flows.i18n import Safe
from flows.replies import Choice
from flows.services import paper as paper_service
from flows.services.paper import (
    BoxClosed,
    BoxEntry,
    NeedsCommune,
    NothingToWithdraw,
    NotOnBallot,
    PaperBallot,
    PaperInvalid,
    PaperSaved,
    WrongPhase,
)

PAPER_BUTTON = "pw"
BOX_BUTTON = "bw"
# Totals stay within SQLite's integers (and within reason).
MAX_DIGITS = 9
_REFERENCE = re.compile(r"([A-Z0-9-]+)-(\d{4})-(\d{1,6})", re.IGNORECASE)
_PAIR = re.compile(r"([^=\s]+)=(\S*)")
_QUOTES = {'"': '"', "«": "»", "“": "”", "'": "'"}
_COMMUNE = re.compile(r"\b(?:commune|ville|town)\s*[=:]\s*"
                      r"(?:\"([^\"]+)\"|«\s*([^»]+?)\s*»|“([^”]+)”|(\S+))", re.IGNORECASE)
_WORDS = {"blanc": BLANK, "blank": BLANK, "nul": VOID, "void": VOID, "null": VOID}


@dataclass
class Parsed:
    """Project numbers read from staff input, and the parts that could not be read."""

    numbers: list[int] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)


async def project_number(ctx: Context, token: str) -> int | None:
    """A ballot number ("12") or a reference ("BP-2026-0014", "bp-2026-14") as the number."""
    if token.isdigit() and len(token) <= MAX_DIGITS:
        return int(token)
    match = _REFERENCE.fullmatch(token)
    if match is None:
        return None
    prefix, year, n = match.groups()
    proposal = await ctx.uow.proposals.by_reference(f"{prefix.upper()}-{year}-{int(n):04d}")
    return proposal.id if proposal else None


def _phase(ctx: Context, phase: PhaseKind | None = None) -> Safe:
    return Safe(ctx.t(f"phase_{(phase or ctx.phase).value}"))


def _numbers(ctx: Context, numbers: list[int] | tuple[int, ...]) -> str:
    return ", ".join(ctx.t("number", n=n) for n in sorted(numbers))


# --- /papier ------------------------------------------------------------------------------


def split_commune(args: str) -> tuple[str | None, str]:
    """The voter's commune typed as ``commune=Auch`` (or quoted), and the rest."""
    match = _COMMUNE.search(args)
    if match is None:
        return None, args
    typed = next(g for g in match.groups() if g is not None)
    return " ".join(typed.split()), args[:match.start()] + " " + args[match.end():]


async def paper(ctx: Context, args: str) -> None:
    """/papier 12 15 23, /papier BP-2026-0014 …, /papier blanc, /papier nul, and
    /papier commune=Auch 12 15 23 when the ballot's sections need the voter's territory."""
    if ctx.phase != PhaseKind.VOTE:  # the box is closed before and after the vote
        ctx.say(ctx.t("wrong_phase", wanted=Safe(ctx.t("phase_vote")), phase=_phase(ctx)))
        return
    commune, args = split_commune(args)
    tokens = [t for t in re.split(r"[\s,;]+", args.strip()) if t]
    if not tokens:
        ctx.say(ctx.t("paper_usage"))
        return
    if len(tokens) == 1 and tokens[0].lower() in _WORDS:
        await _save_paper(ctx, PaperBallot(_WORDS[tokens[0].lower()], (), ctx.now))
        return
    parsed = Parsed()
    for token in tokens:
        number = await project_number(ctx, token)
        if number is None:
            parsed.bad.append(token)
        else:
            parsed.numbers.append(number)
    if parsed.bad:
        ctx.say(ctx.t("paper_bad_parts", parts=", ".join(f"« {b} »" for b in parsed.bad)))
        return
    await _save_paper(ctx, PaperBallot(PAPER, tuple(parsed.numbers), ctx.now, commune))


async def _save_paper(ctx: Context, request: PaperBallot) -> None:
    outcome = await paper_service.enter_paper_ballot(ctx.uow, ctx.deps.scope, actor(ctx),
                                                     request)
    if isinstance(outcome, PaperSaved):
        _paper_saved(ctx, outcome)
    elif isinstance(outcome, WrongPhase):
        ctx.say(ctx.t("wrong_phase", wanted=Safe(ctx.t("phase_vote")),
                      phase=_phase(ctx, outcome.phase)))
    elif isinstance(outcome, PaperInvalid):
        ctx.say(ctx.t("paper_invalid", problem=voting.ballot_problem(ctx, outcome.violations[0])))
    elif isinstance(outcome, NeedsCommune):
        ctx.say(ctx.t("paper_needs_commune", territories=", ".join(outcome.territories),
                      numbers=" ".join(str(n) for n in request.choices)))
    else:
        ctx.say(ctx.t("paper_unknown_commune", text=outcome.typed[:40]))


def _paper_saved(ctx: Context, saved: PaperSaved) -> None:
    button = ((Choice(ctx.t("btn_withdraw_paper"), f"{PAPER_BUTTON}|{saved.ballot_id}"),),)
    if saved.kind == PAPER:
        text = ctx.t("paper_saved", numbers=_numbers(ctx, saved.choices),
                     who=ctx.sender.first_name, id=saved.ballot_id)
    else:
        text = ctx.t(f"{saved.kind}_saved", who=ctx.sender.first_name, id=saved.ballot_id)
    ctx.say(text, button)


# --- /urne --------------------------------------------------------------------------------


def split_box(args: str) -> tuple[str, str]:
    """The box name (quoted, or every word before the first ``N=``) and the rest."""
    text = args.strip()
    if text[:1] in _QUOTES:
        name, closing, rest = text[1:].partition(_QUOTES[text[0]])
        if closing:
            return " ".join(name.split()), _pairs(rest)
    words = _pairs(text).split()
    first = next((i for i, w in enumerate(words) if "=" in w), len(words))
    return " ".join(words[:first]), " ".join(words[first:])


def _pairs(text: str) -> str:
    # "12 = 40" and "12:40" are typed too.
    return re.sub(r"\s*[=:]\s*", "=", text.strip())


async def read_totals(ctx: Context, rest: str) -> tuple[dict[int, int], list[str]]:
    """``12=40 BP-2026-0015=33`` as {number: votes}, and every part that is not that."""
    totals: dict[int, int] = {}
    bad: list[str] = []
    for part in (p for p in re.split(r"[\s,;]+", rest) if p):
        match = _PAIR.fullmatch(part)
        number = await project_number(ctx, match.group(1)) if match else None
        votes = match.group(2) if match else ""
        if number is None or not votes.isdigit() or len(votes) > MAX_DIGITS or number in totals:
            bad.append(part)
        else:
            totals[number] = int(votes)
    return totals, bad


async def box(ctx: Context, args: str) -> None:
    """/urne Mairie de Mirande 12=40 15=33: the whole count of one box, replacing any before."""
    if (closed := await paper_service.box_open(ctx.uow, ctx.deps.scope, ctx.now)) is not None:
        ctx.say(ctx.t("box_closed", phase=_phase(ctx, closed)))
        return
    name, rest = split_box(args)
    if not name and not rest:
        await _list_boxes(ctx)
        return
    if not name:
        ctx.say(ctx.t("box_usage"))
        return
    if not rest:
        await _show_box(ctx, await paper_service.stored_name(ctx.uow, name))
        return
    totals, bad = await read_totals(ctx, rest)
    if bad:
        ctx.say(counted(ctx.t, ctx.lang, "box_bad_parts", len(bad),
                        parts=", ".join(f"« {b} »" for b in bad)))
        return
    outcome = await paper_service.enter_box(ctx.uow, ctx.deps.scope, actor(ctx),
                                            BoxEntry(name, totals, ctx.now))
    if isinstance(outcome, BoxClosed):
        ctx.say(ctx.t("box_closed", phase=_phase(ctx, outcome.phase)))
    elif isinstance(outcome, NotOnBallot):
        ctx.say(counted(ctx.t, ctx.lang, "box_unknown_projects", len(outcome.numbers),
                        numbers=_numbers(ctx, outcome.numbers)))
    else:
        key = box_key(outcome.box, outcome.totals)
        ctx.say(_box_report(ctx, outcome.box, outcome.totals, outcome.before),
                ((Choice(ctx.t("btn_withdraw_box"), f"{BOX_BUTTON}|{key}"),),))


def box_key(name: str, totals: dict[int, int]) -> str:
    """A box entry in 16 characters (button data is limited to 64 bytes); the content is
    part of it, so the button under an entry since replaced withdraws nothing."""
    entry = json.dumps([name, sorted(totals.items())], ensure_ascii=False)
    return hashlib.sha256(entry.encode()).hexdigest()[:16]


def _content(ctx: Context, totals: dict[int, int]) -> str:
    return "\n".join(ctx.t("box_line", number=n,
                           votes=Safe(counted(ctx.t, ctx.lang, "votes", v)))
                     for n, v in sorted(totals.items()))


def _box_report(ctx: Context, name: str, totals: dict[int, int], before: dict[int, int]) -> str:
    votes = Safe(counted(ctx.t, ctx.lang, "votes", sum(totals.values())))
    lines = [counted(ctx.t, ctx.lang, "box_saved", len(totals), box=name, votes=votes,
                     who=ctx.sender.first_name), _content(ctx, totals)]
    if before:
        changes = [ctx.t("box_change", number=n, old=before.get(n, 0), new=totals.get(n, 0))
                   for n in sorted(before.keys() | totals.keys())
                   if before.get(n, 0) != totals.get(n, 0)]
        lines.append(ctx.t("box_replaced") + "\n" + "\n".join(changes) if changes
                     else ctx.t("box_unchanged"))
    return "\n".join(lines)


async def _show_box(ctx: Context, name: str) -> None:
    totals = await ctx.uow.voting.box_totals(name)
    if not totals:
        ctx.say(ctx.t("box_usage"))
        return
    votes = Safe(counted(ctx.t, ctx.lang, "votes", sum(totals.values())))
    ctx.say(ctx.t("box_content", box=name, votes=votes) + "\n" + _content(ctx, totals))


async def _list_boxes(ctx: Context) -> None:
    names = await ctx.uow.voting.box_names()
    if not names:
        ctx.say(ctx.t("box_usage"))
        return
    ctx.say(ctx.t("box_list") + "\n" + "\n".join(f"• {html.escape(n, quote=False)}"
                                                  for n in names))


# --- withdrawing --------------------------------------------------------------------------


async def withdraw(ctx: Context, args: str) -> None:
    """/retirer urne NOM, /retirer papier P1A2B3C4."""
    what, _, rest = args.strip().partition(" ")
    kind = {"urne": "box", "box": "box", "papier": "paper", "paper": "paper"}.get(what.lower())
    if kind is None or not rest.strip():
        ctx.say(ctx.t("withdraw_usage"))
        return
    if kind == "paper":
        await _withdraw_paper(ctx, rest.strip())
    else:
        await _withdraw_box(ctx, split_box(rest)[0])


async def _withdraw_paper(ctx: Context, ballot_id: str) -> bool:
    outcome = await paper_service.withdraw_paper_ballot(ctx.uow, ctx.deps.scope, actor(ctx),
                                                        ballot_id, ctx.now)
    if isinstance(outcome, BoxClosed):
        ctx.say(ctx.t("withdraw_closed", phase=_phase(ctx, outcome.phase)))
        return False
    if isinstance(outcome, NothingToWithdraw):
        ctx.say(ctx.t("withdraw_paper_unknown", id=outcome.what))
        return False
    what = _numbers(ctx, outcome.choices) if outcome.choices \
        else ctx.t(f"{outcome.kind}_name")
    ctx.say(ctx.t("withdraw_paper_done", id=outcome.ballot_id, what=what,
                  who=ctx.sender.first_name))
    return True


async def _withdraw_box(ctx: Context, name: str) -> bool:
    outcome = await paper_service.withdraw_box(ctx.uow, ctx.deps.scope, actor(ctx), name,
                                               ctx.now)
    if isinstance(outcome, BoxClosed):
        ctx.say(ctx.t("withdraw_closed", phase=_phase(ctx, outcome.phase)))
        return False
    if isinstance(outcome, NothingToWithdraw):
        ctx.say(ctx.t("withdraw_box_unknown", box=outcome.what))
        return False
    ctx.say(ctx.t("withdraw_box_done", box=outcome.box, who=ctx.sender.first_name,
                  votes=Safe(counted(ctx.t, ctx.lang, "votes", sum(outcome.before.values())))))
    return True


async def _box_of_key(ctx: Context, key: str) -> str | None:
    for name in await ctx.uow.voting.box_names():
        if box_key(name, await ctx.uow.voting.box_totals(name)) == key:
            return name
    return None


async def on_button(ctx: Context, action: Button) -> None:
    """The 'withdraw' button under a paper ballot's or a box's confirmation."""
    if (closed := await paper_service.box_open(ctx.uow, ctx.deps.scope, ctx.now)) is not None:
        ctx.answer(ctx.t("withdraw_closed", phase=_phase(ctx, closed)), alert=True)
        return
    kind, _, key = action.data.partition("|")
    if kind == PAPER_BUTTON:
        done = await _withdraw_paper(ctx, key)
    else:
        name = await _box_of_key(ctx, key)
        done = name is not None and await _withdraw_box(ctx, name)
        if name is None:
            ctx.say(ctx.t("withdraw_box_gone"))
    ctx.answer()
    if done:
        ctx.clear_buttons()
