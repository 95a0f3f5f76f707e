"""The SMS dialogue: a plain phone's text in, the vote services called, short texts out.

A presenter like the Telegram dialogues: the ballot rules and the cast are the services';
this module reads commands, keeps the sender's place (keyed by the HMAC of their number,
erased once they voted) and words the outcomes for a 160-character screen."""

from __future__ import annotations

import html
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from flows.dialogues.context import Deps, current_phase
from flows.dialogues.sms import parser
from flows.dialogues.sms.parser import SmsCommand
from flows.domain import gsm7, verification
from flows.domain.admissibility import Violation, department_in
from flows.domain.ballot import Candidate, check_ballot
from flows.domain.campaign import PARIS, PhaseKind
from flows.domain.records import Challenge, SmsQuota, SmsRequest
from flows.domain.sealing import seal
from flows.domain.textnorm import normalize
from flows.i18n import plural, t
from flows.ports import SmsUnitOfWork
from flows.services.ballot import Ballot, build_ballot
from flows.services.casting import AlreadyVoted, BallotInvalid, Cast, CastRequest, cast
from flows.services.codes import (
    CodeCheck,
    CodeExpired,
    CodeLocked,
    NumberAlreadyVoted,
    Verified,
    WrongCode,
    check_code,
)
from flows.services.scope import Scope
from flows.services.voters import Voter
from flows.sms_session import SmsSession

CONFIRM_DIGITS = 4
LIST_PAGE = 6
TITLE_CHARS = 40
DESCRIPTION_CHARS = 220
# The SMS log's channel for replies to plain phones: not the typed-number pool, but the
# campaign's daily cap and the per-number limits below.
SMS_CHANNEL = "sms"
REPLIES_PER_NUMBER_HOUR = 30
REPLIES_PER_NUMBER_DAY = 60
# The confirmation code and the receipt have twice the room: browsing, which stops at the
# limits above, can never leave a voter without them.
VOTE_REPLIES_FACTOR = 2


class RepliesCapped(Exception):
    """The campaign's SMS cap leaves no room for a reply the vote needs: nothing is done."""
# Command words that say which language to answer in; the others ("vote", "stop") keep it.
LANGUAGE_OF_WORD = {**dict.fromkeys(("help", "list", "project", "yes", "receipt"), "en"),
                    **dict.fromkeys(("aide", "aider", "liste", "projet", "projets", "oui",
                                     "recu", "voter", "arret"), "fr")}


@dataclass
class SmsTurn:
    """One message from one plain phone: who, what they are at, what goes back."""

    deps: Deps
    uow: SmsUnitOfWork
    number: str
    at: datetime
    session: SmsSession
    replies: list[str] = field(default_factory=list)
    secret: bool = False
    erase: bool = False
    # A reply the vote needs (its code, its receipt): if the caps refuse it, the turn is undone.
    needed: bool = False

    @property
    def scope(self) -> Scope:
        return self.deps.scope

    @property
    def voter(self) -> Voter:
        return Voter("sms", self.number)

    @property
    def account(self) -> str:
        return self.voter.account_hash(self.deps.phone_key)

    @property
    def phone(self) -> str:
        return verification.phone_hash(self.deps.phone_key, self.number)

    def t(self, key: str, **values: object) -> str:
        """A catalog text as plain SMS text (the catalog escapes values for Telegram's HTML)."""
        return html.unescape(t(self.session.language, key, **values))

    def say(self, key: str, **values: object) -> None:
        self.replies.append(self.t(key, **values))


async def on_sms(deps: Deps, uow: SmsUnitOfWork, number: str, text: str, at: datetime) -> None:
    """Handle one SMS from `number` (E.164) inside the caller's transaction; replies are
    queued in the SMS outbox, each counted against the campaign's SMS caps."""
    uow = uow.in_campaign(deps.campaign.id)
    account = Voter("sms", number).account_hash(deps.phone_key)
    session = await uow.sms_sessions.load(account) or SmsSession()
    words = normalize(text).split()
    session.language = LANGUAGE_OF_WORD.get(words[0] if words else "", session.language)
    turn = SmsTurn(deps, uow, number, at, session)
    command = parser.parse(text)
    await ACTIONS[type(command)](turn, command)
    if turn.erase:
        await uow.sms_sessions.delete(account)
    else:
        await uow.sms_sessions.save(account, turn.session, at.timestamp())
    await queue_replies(turn)


async def on_failure(deps: Deps, uow: SmsUnitOfWork, number: str, at: datetime) -> None:
    """A message whose handling failed: the sender is told, kindly, rather than left waiting."""
    uow = uow.in_campaign(deps.campaign.id)
    account = Voter("sms", number).account_hash(deps.phone_key)
    session = await uow.sms_sessions.load(account) or SmsSession()
    turn = SmsTurn(deps, uow, number, at, session)
    turn.say("smsv_internal_error")
    await queue_replies(turn)


# --- the commands ------------------------------------------------------------------------


async def on_help(turn: SmsTurn, _: SmsCommand) -> None:
    turn.say("smsv_help", name=turn.deps.campaign.name.get(turn.session.language),
             count=choices_wanted(turn))


def choices_wanted(turn: SmsTurn) -> str:
    sections = turn.deps.campaign.vote.sections
    low, high = sum(s.min_choices for s in sections), sum(s.max_choices for s in sections)
    if low == high:
        return turn.t("smsv_count_exact", n=low)
    return turn.t("smsv_count_range", min=max(low, 1), max=high)


async def ballot_open(turn: SmsTurn) -> Ballot | None:
    """The ballot while the vote is open and has projects; else the reason is said."""
    phase = await current_phase(turn.deps, turn.uow, turn.at)
    if phase != PhaseKind.VOTE:
        vote = next((p for p in turn.deps.campaign.phases if p.kind == PhaseKind.VOTE), None)
        when = turn.t("smsv_vote_from", date=f"{vote.start:%d/%m/%Y}") \
            if vote is not None and vote.start > turn.at.astimezone(PARIS).replace(tzinfo=None) \
            else turn.t("smsv_vote_over")
        turn.say("smsv_phase_closed", when=when)
        return None
    ballot = await build_ballot(turn.uow, turn.scope)
    if not ballot.candidates:
        turn.say("smsv_no_projects")
        return None
    return ballot


def example(ballot: Ballot, turn: SmsTurn) -> str:
    """'12 15 23': as many numbers as a ballot needs, taken from the ballot itself."""
    wanted = max(1, sum(s.min_choices for s in turn.deps.campaign.vote.sections))
    return " ".join(str(c.id) for c in ballot.candidates[:wanted])


def money(amount: Decimal) -> str:
    return f"{int(amount):,}".replace(",", " ") + " €"


def short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3].rstrip() + "..."


def commune_name(turn: SmsTurn, insee: str) -> str:
    commune = turn.deps.communes.get(insee)
    return commune.name if commune else insee


async def on_list(turn: SmsTurn, command: SmsCommand) -> None:
    assert isinstance(command, parser.ListProjects)
    ballot = await ballot_open(turn)
    if ballot is None:
        return
    shown = [c for c in ballot.candidates if in_place(turn, c, command.place)]
    if not shown:
        turn.say("smsv_list_empty", place=command.place)
        return
    pages = -(-len(shown) // LIST_PAGE)
    page = min(max(command.page, 1), pages)
    for c in shown[(page - 1) * LIST_PAGE:page * LIST_PAGE]:
        turn.say("smsv_list_line", number=c.id, title=short(c.title, TITLE_CHARS),
                 commune=commune_name(turn, c.commune), cost=money(c.cost))
    if page < pages:
        more = f" {command.place}" if command.place else ""
        turn.say("smsv_list_more", page=f"{page + 1}{more}".upper())
    else:
        turn.say("smsv_list_end", example=example(ballot, turn))


def in_place(turn: SmsTurn, candidate: Candidate, place: str) -> bool:
    """A project of the named canton, territory or commune ('LISTE Auch')."""
    if not place:
        return True
    wanted = normalize(place)
    names = [candidate.territory_name or "", candidate.territory or "",
             commune_name(turn, candidate.commune)]
    return any(wanted and wanted in normalize(name) for name in names)


async def on_project(turn: SmsTurn, command: SmsCommand) -> None:
    assert isinstance(command, parser.ShowProject)
    ballot = await ballot_open(turn)
    if ballot is None:
        return
    if command.number is None:
        turn.say("smsv_project_expected", example=ballot.candidates[0].id)
        return
    found = ballot.candidate(command.number)
    if found is None:
        turn.say("smsv_project_unknown", number=command.number)
        return
    turn.say("smsv_project", number=found.id, title=found.title,
             commune=commune_name(turn, found.commune), cost=money(found.cost),
             description=short(found.description, DESCRIPTION_CHARS))


async def on_vote(turn: SmsTurn, command: SmsCommand) -> None:
    assert isinstance(command, parser.Vote)
    await vote_for(turn, command.numbers)


async def vote_for(turn: SmsTurn, numbers: tuple[int, ...]) -> None:
    """Check the choices against the rules; if they hold, send the confirmation code."""
    ballot = await ballot_open(turn)
    if ballot is None:
        return
    if await turn.uow.voting.has_voted(phone_hash=turn.phone, account_hash=turn.account):
        turn.say("smsv_already_voted")
        return
    if not numbers:
        turn.say("smsv_vote_expected", example=example(ballot, turn))
        return
    needs_commune = any(s.scope == "territory" for s in turn.deps.campaign.vote.sections)
    if needs_commune and turn.session.residence is None:
        turn.session.awaiting_commune = list(numbers)
        turn.say("smsv_ask_commune", example=commune_example(turn))
        return
    territory = ballot.territory_of(turn.session.residence or "")
    problems = check_ballot(turn.deps.campaign.vote.sections, ballot.candidates, numbers,
                            territory[0] if territory else None)
    if problems:
        turn.say("smsv_ballot_invalid", problem=problem_text(turn, problems[0]),
                 example=example(ballot, turn))
        return
    await ask_confirmation(turn, ballot, numbers)


def problem_text(turn: SmsTurn, violation: Violation) -> str:
    values = dict(violation.values)
    for bound in ("min", "max"):  # "1 projet", "3 projets"
        if isinstance(values.get(bound), int):
            values[bound] = plural(turn.session.language, "projects", int(str(values[bound])))
    for key in ("amount", "limit"):
        if isinstance(values.get(key), Decimal):
            values[key] = money(values[key])  # type: ignore[arg-type]
    key = {"ballot_unknown": "smsv_unknown_number", "ballot_repeated": "smsv_repeated",
           "ballot_too_few": "smsv_too_few", "ballot_too_many": "smsv_too_many",
           "ballot_over_amount": "smsv_over_amount"}[violation.key]
    text = turn.t(key, **values)
    if len(turn.deps.campaign.vote.sections) > 1 and "section" in values:
        scope = turn.deps.campaign.vote.sections[int(str(values["section"]))].scope
        text = turn.t(f"smsv_section_{scope}") + text
    return text


async def ask_confirmation(turn: SmsTurn, ballot: Ballot, numbers: tuple[int, ...]) -> None:
    """What was understood, and a short code to send back: a forged sender never sees it."""
    limits = turn.deps.campaign.vote.sms
    code = f"{secrets.randbelow(10 ** CONFIRM_DIGITS):0{CONFIRM_DIGITS}d}"
    now = turn.at.timestamp()
    await turn.uow.sms.put(Challenge(
        turn.account, turn.phone, verification.code_hash(turn.deps.phone_key, turn.account, code),
        now + limits.code_ttl_minutes * 60, 0, now))
    turn.session.choices = list(numbers)
    turn.needed = True
    lines = "; ".join(f"{n} {short(c.title, 30)}" for n in numbers
                      if (c := ballot.candidate(n)) is not None)
    turn.say("smsv_understood", lines=lines)
    conditions = declaration(turn)
    if conditions:
        turn.say("smsv_confirm", code=code, conditions=conditions,
                 minutes=limits.code_ttl_minutes)
    else:
        turn.say("smsv_confirm_plain", code=code, minutes=limits.code_ttl_minutes)


def declaration(turn: SmsTurn) -> str:
    """The declaration on honour, as the Telegram vote asks it: residence, age."""
    rules, lang = turn.deps.campaign.vote, turn.session.language
    parts = []
    if rules.residence == "department":
        parts.append(turn.t("declare_residence", in_department=department_in(
            turn.deps.campaign, turn.deps.communes, lang)))
    if rules.min_age:
        parts.append(turn.t("declare_age", age=rules.min_age))
    return turn.t("smsv_conditions_joiner").join(parts)


def commune_example(turn: SmsTurn) -> str:
    communes = turn.deps.communes.in_department(turn.deps.campaign.department)
    biggest = max(communes, key=lambda c: c.population, default=None) if communes else None
    return biggest.name if biggest is not None else "Auch"


async def on_place(turn: SmsTurn, command: SmsCommand) -> None:
    assert isinstance(command, parser.Place)
    dept = turn.deps.campaign.department
    found = turn.deps.communes.search(command.name, dept).match if command.name else None
    if found is None:
        turn.say("smsv_commune_unknown", name=command.name,
                 in_department=department_in(turn.deps.campaign, turn.deps.communes,
                                             turn.session.language),
                 example=commune_example(turn))
        return
    turn.session.residence = found.insee
    turn.say("smsv_commune_set", commune=found.name)
    waiting, turn.session.awaiting_commune = turn.session.awaiting_commune, None
    if waiting:
        await vote_for(turn, tuple(waiting))


async def on_confirm(turn: SmsTurn, command: SmsCommand) -> None:
    """The code checked by the vote services (every try counted, single use), then the cast."""
    assert isinstance(command, parser.Confirm)
    if not command.code:
        turn.say("smsv_code_expected")
        return
    if not turn.session.choices:
        turn.say("smsv_no_pending")
        return
    checked = await check_code(turn.uow, turn.scope, CodeCheck(turn.voter, command.code,
                                                               turn.at))
    if isinstance(checked, WrongCode):
        turn.say("smsv_code_wrong", left=plural(turn.session.language, "tries", checked.left))
        return
    if not isinstance(checked, Verified):
        turn.session.choices = []
        turn.say({CodeLocked: "smsv_code_locked", CodeExpired: "smsv_code_expired",
                  NumberAlreadyVoted: "smsv_already_voted"}[type(checked)])
        return
    turn.needed = True
    outcome = await cast(turn.uow, turn.scope, CastRequest(
        turn.voter, checked.phone_hash, turn.session.residence, tuple(turn.session.choices),
        turn.at))
    if isinstance(outcome, Cast):
        turn.erase = True  # nothing of the ballot stays tied to the number
        turn.secret = True
        turn.say("smsv_cast", receipt=outcome.receipt)
    elif isinstance(outcome, AlreadyVoted):
        turn.erase = True
        turn.say("smsv_already_voted")
    elif isinstance(outcome, BallotInvalid):
        turn.session.choices = []
        ballot = await build_ballot(turn.uow, turn.scope)
        turn.say("smsv_ballot_invalid", problem=problem_text(turn, outcome.violations[0]),
                 example=example(ballot, turn))


async def on_receipt(turn: SmsTurn, command: SmsCommand) -> None:
    assert isinstance(command, parser.Receipt)
    if not command.code:
        turn.say("smsv_receipt_expected")
        return
    turn.secret = True
    found = await turn.uow.voting.receipt_exists(command.code)
    turn.say("smsv_receipt_found" if found else "smsv_receipt_unknown", receipt=command.code)


async def on_stop(turn: SmsTurn, _: SmsCommand) -> None:
    """Erase what can be: the dialogue's state and a code waiting. The voter list keeps the
    number's HMAC (one person, one vote), the SMS log its HMAC (the caps)."""
    await turn.uow.sms.delete(turn.account)
    turn.erase = True
    turn.say("smsv_stopped")


async def on_unknown(turn: SmsTurn, command: SmsCommand) -> None:
    assert isinstance(command, parser.Unknown)
    waiting = turn.session.awaiting_commune is not None
    if waiting and command.text and not command.word.isdigit():
        await on_place(turn, parser.Place(command.text))
        return
    if command.word.replace(" ", "").isdigit() and turn.session.choices:
        await on_confirm(turn, parser.Confirm(command.word.replace(" ", "")))
        return
    phase_open = await current_phase(turn.deps, turn.uow, turn.at) == PhaseKind.VOTE
    ballot = await build_ballot(turn.uow, turn.scope) if phase_open else None
    turn.say("smsv_not_understood",
             example=example(ballot, turn) if ballot and ballot.candidates else "12 15 23")


Action = Callable[[SmsTurn, SmsCommand], Awaitable[None]]
ACTIONS: dict[type, Action] = {
    parser.Help: on_help, parser.ListProjects: on_list, parser.ShowProject: on_project,
    parser.Vote: on_vote, parser.Confirm: on_confirm, parser.Receipt: on_receipt,
    parser.Stop: on_stop, parser.Place: on_place, parser.Unknown: on_unknown,
}


# --- replies -----------------------------------------------------------------------------


def reply_quota(turn: SmsTurn) -> SmsQuota:
    """The campaign's caps for a reply: its daily cap, and per number (no cooldown: a
    dialogue answers at once) limits sized for a vote, which takes several messages."""
    limits, now = turn.deps.campaign.vote.sms, turn.at.timestamp()
    local = turn.at.astimezone(PARIS)
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
    return SmsQuota(
        now=now, day_start=day_start, hour_ago=now - verification.HOUR,
        day_ago=now - verification.DAY, cooldown_seconds=0,
        per_number_hour=REPLIES_PER_NUMBER_HOUR, per_number_day=REPLIES_PER_NUMBER_DAY,
        per_account_hour=REPLIES_PER_NUMBER_HOUR, per_account_day=REPLIES_PER_NUMBER_DAY,
        daily_cap=limits.daily_cap, typed_daily_cap=limits.typed_pool,
        typed_hourly_cap=limits.typed_hourly)


def needed_quota(quota: SmsQuota) -> SmsQuota:
    hour, day = REPLIES_PER_NUMBER_HOUR * VOTE_REPLIES_FACTOR, \
        REPLIES_PER_NUMBER_DAY * VOTE_REPLIES_FACTOR
    return replace(quota, per_number_hour=hour, per_account_hour=hour, per_number_day=day,
                   per_account_day=day)


async def queue_replies(turn: SmsTurn) -> None:
    """The replies packed into as few SMS segments as possible, each segment reserved under
    the caps (all of a message, or none of it), the number sealed."""
    quota = reply_quota(turn) if not turn.needed else needed_quota(reply_quota(turn))
    # Logged under a hash of their own: replies share the campaign's daily cap with codes,
    # but never use up the per-number limits that the same phone's Telegram code needs.
    replies = verification.keyed_hash(turn.deps.phone_key, "sms-replies", turn.number)
    request = SmsRequest(replies, replies, SMS_CHANNEL, 0, turn.session.language)
    for text in gsm7.pack(turn.replies):
        log_ids = []
        for _ in range(gsm7.segments(text)):
            log_id = await turn.uow.sms.reserve(request, quota)
            if log_id is None:
                break
            log_ids.append(log_id)
        if len(log_ids) < gsm7.segments(text):
            if turn.needed:  # no code or receipt could go: cast nothing, keep nothing
                raise RepliesCapped
            for log_id in log_ids:
                await turn.uow.sms.set_status(log_id, "failed")
            return  # over a cap: nothing more goes to this number now
        for log_id in log_ids:
            await turn.uow.sms.set_status(log_id, "sent")
        await turn.uow.sms_replies.put(seal(turn.deps.phone_key, turn.number), text, log_ids,
                                       secret=turn.secret)
