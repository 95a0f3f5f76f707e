"""While the vote is open staff see turnout, not votes per project, unless the file allows it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from flows.domain.campaign import CampaignError, parse_campaign
from flows.i18n import Safe, plural_key, t
from tests.flows.harness import EXAMPLES, Harness
from tests.flows.test_publishing import cast
from tests.flows.test_voting import IN_VOTE, add_projects


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = await Harness.open(tmp_path / "live.sqlite3", now=IN_VOTE)
    await add_projects(harness, 4, cost="20000")
    yield harness
    await harness.db.close()


def fr(key: str, count: int | None = None, **values: object) -> str:
    if count is None:
        return t("fr", key, **values)
    return t("fr", plural_key("fr", key, count), count=count, **values)


def allow_live_counts(h: Harness) -> None:
    vote = h.campaign.vote.model_copy(update={"live_counts": True})
    h.campaign = h.campaign.model_copy(update={"vote": vote})
    h.deps = replace(h.deps, campaign=h.campaign)


async def test_during_the_vote_staff_see_turnout_not_votes_per_project(h: Harness) -> None:
    await cast(h, 501, 1, 1, 2, 3)
    await h.say(h.staff(), "/papier 1 2 4")
    await h.say(h.staff(), "/urne Mairie de Mirande 1=40 3=2")
    replies = await h.say(h.staff(), "/resultats")
    boxes = fr("turnout_boxes", 1, votes=Safe(fr("turnout_votes", 42)))
    turnout = fr("turnout_line", voters=Safe(fr("turnout_voters", 1)),
                 paper=Safe(fr("turnout_paper", 1)), boxes=Safe(boxes))
    assert [(r.text, r.photo_png) for r in replies] == [
        (fr("results_hidden_during_vote", turnout=Safe(turnout)), None)]


async def test_the_campaign_file_may_allow_counts_during_the_vote(h: Harness) -> None:
    allow_live_counts(h)
    await cast(h, 501, 1, 1, 2, 3)
    replies = await h.say(h.staff(), "/resultats")
    assert replies[0].photo_png is not None
    assert replies[0].text == fr("results_chart_caption_draft", name=h.campaign.name.fr)
    assert f"Projet 1 — {fr('votes', 1)}" in "\n".join(r.text for r in replies)


async def test_once_the_vote_closes_staff_see_the_draft(h: Harness) -> None:
    await cast(h, 501, 1, 1, 2, 3)
    await h.say(h.staff(), "/phase results")
    replies = await h.say(h.staff(), "/resultats")
    assert replies[0].text == fr("results_chart_caption_draft", name=h.campaign.name.fr)
    assert f"Projet 1 — {fr('votes', 1)}" in "\n".join(r.text for r in replies)


def test_live_counts_must_be_true_or_false_in_the_campaign_file() -> None:
    text = (EXAMPLES / "gers.toml").read_text(encoding="utf-8")
    text = text.replace("[staff]", '[vote]\nlive_counts = "oui"\n\n[staff]')
    with pytest.raises(CampaignError) as caught:
        parse_campaign(text, Path("gers.toml"))
    assert "gers.toml" in str(caught.value) and "vote.live_counts" in str(caught.value)
