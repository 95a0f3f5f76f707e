"""Long polling that acknowledges an update (the next offset) only once it is in the inbox."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram import Bot
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter

from bot.convert import chat_key
from bot.outbox_sender import wait_seconds
from storage.inbox import Received

log = logging.getLogger(__name__)

Accept = Callable[[Sequence[Received]], Awaitable[None]]


def received(raw: dict[str, Any], payload: str) -> Received | None:
    """An update as the inbox keeps it; None for anything without an integer update_id."""
    update_id = raw.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        return None
    return update_id, chat_key(raw), payload


class Poller:
    """getUpdates in a loop; the inbox commit comes before the call that moves the offset."""

    def __init__(self, bot: Bot, accept: Accept, timeout: int,
                 allowed_updates: Sequence[str]) -> None:
        self._bot = bot
        self._accept = accept
        self._timeout = timeout
        self._allowed = list(allowed_updates)
        self._offset: int | None = None

    async def run(self) -> None:
        """Poll until cancelled; a refused token ends it with InvalidToken."""
        await self._bot.delete_webhook()  # polling and a webhook exclude each other
        failures = 0
        while True:
            try:
                batch = await self._fetch()
                if batch:
                    await self._accept(batch)
                    self._offset = max(u for u, _, _ in batch) + 1
                failures = 0
            except InvalidToken:
                raise
            except RetryAfter as exc:
                await asyncio.sleep(wait_seconds(exc))
            except (NetworkError, Conflict) as exc:
                failures += 1
                log.warning("getUpdates failed (%s); trying again", exc)
                await asyncio.sleep(min(30.0, 0.5 * 2 ** min(failures, 6)))
            except Exception:  # e.g. the inbox could not be written: ask again, same offset
                failures += 1
                log.exception("updates not stored; asking for them again")
                await asyncio.sleep(min(30.0, 0.5 * 2 ** min(failures, 6)))

    async def _fetch(self) -> list[Received]:
        params: dict[str, Any] = {"timeout": self._timeout, "allowed_updates": self._allowed}
        if self._offset is not None:
            params["offset"] = self._offset
        raw = await self._bot.do_api_request("getupdates", api_kwargs=params,
                                             read_timeout=self._timeout + 10.0)
        batch: list[Received] = []
        for update in raw if isinstance(raw, list) else []:
            if isinstance(update, dict) and (item := received(update, json.dumps(update))):
                batch.append(item)
        return batch
