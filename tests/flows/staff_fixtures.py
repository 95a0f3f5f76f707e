"""Proposals put straight into the database, for staff tests that need many of them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from flows.domain.model import Proposal, ProposalFields, ProposalStatus
from flows.replies import Message
from tests.flows.harness import Harness

MARCIAC, LECTOURE, AUCH = "32233", "32208", "32013"


async def add_proposals(h: Harness, titles: list[str], commune: str = AUCH,
                        status: ProposalStatus = ProposalStatus.SUBMITTED,
                        cost: str = "15000") -> list[Proposal]:
    """Proposals submitted a minute apart (oldest first), by users 7000, 7001..."""
    made = []
    async with h.transaction() as uow:
        start = len(await uow.proposals.all())
        for i, title in enumerate(titles):
            fields = ProposalFields(title=title, description="Une description du projet.",
                                    theme="ecologie", commune=commune, cost=Decimal(cost),
                                    account_name="Marie Dupont", account_username="marie_d")
            user = 7000 + start + i
            p = await uow.proposals.create(user, user, "fr", fields, "BP", 2026,
                                           h.now + timedelta(minutes=start + i))
            if status != ProposalStatus.SUBMITTED:
                await uow.proposals.set_status(p.id, status, None, None, "Anne", h.now)
            made.append(p)
    return made


def keyboard_labels(message: Message) -> list[str]:
    return [c.label for row in message.keyboard for c in row]


async def status_of(h: Harness, reference: str) -> ProposalStatus:
    async with h.transaction() as uow:
        proposal = await uow.proposals.by_reference(reference)
    assert proposal is not None
    return proposal.status
