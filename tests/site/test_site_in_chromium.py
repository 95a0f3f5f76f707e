"""The website of a finished campaign, read in headless Chromium as a reader would read it.

Every page is opened in French and English at a phone's width and a desktop's, and at 200 %
zoom; a full-page screenshot of each is saved in the test's tmp dir and in test-output/site/.
"""

from __future__ import annotations

import html
import re
import shutil
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from bot.site.layout import path_of
from bot.site.markup import plain
from bot.site.pages import PAGES
from bot.site.text import counted, t
from flows import i18n
from flows.dialogues.results_view import render_results
from flows.domain.allocation import Allocation
from flows.domain.campaign import load_campaign
from flows.domain.communes import load_communes
from flows.domain.money import format_amount
from flows.domain.turnout import whole
from flows.services.results import compute_allocation
from storage.db import Database
from tests.allocation.votes_db import GERS_ID

from .chromium import Browser, Tab
from .conftest import GERS_FILE, KEPT, PHOTO_COLOURS, Site, build_site
from .site_db import PROPOSER_ID, PROPOSER_NAME, PROPOSER_USERNAME, REFUSED_TITLE, TOLD

PHONE = (390, 844)
DESKTOP = (1280, 900)
PAGE_FILES = [(page.key, lang) for page in PAGES for lang in ("fr", "en")]


def _page(key: str) -> Any:
    return next(p for p in PAGES if p.key == key)


def _url(site: Path, key: str, lang: str) -> str:
    return (site / path_of(_page(key), lang)).as_uri()


async def _allocation(site: Site) -> Allocation:
    db = await Database.open(site.db)
    try:
        async with db.reading() as unscoped:
            uow = unscoped.in_campaign(GERS_ID)
            return await compute_allocation(uow, load_campaign(GERS_FILE), load_communes(),
                                            GERS_FILE.parent)
    finally:
        await db.close()


def _telegram_reasons(allocation: Allocation, lang: str) -> dict[str, str]:
    """Each project's reason line as the bot shows it in Telegram, as plain text."""
    texts = render_results(allocation, lang, partial(i18n.t, lang),
                           partial(format_amount, lang=lang), name="", draft=False)
    lines = "\n".join(texts).split("\n")
    reasons = {}
    for line, after in pairwise(lines):
        if found := re.match(r"<b>(BP-\d{4}-\d{4})</b>", line):
            reasons[found[1]] = plain(after).strip().removeprefix("↳").strip()
    return reasons


def _keep(shot: Path, name: str) -> None:
    KEPT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, KEPT / name)


async def _read(chromium: Browser, url: str, width: int, height: int,
                scale: float = 1) -> dict[str, Any]:
    async with Tab(chromium.port) as tab:
        await tab.view(width, height, scale, mobile=width < 600)
        await tab.goto(url)
        return await tab.read()


def test_the_command_says_what_it_wrote(published_site: Site) -> None:
    assert published_site.returncode == 0, published_site.stderr
    assert published_site.stdout.strip() == (
        f"wrote 10 pages (results published), 2 photos, 1 not available in "
        f"{published_site.out}")


@pytest.mark.parametrize(("key", "lang"), PAGE_FILES)
async def test_every_page_reads_well_on_a_phone_a_desktop_and_at_200_percent_zoom(
        published_site: Site, chromium: Browser, tmp_path: Path, key: str, lang: str) -> None:
    url = _url(published_site.out, key, lang)
    for name, (width, height), scale in (("phone", PHONE, 1), ("desktop", DESKTOP, 1),
                                         ("zoom200", (DESKTOP[0] // 2, DESKTOP[1] // 2), 2)):
        async with Tab(chromium.port) as tab:
            await tab.view(width, height, scale, mobile=name == "phone")
            await tab.goto(url)
            seen = await tab.read()
            if name != "zoom200":
                shot = tmp_path / f"{lang}-{key}-{name}.png"
                await tab.screenshot(shot)
                _keep(shot, shot.name)
        assert seen["overflow"] <= 0, f"{url} scrolls sideways at {width} px"
    assert seen["lang"] == lang
    assert [level for level, _ in seen["headings"]].count(1) == 1
    levels = [level for level, _ in seen["headings"]]
    assert all(b - a <= 1 for a, b in pairwise(levels)), levels
    assert all(image["alt"] and image["loaded"] for image in seen["images"]), seen["images"]
    assert all(seen["captions"]), seen["captions"]
    assert seen["lowContrast"] == []
    assert seen["title"] == plain(t(lang, "site_page_title", page=t(lang, f"site_page_{key}"),
                                    name=load_campaign(GERS_FILE).name.get(lang)))


@pytest.mark.parametrize(("key", "lang"), PAGE_FILES)
async def test_each_page_links_its_twin_in_the_other_language(
        published_site: Site, chromium: Browser, key: str, lang: str) -> None:
    seen = await _read(chromium, _url(published_site.out, key, lang), *DESKTOP)
    other = "en" if lang == "fr" else "fr"
    assert seen["twin"] == {"href": _url(published_site.out, key, other), "lang": other,
                            "text": t(other, "site_language_name")}


async def test_results_give_the_same_reasons_as_in_telegram(published_site: Site,
                                                            chromium: Browser) -> None:
    allocation = await _allocation(published_site)
    for lang in ("fr", "en"):
        async with Tab(chromium.port) as tab:
            await tab.view(*DESKTOP)
            await tab.goto(_url(published_site.out, "results", lang))
            rows = await tab.evaluate(
                "[...document.querySelectorAll('table')].slice(1).map(t => [...t.tBodies[0]"
                ".rows].map(r => [r.cells[0].querySelector('a').innerText,"
                " ...[...r.cells].slice(1).map(c => c.innerText)]))")
        reasons = _telegram_reasons(allocation, lang)
        winners = sorted(allocation.winners(), key=lambda r: (-r.votes, r.candidate.reference))
        others = [r for r in allocation.rows if not r.won]
        assert rows == [[[r.candidate.reference, whole(lang, r.votes),
                          format_amount(r.candidate.cost, lang), reasons[r.candidate.reference]]
                         for r in group] for group in (winners, others)]
        assert len(winners) == 43


async def test_results_page_shows_summary_turnout_and_the_chart(published_site: Site,
                                                                chromium: Browser) -> None:
    allocation = await _allocation(published_site)
    seen = await _read(chromium, _url(published_site.out, "results", "fr"), *DESKTOP)
    summary = i18n.t("fr", "results_summary_other", count=len(allocation.winners()),
                     spent=format_amount(allocation.spent, "fr"),
                     total=format_amount(allocation.total, "fr"),
                     left=format_amount(allocation.left, "fr"))
    assert plain(summary) in seen["main"].split("\n")
    assert t("fr", "site_results_published_on", date="2 mai 2027") in seen["main"]
    campaign = published_site.campaign
    assert seen["captions"][0] == t("fr", "site_turnout_caption")
    turnout = [line for line in seen["main"].split("\n") if "\t" in line][1:6]
    assert turnout == [
        f"{t('fr', 'site_turnout_online')}\t{campaign.voters}",
        f"{t('fr', 'site_turnout_paper')}\t{whole('fr', campaign.paper)}",
        f"{t('fr', 'site_turnout_blank')}\t2", f"{t('fr', 'site_turnout_void')}\t1",
        f"{counted('fr', 'site_turnout_boxes', 1)}\t10"]
    chart = [i for i in seen["images"] if i["src"] == "assets/results-fr.png"]
    assert chart == [{"src": "assets/results-fr.png", "alt": t("fr", "site_chart_alt"),
                      "loaded": True}]


async def test_projects_page_shows_each_admissible_project_with_its_photo(
        published_site: Site, chromium: Browser) -> None:
    seen = await _read(chromium, _url(published_site.out, "projects", "fr"), *PHONE)
    ids = published_site.campaign.ids
    shown = [text for level, text in seen["headings"] if level == 3]
    titles = {n: TOLD[n][0] if n in TOLD else f"Projet {n}" for n in range(1, len(ids) + 1)}
    assert sorted(shown) == sorted(f"BP-2026-{pid:04d} — {titles[n]}"
                                   for n, pid in enumerate(ids, start=1))
    # The title is shown as the proposer typed it, tags and all, never run.
    assert "BP-2026-0001 — Skatepark du lycée <script>alert(1)</script>" in shown
    assert "Un skatepark pour les jeunes d'Auch." in seen["main"]
    assert REFUSED_TITLE not in seen["text"]
    assert seen["main"].split("\n").count(t("fr", "site_project_won")) == 43
    photos = {i["src"]: i for i in seen["images"]}
    assert sorted(photos) == sorted(f"photos/{ids[n - 1]}.jpg" for n in PHOTO_COLOURS)
    for pid, data in published_site.photos.items():
        assert photos[f"photos/{pid}.jpg"]["loaded"]
        assert (published_site.out / "photos" / f"{pid}.jpg").read_bytes() == data
    assert photos[f"photos/{ids[0]}.jpg"]["alt"] == html.unescape(
        t("fr", "site_photo_alt", title=TOLD[1][0]))


async def test_open_data_page_links_the_files_of_budgetbot_export(published_site: Site,
                                                                  chromium: Browser) -> None:
    seen = await _read(chromium, _url(published_site.out, "data", "en"), *PHONE)
    data = published_site.out / "donnees"
    assert sorted(p.name for p in data.iterdir()) == ["gers-bpg4-projects.csv", "gers-bpg4.pb"]
    for name in ("gers-bpg4.pb", "gers-bpg4-projects.csv"):
        assert (data / name).as_uri() in seen["links"]
    assert "budgetbot tally gers-bpg4.pb" in seen["main"]


async def test_progress_page_has_a_place_for_each_winner(published_site: Site,
                                                         chromium: Browser) -> None:
    allocation = await _allocation(published_site)
    seen = await _read(chromium, _url(published_site.out, "progress", "fr"), *PHONE)
    assert [text for level, text in seen["headings"] if level == 2] == [
        f"{r.candidate.reference} — {r.candidate.title}"
        for r in sorted(allocation.winners(), key=lambda r: r.candidate.reference)]
    assert seen["main"].count(t("fr", "site_progress_no_news")) == 43


def test_no_file_of_the_site_holds_personal_data(published_site: Site) -> None:
    files = [p for p in published_site.out.rglob("*") if p.is_file()]
    assert len(files) > 10
    for path in files:
        data = path.read_bytes()
        for secret in (PROPOSER_NAME, PROPOSER_USERNAME, str(PROPOSER_ID), "phone-1",
                       "account-1"):
            assert secret.encode() not in data, f"{secret} in {path}"


async def test_before_publication_the_site_shows_projects_and_says_results_come_later(
        tmp_path: Path, chromium: Browser) -> None:
    site = await build_site(tmp_path, published=False)
    assert site.returncode == 0, site.stderr
    assert not (site.out / "donnees").exists()
    assert not list((site.out / "assets").glob("*.png"))
    expected = {"results": "site_results_later", "progress": "site_progress_later",
                "data": "site_data_later", "home": "site_results_later"}
    for lang in ("fr", "en"):
        for key, text in expected.items():
            async with Tab(chromium.port) as tab:
                await tab.view(*PHONE, mobile=True)
                await tab.goto(_url(site.out, key, lang))
                seen = await tab.read()
                shot = tmp_path / f"unpublished-{lang}-{key}.png"
                await tab.screenshot(shot)
                _keep(shot, shot.name)
            assert plain(t(lang, text)) in seen["main"].split("\n")
            assert seen["captions"] == []
        projects = await _read(chromium, _url(site.out, "projects", lang), *PHONE)
        assert len([h for h in projects["headings"] if h[0] == 3]) == len(site.campaign.ids)
        assert t(lang, "site_project_won") not in projects["main"]
