"""The SMS command parser: what people actually type on a keypad."""

from __future__ import annotations

import pytest

from flows.dialogues.sms.parser import (
    Confirm,
    Help,
    ListProjects,
    Place,
    Receipt,
    ShowProject,
    SmsCommand,
    Stop,
    Unknown,
    Vote,
    parse,
)


@pytest.mark.parametrize(("text", "command"), [
    ("AIDE", Help()),
    ("  aide  ", Help()),
    ("Aidé", Help()),
    ("?", Help()),
    ("LISTE", ListProjects()),
    ("liste 2", ListProjects(page=2)),
    ("LISTE Auch", ListProjects(place="auch")),
    ("liste l'Isle-Jourdain", ListProjects(place="l isle jourdain")),
    ("PROJET 12", ShowProject(12)),
    ("projet n°12", ShowProject(12)),
    ("projet", ShowProject(None)),
    ("VOTE 12 15 23", Vote((12, 15, 23))),
    ("vote 12,15 et 23", Vote((12, 15, 23))),
    ("Je vote pour le 12, le 15 et le 23.", Vote((12, 15, 23))),
    ("VOTE12 15 23", Vote((12, 15, 23))),
    ("vote", Vote(())),
    ("OUI 4821", Confirm("4821")),
    ("oui4821", Confirm("4821")),
    ("Oui 48 21", Confirm("4821")),
    ("oui", Confirm("")),
    ("RECU 1a2b3c4d", Receipt("1A2B3C4D")),
    ("reçu 1A2B 3C4D", Receipt("1A2B3C4D")),
    ("STOP", Stop()),
    ("Stop.", Stop()),
    ("COMMUNE Auch", Place("auch")),
])
def test_commands_are_read_whatever_the_case_accents_and_spacing(
        text: str, command: SmsCommand) -> None:
    assert parse(text) == command


@pytest.mark.parametrize(("text", "command"), [
    ("LSITE", ListProjects()),
    ("lsite 3", ListProjects(page=3)),
    ("VOET 1 2 3", Vote((1, 2, 3))),
    ("voter 1 2 3", Vote((1, 2, 3))),
    ("PROJRT 4", ShowProject(4)),
    ("aidee", Help()),
    ("STPO", Stop()),
])
def test_one_slip_in_a_command_word_is_forgiven(text: str, command: SmsCommand) -> None:
    assert parse(text) == command


@pytest.mark.parametrize("text", ["bonjour", "salut 1 2 3", "", "Merci beaucoup"])
def test_anything_else_is_unknown(text: str) -> None:
    assert isinstance(parse(text), Unknown)


def test_unknown_keeps_the_first_word_for_the_reply() -> None:
    assert parse("Bonjour  monsieur") == Unknown("Bonjour", "Bonjour monsieur")
