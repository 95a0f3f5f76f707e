"""The real Kannel of the SMS tests, shared with the end-to-end vote tests."""

from tests.sms.kannel import KannelHarness, kannel

__all__ = ["KannelHarness", "kannel"]
