"""What one vote by plain SMS costs: SMS segments the bot sends at each step, on the Gers
example with realistic project titles (the SMS dialogue in process, a real SQLite file).

    .venv/bin/python bench/sms_vote_cost.py [--projects 30]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import tempfile
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from bot.resident import resident_communes
from flows.dialogues.context import Deps
from flows.dialogues.sms.dialogue import on_sms
from flows.domain.campaign import Campaign, Phase, PhaseKind, load_campaign
from flows.domain.gsm7 import encode
from flows.domain.model import ProposalFields, ProposalStatus
from storage.db import Database

ROOT = Path(__file__).resolve().parents[1]
TITLES = ["Aire de jeux inclusive", "Rénovation du lavoir communal", "Jardin partagé du bourg",
          "Abri vélos sécurisé au collège", "Verger conservatoire de variétés anciennes",
          "Boîte à livres et bancs", "Mare pédagogique", "Halle couverte pour le marché",
          "Parcours de santé en forêt", "Éclairage solaire du city stade"]
COMMUNES = ["32013", "32107", "32208", "32160", "32256", "32330", "32396", "32462"]
PHONE = "+33612345678"


def vote_now(campaign: Campaign) -> Campaign:
    """The campaign with today in its vote phase."""
    now = datetime.now(UTC).replace(tzinfo=None)
    phase = Phase(kind=PhaseKind.VOTE, start=now.replace(year=now.year - 1),
                  end=now.replace(year=now.year + 1))
    return campaign.model_copy(update={"phases": [phase]})


async def seed(db: Database, campaign_id: str, count: int) -> None:
    now = datetime.now(UTC)
    async with db.transaction() as unscoped:
        uow = unscoped.in_campaign(campaign_id)
        for i in range(count):
            fields = ProposalFields(title=TITLES[i % len(TITLES)], description="Un projet " * 30,
                                    theme="ecologie", commune=COMMUNES[i % len(COMMUNES)],
                                    cost=Decimal(4500 + 1375 * i))
            p = await uow.proposals.create(1, 1, "fr", fields, "BP", 2027, now)
            await uow.proposals.set_status(p.id, ProposalStatus.ADMISSIBLE, None, None, "B", now)


async def step(db: Database, deps: Deps, text: str) -> list[str]:
    async with db.transaction() as uow:
        await on_sms(deps, uow, PHONE, text, datetime.now(UTC))
    sent = []
    async with db.transaction() as uow:
        while (queued := await uow.sms_replies.claim(1e12)) is not None:
            sent.append(queued.text)
            await uow.sms_replies.sent(queued.id)
    return sent


async def main(projects: int) -> None:
    campaign = vote_now(load_campaign(ROOT / "examples" / "gers.toml"))
    with tempfile.TemporaryDirectory() as tmp:
        db = await Database.open(Path(tmp) / "cost.sqlite3")
        await seed(db, campaign.id, projects)
        deps = Deps(campaign, resident_communes(), b"bench-key" * 4, ROOT / "examples")
        total = 0
        pages = -(-projects // 6)
        script = ["AIDE", *[f"LISTE {n}" for n in range(1, pages + 1)], "PROJET 3",
                  "VOTE 1 2 3"]
        print(f"{projects} projects on the ballot (Gers example), SMS the bot sends:")
        rows = []
        for text in script:
            rows.append((text, await step(db, deps, text)))
        code = re.findall(r"OUI (\d{4})", "\n".join(rows[-1][1]))[0]
        rows.append(("OUI <code>", await step(db, deps, f"OUI {code}")))
        for text, sent in rows:
            segments = sum(encode(s).segments for s in sent)
            ucs2 = sum(not encode(s).gsm7 for s in sent)
            total += segments
            print(f"  {text:<12} {len(sent)} message(s), {segments} segment(s), {ucs2} in UCS-2")
        vote = sum(sum(encode(s).segments for s in sent) for text, sent in rows
                   if text in ("VOTE 1 2 3", "OUI <code>"))
        print(f"the vote itself (VOTE, then OUI): {vote} segments; "
              f"with help, every list page and one project: {total}")
        await db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=30)
    asyncio.run(main(parser.parse_args().projects))
