"""Which texts fit the GSM 03.38 7-bit alphabet, so gateways can pick the SMS coding."""

from __future__ import annotations

from flows.domain.gsm7 import fits_gsm7

__all__ = ["fits_gsm7"]
