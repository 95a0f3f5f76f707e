"""A citizen withdraws their own proposal before it is examined, from /mesprojets."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.domain.model import ProposalStatus
from flows.events import Button
from flows.i18n import t
from tests.flows.harness import Harness, propose

REFERENCE = "BP-2026-0001"


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "withdraw.sqlite3")
    yield harness
    await harness.db.close()


async def submitted(h: Harness) -> int:
    """Marie submits a proposal; the id of its alert in the staff group."""
    marie = h.citizen()
    await propose(h, marie)
    await h.tap(marie, "Envoyer ma proposition")
    return h.last_with_buttons(h.campaign.staff.chat_id)[0]


async def test_withdrawing_asks_to_confirm_then_edits_the_staff_alert(h: Harness) -> None:
    alert_id = await submitted(h)
    marie = h.citizen()
    replies = await h.say(marie, "/mesprojets")
    assert replies[0].text.endswith(t("fr", "withdraw_hint"))
    replies = await h.tap(marie, t("fr", "btn_withdraw", reference=REFERENCE))
    assert replies[0].text == t("fr", "withdraw_confirm", reference=REFERENCE,
                                title="Abri vélo au collège")
    replies = await h.tap(marie, t("fr", "btn_withdraw_yes"))
    assert replies[0].text == t("fr", "withdraw_done", reference=REFERENCE)
    alert = h.recorder.messages[alert_id]
    assert alert.text.endswith("\n\n" + t("fr", "withdrawn_line")) and alert.keyboard == ()
    async with h.transaction() as uow:
        proposal = await uow.proposals.by_reference(REFERENCE)
        assert proposal is not None and proposal.status == ProposalStatus.WITHDRAWN
        actions = [(e["action"], e["subject"]) for e in await uow.audit.entries()]
    assert ("withdrawn", REFERENCE) in actions
    replies = await h.say(marie, "/mesprojets")
    assert t("fr", "status_withdrawn") in replies[0].text and replies[0].keyboard == ()


async def test_no_keeps_the_proposal_for_examination(h: Harness) -> None:
    await submitted(h)
    marie = h.citizen()
    await h.say(marie, "/mesprojets")
    await h.tap(marie, t("fr", "btn_withdraw", reference=REFERENCE))
    replies = await h.tap(marie, t("fr", "btn_withdraw_no"))
    assert replies[0].text == t("fr", "withdraw_kept", reference=REFERENCE)
    async with h.transaction() as uow:
        proposal = await uow.proposals.by_reference(REFERENCE)
    assert proposal is not None and proposal.status == ProposalStatus.SUBMITTED


async def test_a_proposal_already_examined_cannot_be_withdrawn(h: Harness) -> None:
    alert_id = await submitted(h)
    marie = h.citizen()
    await h.say(marie, "/mesprojets")
    await h.tap(marie, t("fr", "btn_withdraw", reference=REFERENCE))
    confirm_id = h.last_with_buttons(marie.chat_id)[0]
    staff = h.staff()
    _, admissible = h.find_button(staff.chat_id, "Recevable")
    await h.act(staff, Button(admissible.data, alert_id, "cb-staff"))
    yes = next(c for row in h.recorder.messages[confirm_id].keyboard for c in row
               if c.label == t("fr", "btn_withdraw_yes"))
    replies = await h.act(marie, Button(yes.data, confirm_id, "cb-late"))
    assert replies[0].text == t("fr", "withdraw_too_late", reference=REFERENCE,
                                status=t("fr", "status_admissible"))


async def test_staff_tapping_a_withdrawn_proposal_are_told_it_was_withdrawn(h: Harness) -> None:
    alert_id = await submitted(h)
    staff = h.staff()
    _, admissible = h.find_button(staff.chat_id, "Recevable")
    marie = h.citizen()
    await h.say(marie, "/mesprojets")
    await h.tap(marie, t("fr", "btn_withdraw", reference=REFERENCE))
    await h.tap(marie, t("fr", "btn_withdraw_yes"))
    await h.act(staff, Button(admissible.data, alert_id, "cb-old"))
    assert h.recorder.answers[-1].text == t("fr", "already_withdrawn")
    async with h.transaction() as uow:
        proposal = await uow.proposals.by_reference(REFERENCE)
    assert proposal is not None and proposal.status == ProposalStatus.WITHDRAWN
