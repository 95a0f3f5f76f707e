"""What every handler gets: the campaign, the reference data, the transaction, the event."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from flows.domain.allocation import Allocation
from flows.domain.campaign import Campaign, PhaseKind
from flows.domain.communes import CommuneDirectory
from flows.events import Button, Incoming, Sender
from flows.i18n import Safe, plural, t
from flows.ports import UnitOfWork
from flows.replies import CallbackAnswer, Choice, Keyboard, Message, Reply
from flows.services.recent_numbers import RecentNumbers
from flows.services.scope import Scope
from flows.session import Session

PHASE_KEY = "phase_override"
# Draws the results chart (a PNG): allocation, title, budget, language, whether a draft.
ChartMaker = Callable[[Allocation, str, Decimal, str, bool], bytes]


async def current_phase(deps: Deps, uow: UnitOfWork, at: datetime) -> PhaseKind:
    """The phase staff set by command if any, else the one the calendar gives."""
    forced = await uow.settings.get(PHASE_KEY)
    return PhaseKind(forced) if forced else deps.campaign.phase_at(at)


@dataclass(frozen=True)
class Deps:
    """Long-lived, read-only collaborators of the flows."""

    campaign: Campaign
    communes: CommuneDirectory
    phone_key: bytes = b""
    campaign_dir: Path = Path(".")
    chart: ChartMaker | None = None
    # Memory only, for a one-tap "Nouveau code" (see flows/services/recent_numbers.py).
    numbers: RecentNumbers = field(default_factory=RecentNumbers)

    @property
    def scope(self) -> Scope:
        """The campaign the services act in."""
        return Scope(self.campaign, self.communes, self.campaign_dir, self.phone_key)


@dataclass
class Turn:
    """The mutable part of handling one update, shared by every view of the context."""

    session: Session
    phase: PhaseKind
    replies: list[Reply] = field(default_factory=list)
    answered: bool = False


@dataclass
class Context:
    deps: Deps
    uow: UnitOfWork
    incoming: Incoming
    turn: Turn
    language: str = "fr"

    @property
    def session(self) -> Session:
        return self.turn.session

    @session.setter
    def session(self, value: Session) -> None:
        self.turn.session = value

    @property
    def phase(self) -> PhaseKind:
        return self.turn.phase

    @phase.setter
    def phase(self, value: PhaseKind) -> None:
        self.turn.phase = value

    @property
    def replies(self) -> list[Reply]:
        return self.turn.replies

    @property
    def campaign(self) -> Campaign:
        return self.deps.campaign

    @property
    def sender(self) -> Sender:
        return self.incoming.sender

    @property
    def lang(self) -> str:
        return self.language

    def speaking(self, language: str) -> Context:
        """The same context rendering in another language (e.g. staff or proposer)."""
        return replace(self, language=language)

    @property
    def now(self) -> datetime:
        return self.incoming.at

    def t(self, key: str, **values: object) -> str:
        return t(self.lang, key, **values)

    def plural(self, key: str, count: int, **values: object) -> Safe:
        """A counted phrase ("4 essais"), ready to go into another catalog text."""
        return Safe(plural(self.lang, key, count, **values))

    def say(self, text: str, keyboard: Keyboard = (), **extra: object) -> None:
        """A new message to the chat the event came from."""
        self.replies.append(Message(self.sender.chat_id, text, keyboard, **extra))  # type: ignore[arg-type]

    def clear_buttons(self) -> None:
        """Remove the keyboard of the message whose button was just tapped."""
        action = self.incoming.action
        if isinstance(action, Button):
            self.replies.append(Message(self.sender.chat_id, "", (),
                                        edit_message_id=action.message_id))

    def send(self, message: Message) -> None:
        self.replies.append(message)

    def answer(self, text: str = "", alert: bool = False) -> None:
        """Answer the tapped button (once), e.g. with a short toast."""
        action = self.incoming.action
        if isinstance(action, Button) and not self.turn.answered:
            # A pop-up answer is plain text: the catalog's HTML escaping would show as "&lt;".
            self.replies.append(CallbackAnswer(action.callback_id, html.unescape(text), alert))
            self.turn.answered = True

    def button(self, label: str, action: str) -> Choice:
        """A button valid only while the session stays at this step."""
        return Choice(label, f"s|{self.session.nonce}|{action}")


def is_id(text: str) -> bool:
    """A record id as the bot writes it in buttons (forged data may hold any digits)."""
    return re.fullmatch(r"[0-9]{1,15}", text) is not None


def step_command(action: object) -> str | None:
    """The action of a `button()` tap (what follows the nonce); None for anything else."""
    if isinstance(action, Button):
        return action.data.split("|", 2)[-1]
    return None


class Speaker(Protocol):
    """What speaks into one chat: a turn started by an update (Context) or a push."""

    @property
    def lang(self) -> str: ...

    def t(self, key: str, **values: object) -> str: ...
    def plural(self, key: str, count: int, **values: object) -> Safe: ...
    def say(self, text: str, keyboard: Keyboard = (), **extra: object) -> None: ...
    def button(self, label: str, action: str) -> Choice: ...


def nav(ctx: Speaker, *rows: tuple[Choice, ...], back: bool = True) -> Keyboard:
    """A step's own buttons, then Back and Cancel, so there is always a way out."""
    last = (ctx.button(ctx.t("btn_back"), "back"),) if back else ()
    return (*rows, (*last, ctx.button(ctx.t("btn_cancel"), "cancel")))
