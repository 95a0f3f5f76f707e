"""``budgetbot export``: the anonymous ballots as a pabulib ``.pb`` file and a CSV of projects.

Anyone can re-count: ``budgetbot tally FILE.pb`` applies the campaign's rule, staged ones
included (``flows.domain.staged_rule``); pabutools reads the file and recounts plain rules.
A paper ballot-box total cannot be split into ballots, so each of its votes is written as a
one-project ballot: every project keeps its vote count, and greedy counts agree.
"""

from __future__ import annotations

import csv
import html
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from bot.campaign_files import CampaignSource
from bot.campaign_rows import adopt_legacy
from flows.dialogues.results_view import reason_text, stage_name
from flows.domain import staged_rule
from flows.domain.allocation import Allocation, Row, pabulib_rule
from flows.domain.campaign import Campaign, PhaseKind
from flows.domain.communes import CommuneDirectory
from flows.domain.money import format_amount
from flows.domain.tally import Ballot, Election, Project, format_number, write_pb
from flows.domain.tally.numbers import Number, normalize
from flows.i18n import Safe, t
from flows.services.results import VoteData, allocate_votes, read_votes
from storage.backend import open_database

LANG = "fr"
CSV_COLUMNS = ("project_id", "reference", "title", "commune_insee", "commune", "territory",
               "theme", "cost", "votes_online", "votes_paper", "votes_total", "won", "reason")


def _exact(value: Decimal) -> Number:
    return normalize(Fraction(value))


def _year(campaign: Campaign) -> int:
    vote = next((p for p in campaign.phases if p.kind is PhaseKind.VOTE), None)
    return vote.start.year if vote else campaign.reference_year()


def _meta(campaign: Campaign, communes: CommuneDirectory, data: VoteData) -> dict[str, str]:
    envelopes = {e.id: e.amount for e in campaign.budget.envelopes}
    rule = pabulib_rule(campaign.results, campaign.budget.total, envelopes)
    meta = {
        "description": campaign.name.fr,
        "country": "France",
        "unit": communes.department_name(campaign.department) or campaign.department,
        "instance": str(_year(campaign)),
        "currency": campaign.currency,
        "language": LANG,
    }
    vote = next((p for p in campaign.phases if p.kind is PhaseKind.VOTE), None)
    if vote is not None:
        meta["date_begin"] = f"{vote.start:%d.%m.%Y}"
        meta["date_end"] = f"{vote.end:%d.%m.%Y}"
    if rule is None:
        meta |= staged_rule.encode(campaign.results, envelopes)
    else:
        meta["rule"] = rule
    if rule == "greedy-threshold":
        meta["min_project_score_threshold"] = str(campaign.results.min_votes)
    if data.paper_totals:
        meta["comment"] = ("Paper ballot-box totals are written as one single-project ballot "
                           "per vote.")
    return meta


def build_election(campaign: Campaign, communes: CommuneDirectory, data: VoteData) -> Election:
    """The election as pabulib sees it: projects by id, every ballot, paper totals as singletons."""
    projects = {
        str(c.id): Project(id=str(c.id), cost=_exact(c.cost), name=c.title,
                           extra={"category": c.theme, "district": c.territory_name or "",
                                  "territory": c.territory or ""})
        for c in sorted(data.candidates, key=lambda c: c.id)
    }
    ballots = [Ballot(tuple(str(pid) for pid in sorted(ids))) for _, ids in data.ballots]
    for pid, votes in sorted(data.paper_totals.items()):
        ballots += [Ballot((str(pid),))] * votes
    return Election(meta=_meta(campaign, communes, data), projects=projects, ballots=ballots,
                    budget=_exact(campaign.budget.total), vote_type="approval")


def _reason(allocation: Allocation, row: Row) -> str:
    def tr(key: str, **values: object) -> str:
        return t(LANG, key, **values)

    reason = reason_text(row, tr, lambda amount: format_amount(amount, LANG))
    if row.stage is not None:
        stage = stage_name(allocation, row.stage, LANG, tr)
        reason = tr("results_reason_in_stage", stage=Safe(stage), reason=Safe(reason))
    return html.unescape(reason).replace("↳", "").strip()


def write_projects_csv(path: Path, allocation: Allocation, data: VoteData,
                       communes: CommuneDirectory) -> None:
    """One line per project on the ballot, most voted first, with its result and reason."""
    online, paper = data.online_votes(), data.paper_votes()
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(CSV_COLUMNS)
        for row in sorted(allocation.rows, key=lambda r: (-r.votes, r.candidate.id)):
            c = row.candidate
            insee = data.proposals[c.id].fields.commune or ""
            commune = communes.get(insee) if insee else None
            writer.writerow([
                c.id, c.reference, c.title, insee, commune.name if commune else "",
                c.territory_name or "", c.theme, format_number(_exact(c.cost)), online[c.id],
                paper[c.id], row.votes, int(row.won), _reason(allocation, row),
            ])


async def export_campaign(db_path: str | Path, source: CampaignSource, communes: CommuneDirectory,
                          out_dir: Path) -> tuple[Path, Path]:
    """Write ``<id>.pb`` and ``<id>-projects.csv`` in ``out_dir``; return both paths.

    The territories CSV is looked for in the campaign file's folder, wherever we run from.
    """
    campaign = source.campaign
    db = await open_database(db_path)
    try:
        await adopt_legacy(db, campaign.id)
        async with db.transaction() as uow:
            data = await read_votes(uow.in_campaign(campaign.id), campaign, communes,
                                    source.folder)
    finally:
        await db.close()
    allocation = allocate_votes(campaign, data)
    out_dir.mkdir(parents=True, exist_ok=True)
    election = build_election(campaign, communes, data)
    pb_path = out_dir / f"{campaign.id}.pb"
    winners = [str(r.candidate.id) for r in allocation.winners()]
    pb_path.write_text(write_pb(election, selected=winners), encoding="utf-8")
    csv_path = out_dir / f"{campaign.id}-projects.csv"
    write_projects_csv(csv_path, allocation, data, communes)
    return pb_path, csv_path
