"""Photos from Telegram file_ids, through the Bot API's getFile and file download."""

from __future__ import annotations

import logging
from pathlib import PurePosixPath
from typing import Protocol

log = logging.getLogger(__name__)
# Telegram stores photos as JPEG; anything else keeps a neutral name.
SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})


class PhotoSource(Protocol):
    async def fetch(self, file_id: str) -> tuple[bytes, str] | None:
        """The file's bytes and its suffix (".jpg"), or None when it cannot be had."""
        ...


class NoPhotos:
    """Without a bot token, the site shows no photos."""

    async def fetch(self, file_id: str) -> tuple[bytes, str] | None:
        return None


class BotApiPhotos:
    """Downloads through the bot that received the photos (file_ids belong to one bot)."""

    def __init__(self, token: str, base_url: str | None = None) -> None:
        self.token, self.base_url = token, base_url

    async def __aenter__(self) -> BotApiPhotos:
        from bot.app import make_bot

        self._bot = make_bot(self.token, self.base_url)
        await self._bot.initialize()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._bot.shutdown()

    async def fetch(self, file_id: str) -> tuple[bytes, str] | None:
        from telegram.error import TelegramError

        try:
            found = await self._bot.get_file(file_id)
            data = bytes(await found.download_as_bytearray())
        except TelegramError as exc:
            log.warning("A photo could not be fetched from the Bot API: %s", exc)
            return None
        suffix = PurePosixPath(found.file_path or "").suffix.lower()
        return data, suffix if suffix in SUFFIXES else ".jpg"
