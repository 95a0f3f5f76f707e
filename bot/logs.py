"""Logging for the `budgetbot` command: one line per problem we explain, no secret in any line."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class Redacting(logging.Formatter):
    """Masks secrets (the bot token) wherever they show up, tracebacks included."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__(FORMAT)
        self.secrets = [s for s in secrets if len(s) >= 8]

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
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)
