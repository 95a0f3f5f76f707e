"""Fixtures for the SMS gateway tests: a real Kannel and a loopback stand-in for Brevo."""

from __future__ import annotations

from .brevo_stub import BrevoStub, brevo_stub
from .kannel import KannelHarness, fresh_kannel, kannel

__all__ = ["BrevoStub", "KannelHarness", "brevo_stub", "fresh_kannel", "kannel"]
