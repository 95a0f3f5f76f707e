"""ConsoleGateway: the demo's SMS, printed in the terminal."""

from __future__ import annotations

import io

import pytest

from bot.sms.console import ConsoleGateway, mask_number


async def test_writes_masked_number_and_full_text_to_the_given_stream() -> None:
    stream = io.StringIO()

    await ConsoleGateway(stream).send("+33612345678", "Votre code : 123456")

    assert stream.getvalue() == "📱 SMS to +33 6 12 .. .. 78: Votre code : 123456\n"


async def test_defaults_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    await ConsoleGateway().send("+33612345678", "code 654321")

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "📱 SMS to +33 6 12 .. .. 78: code 654321\n"


def test_masks_numbers_that_phonenumbers_cannot_parse() -> None:
    assert mask_number("+999123456789") == "+999.......89"
