"""The terminal demo: the very same flows, a local SQLite file, no Telegram account."""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import logging
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.campaign_rows import adopt_legacy
from bot.effects import perform, resolve_interrupted_sms
from bot.outbox_sender import OutboxSender
from bot.sms_sender import SmsReplySender
from bot.wiring import Wiring
from flows.dialogues.engine import process
from flows.dialogues.sms.dialogue import on_sms
from flows.events import (
    Action,
    Button,
    Command,
    Contact,
    Incoming,
    Location,
    Photo,
    Sender,
    Text,
)
from flows.i18n import t
from flows.replies import CallbackAnswer, Keyboard, Message
from storage.backend import AnyDatabase, is_postgres, open_database

log = logging.getLogger(__name__)

CITIZEN_ID = 1001
STAFF_ID = 2002
PHONE_NUMBER = "+33612345678"  # the plain phone of the `:sms` seat

HELP = """Demo commands (everything else is sent to the bot as you type it):
  1, 2, ...          tap button number N of the last message (other numbers are text)
  /staff, /citoyen   switch between the staff group seat and the citizen's private chat
  :loc LAT LON       share a location (e.g. :loc 43.6465 0.5855 is Auch)
  :photo             send a photo
  :contact           share your own phone number (to vote)
  :sms, /citoyen     be a plain phone that texts the bot (voting by SMS), or back to Telegram
  :quit              leave (your place is kept in the database)"""


def to_terminal(text: str, color: bool = True) -> str:
    """Telegram HTML as terminal text: bold and italic as ANSI styles when `color`."""
    if color:
        text = re.sub(r"<b>(.*?)</b>", "\033[1m\\1\033[0m", text, flags=re.S)
        text = re.sub(r"<i>(.*?)</i>", "\033[3m\\1\033[0m", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


@contextlib.contextmanager
def ctrl_c_interrupts() -> Iterator[None]:
    """Ctrl-C cancels the running demo and surfaces as KeyboardInterrupt.

    asyncio.run's own handler never wakes a loop asleep in select() when the signal lands on
    another thread (the stdin reader, SQLite's worker); the loop's handler does, by its wakeup fd.
    """
    loop, task = asyncio.get_running_loop(), asyncio.current_task()
    pressed = False

    def interrupt() -> None:
        nonlocal pressed
        pressed = True
        if task is not None:
            task.cancel()

    try:
        loop.add_signal_handler(signal.SIGINT, interrupt)
    except (NotImplementedError, RuntimeError):  # not Unix, or not the main thread
        yield
        return
    try:
        yield
    except asyncio.CancelledError:
        if pressed:
            raise KeyboardInterrupt from None
        raise
    finally:
        loop.remove_signal_handler(signal.SIGINT)


async def read_line(stdin: TextIO) -> str:
    """One line from `stdin`, read in a daemon thread so that Ctrl-C never waits for Enter."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def settle(line: str | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(line or "")

    def work() -> None:
        try:
            line, error = stdin.readline(), None
        except Exception as exc:
            line, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop is gone: the demo was left
            loop.call_soon_threadsafe(settle, line, error)

    threading.Thread(target=work, name="demo-stdin", daemon=True).start()
    return await future


@dataclass
class TerminalTransport:
    """Prints messages as they would appear, and remembers buttons so numbers can tap them."""

    out: TextIO
    staff_chat: int
    color: bool = False
    pictures: Path | None = None
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    buttons: dict[int, tuple[int, Keyboard]] = field(default_factory=dict)

    async def deliver(self, message: Message) -> int | None:
        where = "[staff group]" if message.chat_id == self.staff_chat else "[bot]"
        message_id = message.edit_message_id or next(self.ids)
        if message.edit_message_id is not None and not message.text:
            if self.buttons.get(message.chat_id, (0, ()))[0] == message_id:
                self.buttons[message.chat_id] = (message_id, message.keyboard)
            return None
        edited = " (edited)" if message.edit_message_id else ""
        photo = " 📷" if message.photo or message.photo_png else ""
        print(f"\n{where}{edited}{photo} {to_terminal(message.text, self.color)}", file=self.out)
        if message.photo_png is not None and self.pictures is not None:
            picture = self.pictures / f"picture-{message_id}.png"
            picture.write_bytes(message.photo_png)
            print(f"   (picture saved as {picture})", file=self.out)
        for row in message.keyboard:
            print("   " + "   ".join(f"[{self._number(message, c.data)}] {c.label}"
                                     for c in row), file=self.out)
        if message.request_location or message.request_contact:
            print(f"   (phone button: {message.request_location or message.request_contact})",
                  file=self.out)
        if message.keyboard:
            self.buttons[message.chat_id] = (message_id, message.keyboard)
        return None if message.edit_message_id else message_id

    def _number(self, message: Message, data: str) -> int:
        flat = [c.data for row in message.keyboard for c in row]
        return flat.index(data) + 1

    async def answer(self, answer: CallbackAnswer) -> None:
        if answer.text:
            print(f"   ({answer.text})", file=self.out)

    def tap(self, chat_id: int, number: int) -> Button | None:
        message_id, keyboard = self.buttons.get(chat_id, (0, ()))
        flat = [c for row in keyboard for c in row]
        if not 1 <= number <= len(flat):
            return None
        return Button(flat[number - 1].data, message_id, f"demo-{message_id}-{number}")


@dataclass
class Seat:
    sender: Sender
    name: str


def parse_line(line: str, seat: Seat, transport: TerminalTransport) -> Action | None:
    if line.isdigit():  # a button's number; other numbers (ages, postal codes) are text
        return transport.tap(seat.sender.chat_id, int(line)) or Text(line)
    if line.startswith(":loc"):
        parts = line.split()
        try:
            return Location(float(parts[1]), float(parts[2]))
        except (IndexError, ValueError):
            return None
    if line == ":photo":
        return Photo("demo-photo")
    if line.startswith(":contact"):
        phone = line.partition(" ")[2].strip() or "+33612345678"
        return Contact(phone, seat.sender.user_id)
    if line.startswith("/") and len(line) > 1:
        name, _, args = line[1:].partition(" ")
        return Command(name.lower(), args.strip())
    return Text(line)


async def run_demo(
    wiring: Wiring, lang: str = "fr", stdin: TextIO = sys.stdin, out: TextIO = sys.stdout,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> None:
    """Read lines, feed them to the flows as the citizen or the staff seat, print replies."""
    with ctrl_c_interrupts():
        await _converse(wiring, lang, stdin, out, clock)


async def _converse(wiring: Wiring, lang: str, stdin: TextIO, out: TextIO,
                    clock: Callable[[], datetime]) -> None:
    deps, db_path, campaign = wiring.deps, wiring.db_path, wiring.deps.campaign
    db = await open_database(db_path)
    await adopt_legacy(db, campaign.id)
    await resolve_interrupted_sms(db, deps, clock)
    transport = TerminalTransport(out, campaign.staff.chat_id, color=out.isatty(),
                                  pictures=Path.cwd() if is_postgres(db_path)
                                  else Path(db_path).resolve().parent)
    sender = OutboxSender(db, transport, per_second=1000)
    seats = {
        "citizen": Seat(Sender(CITIZEN_ID, CITIZEN_ID, lang, "Marie"), "citizen"),
        "staff": Seat(Sender(STAFF_ID, campaign.staff.chat_id, "fr", "Agent", private=False,
                             is_staff=True), "staff"),
    }
    seats["phone"] = Seat(Sender(CITIZEN_ID, CITIZEN_ID, lang, "Marie"), "phone")
    replies = SmsReplySender(db, wiring.gateway, deps.phone_key)
    await replies.recover()
    seat = seats["citizen"]
    print(f"budgetbot demo: {campaign.name.get(lang)} — database {db_path}\n{HELP}", file=out)
    update_ids = itertools.count(int(clock().timestamp() * 1000))
    try:
        while True:
            print(f"\n{seat.name}> ", end="", file=out, flush=True)
            line = await read_line(stdin)
            if not line or line.strip() == ":quit":
                break
            line = line.strip()
            if line in ("/staff", "/citoyen", "/citizen", ":sms"):
                seat = seats[{"/staff": "staff", ":sms": "phone"}.get(line, "citizen")]
                print(f"(you are now in the {seat.name} seat)", file=out)
                continue
            if seat.name == "phone":
                # A plain phone: the line is the SMS it sends; the replies come back as SMS.
                async with db.transaction() as uow:
                    await on_sms(deps, uow, PHONE_NUMBER, line, clock())
                await replies.drain()
                continue
            action = parse_line(line, seat, transport) if line else None
            if action is None:
                print("(nothing to send: see the demo commands above)\n" + HELP, file=out)
                continue
            incoming = Incoming(next(update_ids), seat.sender, action, clock())
            await _handle(wiring, db, sender, transport, incoming, clock)
    finally:
        await db.close()


async def _handle(wiring: Wiring, db: AnyDatabase, sender: OutboxSender,
                  transport: TerminalTransport, incoming: Incoming,
                  clock: Callable[[], datetime]) -> None:
    """One line, as `budgetbot run` handles an update: a failure is logged for the operator
    (naming what failed, not blaming the database) and the person is told kindly."""
    try:
        async with db.transaction() as uow:
            effects = await process(wiring.deps, uow, incoming)
        await sender.drain()
        await perform(effects, transport, wiring.gateway, db, wiring.deps, clock)
    except Exception:
        log.exception("update %d failed", incoming.update_id)
        await transport.deliver(Message(incoming.sender.chat_id,
                                        t(incoming.sender.language, "internal_error")))
    await sender.drain()
