"""The GSM-7 packer: French stays 7-bit where it can, replies fill as few segments as possible."""

from __future__ import annotations

from flows.domain.gsm7 import encode, fold, pack, segments


def test_accents_gsm7_has_stay_and_the_others_are_folded() -> None:
    assert fold("Été à Sète, où ça ?") == "Été à Sète, où Ça ?"
    assert fold("Fête forêt île hôtel dû, œuvre") == "Fete foret ile hotel du, oeuvre"


def test_curly_apostrophe_and_french_quotes_are_folded_not_sent_as_ucs2() -> None:
    sms = encode("L’école « Jean Moulin »")

    assert sms.gsm7
    assert sms.text == "L'école \" Jean Moulin \""


def test_a_character_with_no_gsm7_form_keeps_the_whole_text_in_ucs2() -> None:
    sms = encode("Bravo 🎉 fête")

    assert not sms.gsm7
    assert sms.text == "Bravo 🎉 fête"


def test_segment_counts_follow_160_153_and_70_67() -> None:
    assert segments("a" * 160) == 1
    assert segments("a" * 161) == 2
    assert segments("a" * 306) == 2
    assert segments("a" * 307) == 3
    assert segments("€" * 80) == 1  # two septets each: 160
    assert segments("€" * 81) == 2
    assert segments("Ж" * 70) == 1
    assert segments("Ж" * 71) == 2
    assert segments("Ж" * 134) == 2


def test_pack_fills_each_segment_before_starting_another() -> None:
    lines = [f"{n} Projet numero {n} a Auch 9000 EUR" for n in range(1, 13)]

    messages = pack(lines)

    assert all(segments(m) == 1 for m in messages)
    assert "\n".join(messages) == "\n".join(lines)
    total = len("\n".join(lines))
    assert len(messages) == -(-total // 160) or len(messages) == -(-total // 160) + 1
    assert all(len(a) + 1 + len(b) > 160 for a, b in zip(messages, [m.split("\n")[0] for m in
                                                              messages[1:]], strict=False))


def test_a_block_longer_than_a_segment_goes_alone() -> None:
    long = "x" * 200

    assert pack(["court", long, "fin"]) == ["court", long, "fin"]
