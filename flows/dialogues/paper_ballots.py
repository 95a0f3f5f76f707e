"""Paper ballots and ballot-box totals typed by staff, and withdrawing one entered by mistake."""

from __future__ import annotations

import hashlib
import html
import json
import re
import secrets
from dataclasses import dataclass, field

from flows.dialogues import publishing, voting
from flows.dialogues.context import Context
from flows.domain.ballot import check_ballot
from flows.domain.campaign import PhaseKind
from flows.domain.turnout import BLANK, PAPER, VOID, counted
from flows.events import Button
from flows.i18n import Safe
from flows.replies import Choice

PAPER_BUTTON = "pw"
BOX_BUTTON = "bw"
# Totals stay within SQLite's integers (and within reason).
MAX_DIGITS = 9
_REFERENCE = re.compile(r"([A-Z0-9-]+)-(\d{4})-(\d{1,6})", re.IGNORECASE)
_PAIR = re.compile(r"([^=\s]+)=(\S*)")
_QUOTES = {'"': '"', "«": "»", "“": "”", "'": "'"}
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


def _closed(ctx: Context, published: str | None) -> bool:
    # Boxes are counted during the vote or once it closes, never after results are out.
    return ctx.phase not in (PhaseKind.VOTE, PhaseKind.RESULTS) or published is not None


def _phase(ctx: Context) -> Safe:
    return Safe(ctx.t(f"phase_{ctx.phase.value}"))


def _numbers(ctx: Context, numbers: list[int]) -> str:
    return ", ".join(ctx.t("number", n=n) for n in sorted(numbers))


# --- /papier ------------------------------------------------------------------------------


async def paper(ctx: Context, args: str) -> None:
    """/papier 12 15 23, /papier BP-2026-0014 …, /papier blanc, /papier nul."""
    if ctx.phase != PhaseKind.VOTE:  # the box is closed before and after the vote
        ctx.say(ctx.t("wrong_phase", wanted=Safe(ctx.t("phase_vote")), phase=_phase(ctx)))
        return
    tokens = [t for t in re.split(r"[\s,;]+", args.strip()) if t]
    if not tokens:
        ctx.say(ctx.t("paper_usage"))
        return
    if len(tokens) == 1 and tokens[0].lower() in _WORDS:
        await _save_paper(ctx, _WORDS[tokens[0].lower()], [])
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
    sections = ctx.campaign.vote.sections
    candidates = (await voting.ballot_of(ctx)).candidates
    problems = check_ballot(sections, candidates, parsed.numbers, None)
    if problems:
        ctx.say(ctx.t("paper_invalid", problem=voting.ballot_problem(ctx, problems[0])))
        return
    await _save_paper(ctx, PAPER, parsed.numbers)


async def _save_paper(ctx: Context, channel: str, numbers: list[int]) -> None:
    ballot_id = "P" + secrets.token_hex(4).upper()
    await ctx.uow.voting.add_ballot(ctx.now.date().isoformat(), channel, numbers, ballot_id)
    await ctx.uow.audit.record(ctx.now, ctx.sender.user_id, ctx.sender.first_name,
                               "paper_ballot", "ballot_box",
                               {"id": ballot_id, "kind": channel, "choices": sorted(numbers)})
    button = ((Choice(ctx.t("btn_withdraw_paper"), f"{PAPER_BUTTON}|{ballot_id}"),),)
    if channel == PAPER:
        text = ctx.t("paper_saved", numbers=_numbers(ctx, numbers), who=ctx.sender.first_name,
                     id=ballot_id)
    else:
        text = ctx.t(f"{channel}_saved", who=ctx.sender.first_name, id=ballot_id)
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
    if _closed(ctx, await ctx.uow.settings.get(publishing.PUBLISHED_KEY)):
        ctx.say(ctx.t("box_closed", phase=_phase(ctx)))
        return
    name, rest = split_box(args)
    if not name and not rest:
        await _list_boxes(ctx)
        return
    if not name:
        ctx.say(ctx.t("box_usage"))
        return
    name = await _stored_name(ctx, name)
    if not rest:
        await _show_box(ctx, name)
        return
    totals, bad = await read_totals(ctx, rest)
    if bad:
        ctx.say(counted(ctx.t, ctx.lang, "box_bad_parts", len(bad),
                        parts=", ".join(f"« {b} »" for b in bad)))
        return
    known = {c.id for c in (await voting.ballot_of(ctx)).candidates}
    unknown = sorted(n for n in totals if n not in known)
    if unknown:
        ctx.say(counted(ctx.t, ctx.lang, "box_unknown_projects", len(unknown),
                        numbers=_numbers(ctx, unknown)))
        return
    before = await ctx.uow.voting.replace_box(name, totals, ctx.sender.first_name,
                                              ctx.now.date().isoformat())
    await ctx.uow.audit.record(ctx.now, ctx.sender.user_id, ctx.sender.first_name,
                               "paper_box", name, {"totals": totals, "before": before})
    ctx.say(_box_report(ctx, name, totals, before),
            ((Choice(ctx.t("btn_withdraw_box"), f"{BOX_BUTTON}|{box_key(name, totals)}"),),))


async def _stored_name(ctx: Context, name: str) -> str:
    """The name a box was first entered under, whatever the case typed now."""
    return next((b for b in await ctx.uow.voting.box_names() if b.lower() == name.lower()), name)


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
    if _closed(ctx, await ctx.uow.settings.get(publishing.PUBLISHED_KEY)):
        ctx.say(ctx.t("withdraw_closed", phase=_phase(ctx)))
        return
    if kind == "paper":
        await _withdraw_paper(ctx, rest.strip())
    else:
        name, _ = split_box(rest)
        await _withdraw_box(ctx, await _stored_name(ctx, name))


async def _withdraw_paper(ctx: Context, ballot_id: str) -> bool:
    found = await ctx.uow.voting.withdraw_paper_ballot(ballot_id)
    if found is None:
        ctx.say(ctx.t("withdraw_paper_unknown", id=ballot_id.upper()))
        return False
    channel, choices = found
    await ctx.uow.audit.record(ctx.now, ctx.sender.user_id, ctx.sender.first_name,
                               "paper_ballot_withdrawn", "ballot_box",
                               {"id": ballot_id.upper(), "kind": channel, "choices": choices})
    what = _numbers(ctx, choices) if choices else ctx.t(f"{channel}_name")
    ctx.say(ctx.t("withdraw_paper_done", id=ballot_id.upper(), what=what,
                  who=ctx.sender.first_name))
    return True


async def _withdraw_box(ctx: Context, name: str) -> bool:
    before = await ctx.uow.voting.replace_box(name, {}, ctx.sender.first_name,
                                              ctx.now.date().isoformat())
    if not before:
        ctx.say(ctx.t("withdraw_box_unknown", box=name))
        return False
    await ctx.uow.audit.record(ctx.now, ctx.sender.user_id, ctx.sender.first_name,
                               "paper_box_withdrawn", name, {"before": before})
    ctx.say(ctx.t("withdraw_box_done", box=name, who=ctx.sender.first_name,
                  votes=Safe(counted(ctx.t, ctx.lang, "votes", sum(before.values())))))
    return True


async def _box_of_key(ctx: Context, key: str) -> str | None:
    for name in await ctx.uow.voting.box_names():
        if box_key(name, await ctx.uow.voting.box_totals(name)) == key:
            return name
    return None


async def on_button(ctx: Context, action: Button) -> None:
    """The 'withdraw' button under a paper ballot's or a box's confirmation."""
    if _closed(ctx, await ctx.uow.settings.get(publishing.PUBLISHED_KEY)):
        ctx.answer(ctx.t("withdraw_closed", phase=_phase(ctx)), alert=True)
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
