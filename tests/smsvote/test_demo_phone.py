"""`budgetbot demo` plays a plain phone: the `:sms` seat texts the bot, replies print as SMS."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from tests.cli.test_demo import STAFF_CHAT, demo
from tests.e2e.botproc import campaign_file
from tests.e2e.test_vote_e2e import seed_projects


def test_the_sms_seat_votes_from_list_to_receipt(tmp_path: Path) -> None:
    campaign = campaign_file(tmp_path, STAFF_CHAT, phase="vote")
    db = tmp_path / "d.db"
    asyncio.run(seed_projects(db, 4))
    first = demo(campaign, db, ":sms", "LISTE", "vote 1, 2 et 3")
    assert "(you are now in the phone seat)" in first
    assert "📱 SMS to +33 6 12 .. .. 78: 1 Projet 1 (Auch, 9 000 €)" in first
    code = re.findall(r"OUI (\d{4})", first)[-1]
    second = demo(campaign, db, ":sms", f"oui {code}")
    receipt = re.findall(r"Re[çÇ]u : ([0-9A-F]{8})", second)  # GSM-7 0x09 is "Ç"
    assert receipt, second
    assert f"RECU {receipt[0]}" in second
    third = demo(campaign, db, ":sms", "VOTE 1 2 3")
    assert "Ce numéro a déjà voté." in third
