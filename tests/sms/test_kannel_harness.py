"""The test harness's reading of fakesmsc's output, which end-to-end tests rely on."""

from __future__ import annotations

import pytest

from . import kannel as harness_module
from .kannel import DeliveredSms, parse_fakesmsc_output

PREFIX = b"2026-11-25 18:32:39 [4087] [0] DEBUG: "


def test_plain_text_message_is_read_as_utf8() -> None:
    raw = PREFIX + "Got message 1: <Budget +33612345678 text Votre code été 123456>\n".encode()

    assert parse_fakesmsc_output(raw) == [
        DeliveredSms(sender="Budget", to="+33612345678", text="Votre code été 123456")
    ]


def test_ucs2_message_is_url_and_utf16_decoded() -> None:
    raw = PREFIX + b"Got message 2: <B +336 ucs-2 %00V%00o%00u%00s%00+%00%EA%00t%00e%00s>\n"

    assert parse_fakesmsc_output(raw)[0].text == "Vous êtes"


def test_text_spanning_lines_is_kept_whole_and_other_log_lines_ignored() -> None:
    raw = (
        PREFIX
        + b"INFO fakesmsc starting\n"
        + PREFIX
        + b"Got message 1: <B +336 text ligne 1\nligne 2>\n"
        + PREFIX
        + b"Got message 2: <B +337 text fin>\n"
    )

    assert [sms.text for sms in parse_fakesmsc_output(raw)] == ["ligne 1\nligne 2", "fin"]


def test_missing_binaries_skip_with_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(harness_module, "find_binaries", lambda: None)

    with pytest.raises(pytest.skip.Exception, match=r"install-kannel\.sh"):
        harness_module.require_binaries()
