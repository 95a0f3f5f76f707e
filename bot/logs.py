"""Logging for the `budgetbot` command: one line per problem we explain, no secret in any line."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
OURS = ("bot", "flows", "storage")
# Other libraries say at DEBUG what passes through them: aiosqlite every SQL statement with
# its values (voter and ballot inserts), python-telegram-bot and httpx every update and
# request (typed numbers, shared contacts, codes, receipts). Their INFO and up never does.
THIRD_PARTY_CAP = {"aiosqlite": logging.WARNING, "httpx": logging.WARNING,
                   "httpcore": logging.WARNING, "telegram": logging.INFO,
                   "tornado": logging.WARNING, "apscheduler": logging.WARNING,
                   "psycopg": logging.WARNING}
# A last guard on message text: phone numbers written the usual ways (+33 6 12 34 56 78,
# 0033612345678, 06.12.34.56.78), whatever line they would slip into.
PHONE = re.compile(r"(?<![\w+])(?:\+|00)\d(?:[ .-]?\d){7,14}(?!\d)"
                   r"|(?<![\w+])0[1-9](?:[ .-]?\d\d){4}(?!\d)")


class Redacting(logging.Formatter):
    """Masks the bot token and phone numbers wherever they show up, tracebacks included."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__(FORMAT)
        self.secrets = [s for s in secrets if len(s) >= 8]

    def formatMessage(self, record: logging.LogRecord) -> str:
        # The message alone, not the line: the time stamp must not pass for a number.
        record.message = PHONE.sub("<phone>", record.message)
        return super().formatMessage(record)

    def formatException(self, ei: logging._SysExcInfoType) -> str:
        return PHONE.sub("<phone>", super().formatException(ei))

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self.secrets:
            text = text.replace(secret, "<token>")
        return text


def _not_bootstrap(record: logging.LogRecord) -> bool:
    # A failed start (refused token, unreachable server) reaches `budgetbot run` as an
    # exception, which says it in one plain line; PTB's own traceback would bury that line.
    return not (record.name.startswith("telegram.ext")
                and "(Bootstrap" in record.getMessage())


LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class LogLevelError(ValueError):
    """BUDGETBOT_LOG names no level."""


def configure(env: Mapping[str, str]) -> None:
    """Root handler on stderr at BUDGETBOT_LOG's level (INFO by default)."""
    level = env.get("BUDGETBOT_LOG", "INFO").strip().upper() or "INFO"
    level = {"WARN": "WARNING", "FATAL": "CRITICAL"}.get(level, level)
    if level not in LEVELS:
        raise LogLevelError(f"BUDGETBOT_LOG must be one of {', '.join(LEVELS)} "
                            f"(e.g. BUDGETBOT_LOG=WARNING), not {env['BUDGETBOT_LOG']!r}.")
    handler = logging.StreamHandler()
    handler.setFormatter(Redacting([env.get("TELEGRAM_BOT_TOKEN", "").strip()]))
    handler.addFilter(_not_bootstrap)
    # DEBUG is ours only (our lines carry no number, code, receipt or choice): every other
    # logger stays at INFO or above, the ones above at their cap.
    numeric = logging.getLevelNamesMapping()[level]
    logging.basicConfig(level=max(numeric, logging.INFO), handlers=[handler], force=True)
    for name in OURS:
        logging.getLogger(name).setLevel(numeric)
    for name, cap in THIRD_PARTY_CAP.items():
        logging.getLogger(name).setLevel(max(numeric, cap))
