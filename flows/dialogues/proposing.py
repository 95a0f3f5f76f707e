"""The proposal dialogue: one short step at a time, then a summary to edit and submit."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from flows.dialogues import menu, places, render, review
from flows.dialogues.context import Context, nav, step_command
from flows.domain.admissibility import (
    Violation,
    check_age,
    check_answer,
    check_cost,
    violations,
)
from flows.domain.ages import read_age
from flows.domain.campaign import PARIS, PhaseKind, ProposerKind
from flows.domain.model import Proposal, ProposalFields, ProposalStatus
from flows.domain.money import AmountError, parse_amount
from flows.events import Action, Photo, Text
from flows.i18n import Safe
from flows.replies import Choice
from flows.session import Session

FLOW = "propose"
Prompt = Callable[[Context], Awaitable[None]]
Accept = Callable[[Context, Action], Awaitable[bool]]


@dataclass(frozen=True)
class Step:
    id: str
    prompt: Prompt
    accept: Accept
    field: str
    applies: Callable[[Context], bool] = lambda ctx: True


# --- the draft --------------------------------------------------------------------------


def draft(ctx: Context) -> ProposalFields:
    return ProposalFields.model_validate(ctx.session.draft)


def store(ctx: Context, fields: ProposalFields) -> None:
    ctx.session.draft = fields.model_dump(mode="json")


def refuse(ctx: Context, violation: Violation, *rows: tuple[Choice, ...]) -> None:
    """Say which rule is broken and why; the step stays where it is, its buttons too."""
    values = dict(violation.values)
    if violation.key == "rule_missing":
        name = str(values["field"])
        question = next((q for q in ctx.campaign.questions if q.id == name), None)
        values["field"] = question.text.get(ctx.lang) if question else ctx.t(f"field_{name}")
    if violation.key == "rule_question":
        question = next(q for q in ctx.campaign.questions if q.id == values["question"])
        values["explanation"] = question.explanation.get(ctx.lang)
    ctx.say(ctx.t(violation.key, **values), nav(ctx, *rows))


def text_of(ctx: Context, action: Action, limit: int, minimum: int, example_key: str) -> str | None:
    """Trimmed text within bounds, or None after saying what was expected."""
    if not isinstance(action, Text):
        ctx.say(ctx.t("expected_text", example=Safe(ctx.t(example_key))), nav(ctx))
        return None
    value = " ".join(action.text.split())
    if len(value) < minimum:
        ctx.say(ctx.t("text_too_short", minimum=minimum, example=Safe(ctx.t(example_key))),
                nav(ctx))
        return None
    if len(value) > limit:
        ctx.say(ctx.t("text_too_long", length=len(value), limit=limit), nav(ctx))
        return None
    return value


def picked(action: Action, prefix: str) -> str | None:
    """The value of a step button `prefix:value`, if that is what was tapped."""
    tail = step_command(action)
    if tail is not None and tail.startswith(prefix + ":"):
        return tail[len(prefix) + 1 :]
    return None


# --- the steps --------------------------------------------------------------------------


async def ask_title(ctx: Context) -> None:
    ctx.say(ctx.t("ask_title", limit=ctx.campaign.projects.title_max), nav(ctx, back=False))


async def take_title(ctx: Context, action: Action) -> bool:
    value = text_of(ctx, action, ctx.campaign.projects.title_max, 5, "example_title")
    if value is None:
        return False
    store(ctx, draft(ctx).model_copy(update={"title": value}))
    return True


async def ask_description(ctx: Context) -> None:
    ctx.say(ctx.t("ask_description", limit=ctx.campaign.projects.description_max), nav(ctx))


async def take_description(ctx: Context, action: Action) -> bool:
    limit = ctx.campaign.projects.description_max
    value = text_of(ctx, action, limit, 20, "example_description")
    if value is None:
        return False
    store(ctx, draft(ctx).model_copy(update={"description": value}))
    return True


async def ask_theme(ctx: Context) -> None:
    buttons = [ctx.button(th.label.get(ctx.lang), f"theme:{th.id}") for th in ctx.campaign.themes]
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    ctx.say(ctx.t("ask_theme"), nav(ctx, *rows))


async def take_theme(ctx: Context, action: Action) -> bool:
    theme_id = picked(action, "theme")
    if theme_id is None or ctx.campaign.theme(theme_id) is None:
        ctx.say(ctx.t("expected_button"), nav(ctx))
        await ask_theme(ctx)
        return False
    store(ctx, draft(ctx).model_copy(update={"theme": theme_id}))
    return True


async def ask_commune(ctx: Context) -> None:
    ctx.say(ctx.t("ask_commune", example=places.example(ctx)), nav(ctx))
    ctx.say(ctx.t("location_hint"), request_location=ctx.t("btn_share_location"))


async def take_commune(ctx: Context, action: Action) -> bool:
    insee = await places.resolve(ctx, action, within_department=True, nav=nav(ctx))
    if insee is None:
        return False
    store(ctx, draft(ctx).model_copy(update={"commune": insee}))
    ctx.say(ctx.t("commune_set", commune=places.label(ctx, insee)), remove_reply_keyboard=True)
    return True


async def ask_cost(ctx: Context) -> None:
    rules = ctx.campaign.projects
    ctx.say(ctx.t("ask_cost", min=render.money(ctx, rules.min_cost),
                  max=render.money(ctx, rules.max_cost)), nav(ctx))


async def take_cost(ctx: Context, action: Action) -> bool:
    if not isinstance(action, Text):
        ctx.say(ctx.t("cost_not_understood", text=""), nav(ctx))
        return False
    try:
        cost = parse_amount(action.text)
    except AmountError as exc:
        if exc.high is not None:  # "20 000 à 30 000": ask for one figure, suggest the top
            ctx.say(ctx.t("cost_range", high=render.money(ctx, exc.high)), nav(ctx))
        elif exc.reason == "before_tax":
            ctx.say(ctx.t("cost_before_tax"), nav(ctx))
        else:
            ctx.say(ctx.t("cost_not_understood", text=action.text[:40]), nav(ctx))
        return False
    if violation := check_cost(ctx.campaign, cost, ctx.lang):
        refuse(ctx, violation)
        return False
    store(ctx, draft(ctx).model_copy(update={"cost": cost}))
    return True


def question_step(index: int) -> Step:
    async def ask(ctx: Context) -> None:
        question = ctx.campaign.questions[index]
        ctx.say(ctx.t("ask_question", number=index + 1, total=len(ctx.campaign.questions),
                      question=question.text.get(ctx.lang)), nav(ctx, yes_no(ctx)))

    async def take(ctx: Context, action: Action) -> bool:
        question = ctx.campaign.questions[index]
        answer = {"yes": True, "no": False}.get(step_command(action) or "")
        if answer is None and isinstance(action, Text):
            answer = yes_or_no(action.text)
        if answer is None:
            ctx.say(ctx.t("expected_yes_no"), nav(ctx, yes_no(ctx)))
            return False
        if violation := check_answer(question, answer):
            refuse(ctx, violation, yes_no(ctx))  # the other answer stays one tap away
            return False
        fields = draft(ctx)
        store(ctx, fields.model_copy(update={"answers": {**fields.answers, question.id: answer}}))
        return True

    return Step(f"q{index}", ask, take, f"q{index}")


def yes_no(ctx: Context) -> tuple[Choice, ...]:
    return (ctx.button(ctx.t("btn_yes"), "yes"), ctx.button(ctx.t("btn_no"), "no"))


def yes_or_no(text: str) -> bool | None:
    """Typed answers older users actually send: 'oui', 'Oui !', 'non merci', 'yes'."""
    word = text.strip().lower().strip("!. ").split(" ")[0] if text.strip() else ""
    if word in {"oui", "o", "yes", "y", "ouais", "ok", "d'accord", "bien sûr"}:
        return True
    if word in {"non", "n", "no"}:
        return False
    return None


async def ask_photo(ctx: Context) -> None:
    ctx.say(ctx.t("ask_photo"), nav(ctx, (ctx.button(ctx.t("btn_skip_photo"), "skip"),)))


async def take_photo(ctx: Context, action: Action) -> bool:
    if isinstance(action, Photo):
        store(ctx, draft(ctx).model_copy(update={"photo": action.file_id,
                                                  "photo_skipped": False}))
        return True
    if step_command(action) == "skip":
        store(ctx, draft(ctx).model_copy(update={"photo": None, "photo_skipped": True}))
        return True
    ctx.say(ctx.t("expected_photo"), nav(ctx, (ctx.button(ctx.t("btn_skip_photo"), "skip"),)))
    return False


async def ask_kind(ctx: Context) -> None:
    kinds = ctx.campaign.proposers.kinds
    ctx.say(ctx.t("ask_kind"), nav(ctx, *((ctx.button(ctx.t(f"kind_{k}"), f"kind:{k}"),)
                                          for k in kinds)))


async def take_kind(ctx: Context, action: Action) -> bool:
    kind = picked(action, "kind")
    if kind is None or kind not in ctx.campaign.proposers.kinds:
        ctx.say(ctx.t("expected_button"))
        await ask_kind(ctx)
        return False
    update: dict[str, object] = {"proposer_kind": kind}
    if kind != ProposerKind.PERSON:
        update["proposer_age"] = None
    store(ctx, draft(ctx).model_copy(update=update))
    return True


def is_person(ctx: Context) -> bool:
    return draft(ctx).proposer_kind in (None, ProposerKind.PERSON)


async def ask_name(ctx: Context) -> None:
    key = "ask_name_person" if is_person(ctx) else "ask_name_group"
    ctx.say(ctx.t(key), nav(ctx))


async def take_name(ctx: Context, action: Action) -> bool:
    value = text_of(ctx, action, 100, 2, "example_name")
    if value is None:
        return False
    store(ctx, draft(ctx).model_copy(update={"proposer_name": value}))
    return True


async def ask_age(ctx: Context) -> None:
    ctx.say(ctx.t("ask_age"), nav(ctx))


async def take_age(ctx: Context, action: Action) -> bool:
    age = read_age(action.text, ctx.now.astimezone(PARIS).date()) \
        if isinstance(action, Text) else None
    if age is None:
        ctx.say(ctx.t("age_not_understood"), nav(ctx))
        return False
    if violation := check_age(ctx.campaign, age):
        refuse(ctx, violation)
        return False
    store(ctx, draft(ctx).model_copy(update={"proposer_age": age}))
    return True


async def ask_residence(ctx: Context) -> None:
    key = "ask_residence_person" if is_person(ctx) else "ask_residence_group"
    ctx.say(ctx.t(key, example=places.example(ctx)), nav(ctx))


async def take_residence(ctx: Context, action: Action) -> bool:
    within = ctx.campaign.proposers.residence == "department"
    insee = await places.resolve(ctx, action, within_department=within, nav=nav(ctx),
                                 residence=True)
    if insee is None:
        return False
    store(ctx, draft(ctx).model_copy(update={"proposer_commune": insee}))
    return True


def steps(ctx: Context) -> list[Step]:
    """The steps that apply to this campaign and this draft, in order."""
    base = [
        Step("title", ask_title, take_title, "title"),
        Step("description", ask_description, take_description, "description"),
        Step("theme", ask_theme, take_theme, "theme"),
        Step("commune", ask_commune, take_commune, "commune"),
        Step("cost", ask_cost, take_cost, "cost"),
        *(question_step(i) for i in range(len(ctx.campaign.questions))),
        Step("photo", ask_photo, take_photo, "photo"),
        Step("kind", ask_kind, take_kind, "proposer_kind"),
        Step("name", ask_name, take_name, "proposer_name"),
        Step("age", ask_age, take_age, "proposer_age", applies=is_person),
        Step("residence", ask_residence, take_residence, "proposer_commune"),
    ]
    return [s for s in base if s.applies(ctx)]


def find(ctx: Context, step_id: str | None) -> Step | None:
    return next((s for s in steps(ctx) if s.id == step_id), None)


# --- the driver -------------------------------------------------------------------------


async def goto(ctx: Context, step_id: str) -> None:
    """Move to a step (or the summary) and show its question; older buttons go stale."""
    ctx.session.step = step_id
    ctx.session.nonce += 1
    if step_id == "summary":
        await show_summary(ctx)
        return
    step = find(ctx, step_id)
    assert step is not None
    await step.prompt(ctx)


async def start(ctx: Context) -> None:
    ctx.session = Session(flow=FLOW, nonce=ctx.session.nonce)
    ctx.say(ctx.t("propose_intro", name=ctx.campaign.name.get(ctx.lang)))
    await goto(ctx, "title")


async def resume_fix(ctx: Context, proposal_id: int) -> None:
    """Reopen a proposal whose changes were requested, at its summary."""
    proposal = await ctx.uow.proposals.get(proposal_id)
    if proposal is None or proposal.user_id != ctx.sender.user_id:
        ctx.answer(ctx.t("stale_button"))
        return
    if proposal.status != ProposalStatus.CHANGES_REQUESTED:
        ctx.answer(ctx.t("fix_not_needed"), alert=True)
        return
    ctx.session = Session(flow=FLOW, nonce=ctx.session.nonce, proposal_id=proposal.id,
                          draft=proposal.fields.model_dump(mode="json"))
    ctx.say(ctx.t("fix_intro", reference=proposal.reference, note=proposal.decision_note or ""))
    await goto(ctx, "summary")


def proposals_closed(ctx: Context) -> bool:
    """A new draft left open when proposals closed cannot go on (a fix may, in review)."""
    if ctx.session.proposal_id is not None or ctx.phase == PhaseKind.PROPOSALS:
        return False
    ctx.session = Session(nonce=ctx.session.nonce + 1)
    menu.wrong_phase(ctx, PhaseKind.PROPOSALS)
    return True


async def handle(ctx: Context, action: Action) -> None:
    """An event while the person is inside the proposal dialogue."""
    if proposals_closed(ctx):
        return
    command = step_command(action)
    if command == "back":
        await back(ctx)
        return
    if ctx.session.step == "summary":
        await on_summary(ctx, action)
        return
    step = find(ctx, ctx.session.step)
    if step is None:  # the campaign file changed under a stored session
        await goto(ctx, "summary" if ctx.session.return_to_summary else steps(ctx)[0].id)
        return
    if await step.accept(ctx, action):
        await advance(ctx, step)


async def advance(ctx: Context, step: Step) -> None:
    ctx.session.history.append(step.id)
    order = [s.id for s in steps(ctx)]
    following = order[order.index(step.id) + 1 :] if step.id in order else []
    questions_done = ctx.session.data.get("edit_run") == "q" and not (
        following and following[0].startswith("q"))
    if ctx.session.return_to_summary or questions_done:
        ctx.session.data.pop("edit_run", None)
        await goto(ctx, first_missing(ctx) or "summary")
        return
    await goto(ctx, following[0] if following else "summary")


def first_missing(ctx: Context) -> str | None:
    """A step left unanswered, e.g. the age once 'association' became 'person'."""
    fields = draft(ctx)
    for step in steps(ctx):
        if step.id.startswith("q"):
            question = ctx.campaign.questions[int(step.id[1:])]
            if question.id not in fields.answers:
                return step.id
        elif step.id != "photo" and getattr(fields, step.field) in (None, ""):
            return step.id
    return None


async def back(ctx: Context) -> None:
    history = ctx.session.history
    if ctx.session.return_to_summary and ctx.session.step != "summary":
        await goto(ctx, "summary")
        return
    while history:
        previous = history.pop()
        if find(ctx, previous) is not None:
            await goto(ctx, previous)
            return
    await goto(ctx, ctx.session.step or "title")


async def repeat(ctx: Context) -> None:
    """Show the current question again (after /aide or a stale button)."""
    if proposals_closed(ctx):
        return
    await goto(ctx, ctx.session.step or "title")


# --- the summary ------------------------------------------------------------------------


async def show_summary(ctx: Context) -> None:
    ctx.session.return_to_summary = True
    fields = draft(ctx)
    text = render.proposal_details(ctx, fields, for_staff=False)
    edits = [ctx.button(ctx.t(f"field_{s.field}") if not s.id.startswith("q")
                        else ctx.t("field_answers"), f"edit:{s.id}")
             for s in steps(ctx) if not s.id.startswith("q") or s.id == "q0"]
    rows = tuple(tuple(edits[i : i + 2]) for i in range(0, len(edits), 2))
    submit = (ctx.button(ctx.t("btn_submit"), "submit"),)
    ctx.say(ctx.t("summary", details=Safe(text)),
            (submit, *rows, (ctx.button(ctx.t("btn_cancel"), "cancel"),)))


async def on_summary(ctx: Context, action: Action) -> None:
    command = step_command(action) or ""
    if command == "submit":
        await submit(ctx)
    elif command.startswith("edit:") and find(ctx, command[5:]):
        target = command[5:]
        if target == "q0":  # the questions are answered again as a run, then the summary
            ctx.session.return_to_summary = False
            ctx.session.data["edit_run"] = "q"
        await goto(ctx, target)
    elif isinstance(action, Photo):
        store(ctx, draft(ctx).model_copy(update={"photo": action.file_id}))
        await goto(ctx, "summary")
    else:
        ctx.say(ctx.t("expected_summary_button"))
        await goto(ctx, "summary")


async def submit(ctx: Context) -> None:
    fields = review.with_account(ctx, draft(ctx))
    problems = violations(ctx.campaign, ctx.deps.communes, fields, ctx.lang)
    if problems:
        for problem in problems[:3]:
            refuse(ctx, problem)
        await goto(ctx, "summary")
        return
    if ctx.session.proposal_id is not None:
        proposal = await resubmit(ctx, ctx.session.proposal_id, fields)
    else:
        proposal = await ctx.uow.proposals.create(
            ctx.sender.user_id, ctx.sender.chat_id, ctx.lang, fields,
            ctx.campaign.reference_prefix, ctx.campaign.reference_year(), ctx.now)
        await ctx.uow.audit.record(ctx.now, ctx.sender.user_id, "citizen", "submitted",
                                   proposal.reference, {})
    if proposal is None:
        return
    resubmitted = ctx.session.proposal_id is not None
    ctx.session = Session(nonce=ctx.session.nonce + 1)
    ctx.say(ctx.t("submitted", reference=proposal.reference), remove_reply_keyboard=True)
    review.alert_staff(ctx, proposal, resubmitted)


async def resubmit(
    ctx: Context, proposal_id: int, fields: ProposalFields
) -> Proposal | None:
    proposal = await ctx.uow.proposals.get(proposal_id)
    if proposal is None or proposal.status != ProposalStatus.CHANGES_REQUESTED:
        ctx.session = Session(nonce=ctx.session.nonce + 1)
        ctx.say(ctx.t("fix_not_needed"))
        return None
    await ctx.uow.proposals.update_fields(proposal_id, fields, ctx.now)
    await ctx.uow.audit.record(ctx.now, ctx.sender.user_id, "citizen", "resubmitted",
                               proposal.reference, {})
    return await ctx.uow.proposals.get(proposal_id)

