"""Numbers kept to answer are sealed; the endpoint reads Kannel's text in each coding."""

from __future__ import annotations

import pytest

from bot.sms_channel import network_number
from bot.sms_inbound import decode_text
from flows.domain.sealing import SealError, seal, unseal

KEY = b"k" * 32


def test_a_sealed_number_opens_with_the_key_and_shows_nothing_without_it() -> None:
    sealed = seal(KEY, "+33612345678")

    assert "33612345678" not in sealed
    assert "612345678" not in bytes.fromhex(sealed.split(".")[1]).decode(errors="replace")
    assert unseal(KEY, sealed) == "+33612345678"
    assert seal(KEY, "+33612345678") != sealed  # a fresh nonce each time


def test_another_key_or_an_altered_seal_is_refused() -> None:
    sealed = seal(KEY, "+33612345678")
    nonce, cipher, tag = sealed.split(".")
    flipped = f"{nonce}.{int(cipher, 16) ^ 1:0{len(cipher)}x}.{tag}"

    with pytest.raises(SealError):
        unseal(b"x" * 32, sealed)
    with pytest.raises(SealError):
        unseal(KEY, flipped)
    with pytest.raises(SealError):
        unseal(KEY, "not sealed")


def test_kannel_text_is_read_in_utf8_or_ucs2() -> None:
    assert decode_text("vote été".encode(), "0", "UTF-8") == "vote été"
    assert decode_text("vote été".encode("utf-16-be"), "2", "") == "vote été"
    assert decode_text("oui".encode("utf-16-be"), "", "UTF-16BE") == "oui"
    assert decode_text(b"vote", "", "") == "vote"


@pytest.mark.parametrize(("sender", "number"), [
    ("+33612345678", "+33612345678"),
    ("33612345678", "+33612345678"),
    ("0033612345678", "+33612345678"),
    ("0612345678", "+33612345678"),
    ("36111", None),  # a short code
    ("Orange", None),
    ("+33562617900", None),  # a landline
    ("+447911123456", None),  # a mobile of another country
])
def test_only_a_mobile_that_may_vote_gets_answers(sender: str, number: str | None) -> None:
    assert network_number(sender, ["FR"]) == number
