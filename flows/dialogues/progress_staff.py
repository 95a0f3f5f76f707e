"""/suivi in the staff group: a winner's stage, percentage, note and photo, then everyone who
follows it is told. A presenter over flows/services/progress.py."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from flows.dialogues.context import Context, is_id
from flows.dialogues.notices import BROADCAST_PRIORITY
from flows.dialogues.progress_view import last_line, scope, stage_label
from flows.dialogues.review import parse_reference
from flows.domain.progress import (
    DONE,
    NOTE_MAX,
    NOTE_MIN,
    STAGES,
    clean_note,
    parse_percent,
)
from flows.events import Button, Photo, Text
from flows.i18n import Safe
from flows.replies import Choice, Keyboard, Message
from flows.services import progress
from flows.session import Session

FLOW = "staff_progress"
PREFIX = "pg"  # a step's buttons: pg|<nonce>|<act>, valid for the one who started the entry
FIX_PREFIX = "pc"  # "correct the latest news" under a saved entry: pc|<proposal id>
# Staff talk among themselves in the group: an entry left this long stops taking their text.
WAIT = timedelta(minutes=30)
QUICK_PERCENTS = (10, 25, 50, 75, 90)
FIX_WORDS = ("corriger", "correction", "correct", "fix")
BACK = {"percent": "stage", "note": "percent", "photo": "note", "confirm": "photo"}
STEPS = ("stage", "percent", "note", "photo", "confirm")
# The step at which each button is offered; elsewhere (forged data) it does nothing.
STEPS_OF = {"fix": ("stage",), "st": ("stage",), "pc": ("percent",), "nophoto": ("photo",),
            "save": ("confirm",)}


def actor(ctx: Context) -> progress.Actor:
    return progress.Actor(ctx.sender.user_id, ctx.sender.first_name or str(ctx.sender.user_id),
                          ctx.sender.is_staff)


def example(ctx: Context) -> str:
    return f"{ctx.campaign.reference_prefix}-{ctx.campaign.reference_year()}-0042"


def refusal_text(ctx: Context, refusal: progress.Refusal) -> str:
    if isinstance(refusal, progress.NotStaff):
        return ctx.t("staff_only")
    if isinstance(refusal, progress.UnknownProject):
        return ctx.t("progress_unknown", text=refusal.reference[:40], example=example(ctx))
    if isinstance(refusal, progress.NotPublished):
        return ctx.t("progress_not_published")
    return ctx.t("progress_not_winner", reference=refusal.proposal.reference,
                 title=refusal.proposal.fields.title or "")


async def command(ctx: Context, args: str) -> None:
    """/suivi BP-2026-0042 [corriger]: start an entry on a winner (staff only, checked before)."""
    words = args.split()
    if not words:
        ctx.say(ctx.t("progress_usage", example=example(ctx)))
        return
    target = await progress.find_target(ctx.uow, scope(ctx), actor(ctx),
                                        parse_reference(ctx, words[0]))
    if not isinstance(target, progress.Target):
        ctx.say(refusal_text(ctx, target))
        return
    await start(ctx, target, fix=any(w.lower() in FIX_WORDS for w in words[1:]))


async def start(ctx: Context, target: progress.Target, fix: bool) -> None:
    proposal = target.proposal
    if fix and target.last is None:
        ctx.say(ctx.t("progress_nothing_to_fix", reference=proposal.reference))
        fix = False
    ctx.session = Session(flow=FLOW, step="stage", nonce=ctx.session.nonce + 1, data={
        "proposal_id": proposal.id, "reference": proposal.reference,
        "title": proposal.fields.title or "", "asked_at": ctx.now.isoformat(),
        "last": last_line(ctx, target.last),
        "corrects": target.last.id if fix and target.last else None,
        "can_fix": target.last is not None})
    ask(ctx)


def button(ctx: Context, label: str, act: str) -> Choice:
    return Choice(label, f"{PREFIX}|{ctx.session.nonce}|{act}")


def nav(ctx: Context, *rows: tuple[Choice, ...]) -> Keyboard:
    back = (button(ctx, ctx.t("btn_back"), "back"),) if ctx.session.step != "stage" else ()
    return (*rows, (*back, button(ctx, ctx.t("btn_cancel"), "cancel")))


def ask(ctx: Context) -> None:
    """The question of the step the entry is at, with its buttons."""
    data, step = ctx.session.data, ctx.session.step
    names = {"reference": data["reference"], "title": data["title"]}
    if step == "stage":
        key = "progress_ask_stage_fix" if data.get("corrects") else "progress_ask_stage"
        stages = [button(ctx, stage_label(ctx, s), f"st:{s}") for s in STAGES]
        rows = [tuple(stages[i:i + 2]) for i in range(0, len(stages), 2)]
        if data.get("can_fix") and not data.get("corrects"):
            rows.append((button(ctx, ctx.t("btn_progress_fix"), "fix"),))
        # Stored rendered (and escaped) when the entry started: inserted as is.
        ctx.say(ctx.t(key, last=Safe(str(data["last"])), **names), nav(ctx, *rows))
    elif step == "percent":
        quick = tuple(button(ctx, f"{p} %", f"pc:{p}") for p in QUICK_PERCENTS)
        ctx.say(ctx.t("progress_ask_percent", stage=Safe(stage_label(ctx, data["stage"]))),
                nav(ctx, quick))
    elif step == "note":
        ctx.say(ctx.t("progress_ask_note", min=NOTE_MIN, max=NOTE_MAX), nav(ctx))
    elif step == "photo":
        ctx.say(ctx.t("progress_ask_photo"),
                nav(ctx, (button(ctx, ctx.t("btn_progress_no_photo"), "nophoto"),)))
    else:
        key = "progress_confirm_fix" if data.get("corrects") else "progress_confirm"
        ctx.say(ctx.t(key, stage=Safe(stage_label(ctx, data["stage"])), percent=data["percent"],
                      note=data["note"], photo=Safe(ctx.t("yes" if data.get("photo") else "no")),
                      **names),
                nav(ctx, (button(ctx, ctx.t("btn_progress_save"), "save"),)))


def goto(ctx: Context, step: str) -> None:
    ctx.session = ctx.session.model_copy(update={
        "step": step, "nonce": ctx.session.nonce + 1,
        "data": {**ctx.session.data, "asked_at": ctx.now.isoformat()}})
    ask(ctx)


def after_stage(ctx: Context) -> str:
    return "note" if ctx.session.data.get("stage") == DONE else "percent"


async def on_button(ctx: Context, action: Button) -> None:
    """A tap on a step's buttons; only the staff member who started the entry, at that step."""
    parts = action.data.split("|")
    if len(parts) != 3 or ctx.session.flow != FLOW or parts[1] != str(ctx.session.nonce):
        ctx.answer(ctx.t("progress_not_your_button"), alert=True)
        return
    act = parts[2]
    name = act.split(":", 1)[0]
    handler = ACTS.get(name)
    if handler is None or ctx.session.step not in STEPS_OF.get(name, STEPS) \
            or not VALUES.get(name, _any)(act.partition(":")[2]):
        ctx.answer(ctx.t("stale_button"))
        return
    ctx.answer()
    ctx.clear_buttons()
    await handler(ctx, act.partition(":")[2])


async def _cancel(ctx: Context, _: str) -> None:
    ctx.session = Session(nonce=ctx.session.nonce + 1)
    ctx.say(ctx.t("progress_cancelled"))


async def _back(ctx: Context, _: str) -> None:
    back = BACK.get(ctx.session.step or "", "stage")
    if back == "percent" and ctx.session.data.get("stage") == DONE:
        back = "stage"
    goto(ctx, back)


async def _fix(ctx: Context, _: str) -> None:
    proposal = await ctx.uow.proposals.get(int(ctx.session.data["proposal_id"]))
    target = await progress.find_target(ctx.uow, scope(ctx), actor(ctx),
                                        proposal.reference if proposal else "")
    if not isinstance(target, progress.Target):
        ctx.session = Session(nonce=ctx.session.nonce + 1)
        ctx.say(refusal_text(ctx, target))
        return
    await start(ctx, target, fix=True)


async def _stage(ctx: Context, stage: str) -> None:
    data = {**ctx.session.data, "stage": stage}
    if stage == DONE:
        data["percent"] = 100
    ctx.session = ctx.session.model_copy(update={"data": data})
    goto(ctx, after_stage(ctx))


async def _percent(ctx: Context, value: str) -> None:
    ctx.session.data["percent"] = parse_percent(value)
    goto(ctx, "note")


async def _no_photo(ctx: Context, _: str) -> None:
    ctx.session.data["photo"] = None
    goto(ctx, "confirm")


async def _save(ctx: Context, _: str) -> None:
    data = ctx.session.data
    request = progress.ProgressRequest(
        reference=str(data["reference"]), stage=str(data["stage"]), percent=int(data["percent"]),
        note=str(data["note"]), photo=data.get("photo"), corrects=data.get("corrects"))
    outcome = await progress.record(ctx.uow, scope(ctx), actor(ctx), request, ctx.now)
    ctx.session = Session(nonce=ctx.session.nonce + 1)
    if isinstance(outcome, progress.Recorded):
        saved(ctx, outcome)
    elif isinstance(outcome, progress.CorrectionOutdated):
        ctx.say(ctx.t("progress_correction_outdated", reference=data["reference"]))
    elif isinstance(outcome, progress.BadStage | progress.BadPercent | progress.BadNote):
        ctx.say(ctx.t("progress_cancelled"))  # only forged session data gets here
    else:
        ctx.say(refusal_text(ctx, outcome))


def _any(_: str) -> bool:
    return True


# What a button's value must be (callback data can be forged).
VALUES: dict[str, Callable[[str], bool]] = {
    "st": lambda value: value in STAGES, "pc": lambda value: parse_percent(value) is not None}
ACTS: dict[str, Callable[[Context, str], Awaitable[None]]] = {
    "cancel": _cancel, "back": _back, "fix": _fix, "st": _stage, "pc": _percent,
    "nophoto": _no_photo, "save": _save,
}


def saved(ctx: Context, outcome: progress.Recorded) -> None:
    """Say it in the group (with a way to correct it), then tell each recipient."""
    entry, proposal = outcome.entry, outcome.proposal
    ctx.say(ctx.t("progress_corrected" if outcome.replaced else "progress_saved",
                  reference=proposal.reference, who=entry.by,
                  stage=Safe(stage_label(ctx, entry.stage)), percent=entry.percent,
                  count=len(outcome.recipients)),
            ((Choice(ctx.t("btn_progress_fix"), f"{FIX_PREFIX}|{proposal.id}"),),))
    for recipient in outcome.recipients:
        them = ctx.speaking(recipient.language)
        text = them.t("progress_news_fix" if outcome.replaced else "progress_news",
                      reference=proposal.reference, title=proposal.fields.title or "",
                      stage=Safe(stage_label(them, entry.stage)), percent=entry.percent,
                      note=entry.note)
        text += "\n\n" + them.t("progress_news_proposer" if recipient.proposer
                                else "progress_news_follower")
        them.send(Message(recipient.chat_id, text,
                          ((Choice(them.t("btn_unfollow"), f"g|uf|{proposal.id}"),),),
                          photo=entry.photo, priority=BROADCAST_PRIORITY))


async def on_fix_button(ctx: Context, action: Button) -> None:
    """'Correct the latest news' under a saved entry: a new entry that replaces it."""
    parts = action.data.split("|")
    proposal = await ctx.uow.proposals.get(int(parts[1])) \
        if len(parts) == 2 and is_id(parts[1]) else None
    if proposal is None:
        ctx.answer(ctx.t("stale_button"))
        return
    target = await progress.find_target(ctx.uow, scope(ctx), actor(ctx), proposal.reference)
    ctx.answer()
    if not isinstance(target, progress.Target):
        ctx.say(refusal_text(ctx, target))
        return
    await start(ctx, target, fix=True)


async def on_input(ctx: Context, action: Text | Photo) -> None:
    """What the staff member typed or sent while an entry waits for it."""
    asked = datetime.fromisoformat(str(ctx.session.data.get("asked_at")))
    if ctx.now - asked > WAIT:
        ctx.session = Session(nonce=ctx.session.nonce + 1)  # long forgotten: just chatter
        return
    step = ctx.session.step
    if step == "percent":
        await _typed_percent(ctx, action)
    elif step == "note":
        await _typed_note(ctx, action)
    elif step == "photo":
        if isinstance(action, Photo):
            ctx.session.data["photo"] = action.file_id
            goto(ctx, "confirm")
        else:
            ctx.say(ctx.t("progress_photo_expected"),
                    nav(ctx, (button(ctx, ctx.t("btn_progress_no_photo"), "nophoto"),)))
    # At the stage and confirm steps the buttons answer; other talk is the team's own.


async def _typed_percent(ctx: Context, action: Text | Photo) -> None:
    typed = action.text if isinstance(action, Text) else "📷"
    percent = parse_percent(typed)
    if percent is None:
        ctx.say(ctx.t("progress_bad_percent", text=typed[:20]))
        ask(ctx)
        return
    ctx.session.data["percent"] = percent
    goto(ctx, "note")


async def _typed_note(ctx: Context, action: Text | Photo) -> None:
    if isinstance(action, Photo):
        ctx.say(ctx.t("progress_text_expected"))
        ask(ctx)
        return
    note = clean_note(action.text)
    if note is None:
        ctx.say(ctx.t("progress_bad_note", min=NOTE_MIN, max=NOTE_MAX,
                      length=len(" ".join(action.text.split()))))
        return
    ctx.session.data["note"] = note
    goto(ctx, "photo")

