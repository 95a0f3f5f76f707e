"""Doing what the flows asked for outside their transaction: callback answers, SMS."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Sequence
from datetime import datetime
from typing import Any

from telegram.error import TelegramError

from bot.outage import when_back
from bot.transport import Transport
from flows.dialogues.context import Deps
from flows.dialogues.engine import Effect, after_sms, resolve_lost_sms
from flows.replies import CallbackAnswer, SendSms
from flows.sms import SmsError, SmsGateway
from storage.backend import AnyDatabase

log = logging.getLogger(__name__)


async def perform(
    effects: Sequence[Effect], transport: Transport, gateway: SmsGateway, db: AnyDatabase,
    deps: Deps, clock: Callable[[], datetime],
    background: Callable[[Coroutine[Any, Any, None]], object] | None = None,
) -> None:
    """Answer buttons now; send codes, then record in a new transaction how that went.

    With `background`, SMS go out in tasks it starts, so a slow gateway holds up no one else."""
    for effect in effects:
        if isinstance(effect, CallbackAnswer):
            try:
                await transport.answer(effect)
            except TelegramError as exc:  # a late answer only loses the spinner
                log.info("callback answer failed: %s", exc)
        elif isinstance(effect, SendSms):
            sending = send_sms(effect, gateway, db, deps, clock)
            if background is None:
                await sending
            else:
                background(sending)


async def send_sms(sms: SendSms, gateway: SmsGateway, db: AnyDatabase, deps: Deps,
                clock: Callable[[], datetime]) -> None:
    try:
        await gateway.send(sms.to_e164, sms.text)
        delivered = True
    except SmsError:
        log.warning("SMS gateway refused a code (log id %d)", sms.log_id)
        delivered = False
    except Exception as exc:  # a gateway bug must not leave the voter unanswered
        # Only the type: the message or a traceback could hold the number and the code.
        log.warning("SMS gateway failed with %s (log id %d)", type(exc).__name__, sms.log_id)
        delivered = False

    async def record() -> None:
        async with db.transaction() as uow:
            await after_sms(deps, uow, sms, delivered, clock())

    # The code is out: its fate must be recorded even if the database is restarting, or the
    # voter could not use it (nor be told it failed) until the next start.
    await when_back(record, f"SMS code (log id {sms.log_id})")


async def resolve_interrupted_sms(db: AnyDatabase, deps: Deps,
                                  clock: Callable[[], datetime],
                                  before: float | None = None) -> None:
    """At start, before the outbox runs: codes a crash left at 'sending' (before `before`,
    if given: on a shared database, the others may be some worker's) are resolved."""
    async with db.transaction() as uow:
        lost = await resolve_lost_sms(deps, uow, clock(), before)
    if lost:
        log.warning("%d SMS code(s) cut off by the last stop: marked failed, voters told", lost)
