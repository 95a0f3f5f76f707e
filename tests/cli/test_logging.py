"""BUDGETBOT_LOG: DEBUG is ours only; no phone number reaches a line, whatever logged it."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import pytest

from bot.logs import Redacting, configure

THIRD_PARTY = ("aiosqlite", "telegram.ext.Application", "telegram.Bot", "httpx", "httpcore",
               "tornado.access", "apscheduler.scheduler")


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    names = ("", "bot", "flows", "storage", "aiosqlite", "telegram", "httpx", "httpcore",
             "tornado", "apscheduler")
    saved = {n: (logging.getLogger(n).level, list(logging.getLogger(n).handlers)) for n in names}
    yield
    for name, (level, handlers) in saved.items():
        logging.getLogger(name).setLevel(level)
        logging.getLogger(name).handlers = handlers


def test_debug_reaches_our_loggers_and_no_other_library_below_info() -> None:
    configure({"BUDGETBOT_LOG": "DEBUG"})
    assert all(logging.getLogger(n).isEnabledFor(logging.DEBUG)
               for n in ("bot.app", "flows.dialogues.voting", "storage.db"))
    assert [n for n in THIRD_PARTY if logging.getLogger(n).isEnabledFor(logging.DEBUG)] == []
    assert not logging.getLogger("aiosqlite").isEnabledFor(logging.INFO)
    assert not logging.getLogger("some.other.library").isEnabledFor(logging.DEBUG)


def test_a_quieter_level_is_not_lowered_for_libraries() -> None:
    configure({"BUDGETBOT_LOG": "WARNING"})
    assert [n for n in THIRD_PARTY if logging.getLogger(n).isEnabledFor(logging.INFO)] == []
    assert not logging.getLogger("bot.app").isEnabledFor(logging.INFO)


def record(message: str, *args: object, exc: bool = False) -> logging.LogRecord:
    info = None
    if exc:
        try:
            raise ValueError("bad number 06 12 34 56 78")
        except ValueError:
            info = sys.exc_info()
    return logging.LogRecord("x", logging.INFO, __file__, 1, message, args, info)


@pytest.mark.parametrize("number", ["+33612345678", "+33 6 12 34 56 78", "0033612345678",
                                    "06 12 34 56 78", "06.12.34.56.78", "0612345678"])
def test_a_phone_number_in_any_usual_form_is_masked(number: str) -> None:
    line = Redacting([]).format(record("contact %s shared", number))
    assert line.endswith("x: contact <phone> shared")


def test_a_phone_number_in_a_traceback_is_masked_and_chat_ids_are_kept() -> None:
    line = Redacting([]).format(record("the staff group is now chat %d", -1001234567890,
                                       exc=True))
    assert "chat -1001234567890" in line
    assert "bad number <phone>" in line and "56 78" not in line
