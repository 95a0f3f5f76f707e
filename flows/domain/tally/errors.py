"""Errors raised while reading a pabulib file or choosing a counting rule."""

from __future__ import annotations


class PbFormatError(ValueError):
    """A malformed ``.pb`` file; ``line`` is 1-based (0 when the problem has no single line)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line
        self.message = message


class UnknownRuleError(ValueError):
    """A rule name that the results engine does not implement."""
