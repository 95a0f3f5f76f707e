"""The site's HTML itself: user text escaped, winners' progress, the folder it writes."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.campaign_files import open_campaign
from bot.site.build import MARKER, write_site
from bot.site.markup import el, render
from bot.site.photos import NoPhotos
from bot.site.progress import ProgressView
from bot.site.text import t
from flows.domain.communes import load_communes
from flows.domain.progress import NewProgress
from flows.i18n import Safe
from storage.db import Database
from tests.allocation.votes_db import GERS_ID

from .conftest import GERS_FILE, run_site_command
from .site_db import TOLD, fill

NEWS = ProgressView("works", date(2027, 9, 14), percent=40,
                    note="Dalle coulée <b>hier</b> & murs montés")
SCRIPT_TITLE = TOLD[1][0]


class Photos:
    """Our photo port answering from memory, as the Bot API would for known file_ids."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    async def fetch(self, file_id: str) -> tuple[bytes, str] | None:
        data = self.files.get(file_id)
        return (data, ".jpg") if data is not None else None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("html")

    async def build() -> Path:
        campaign = await fill(tmp / "gers.sqlite3", {1: "photo-1"})
        winner = campaign.ids[0]
        await write_site(tmp / "gers.sqlite3", open_campaign(GERS_FILE), load_communes(),
                         tmp / "site", Photos({"photo-1": b"\xff\xd8jpeg"}),
                         progress={winner: NEWS},
                         today=date(2027, 9, 15))
        return tmp / "site"

    return asyncio.run(build())


def _html(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def test_markup_escapes_text_and_attributes_but_not_safe_html() -> None:
    built = el("p", "<script>alert(1)</script> & co", Safe("<b>ok</b>"), title='say "hi"')
    assert render(built) == ('<p title="say &quot;hi&quot;">&lt;script&gt;alert(1)&lt;/script&gt;'
                             ' &amp; co<b>ok</b></p>')


def test_a_title_with_a_script_tag_is_shown_as_text_on_every_page(site: Path) -> None:
    escaped = "Skatepark du lycée &lt;script&gt;alert(1)&lt;/script&gt;"
    assert escaped in _html(site, "projets.html")
    assert escaped in _html(site, "resultats.html")
    assert f'alt="{t("fr", "site_photo_alt", title=SCRIPT_TITLE)}"'.replace(
        "<", "&lt;").replace(">", "&gt;") in _html(site, "projets.html")
    for page in site.rglob("*.html"):
        assert "<script" not in page.read_text(encoding="utf-8"), page


def test_a_winner_s_progress_shows_its_stage_percentage_note_and_date(site: Path) -> None:
    page = _html(site, "realisations.html")
    assert t("fr", "site_progress_stage", stage=Safe(t("fr", "site_progress_stage_works"))) \
        in page
    assert t("fr", "site_progress_percent", percent=40) in page
    assert "Dalle coulée &lt;b&gt;hier&lt;/b&gt; &amp; murs montés" in page
    assert t("fr", "site_progress_updated", date="14 septembre 2027") in page
    assert t("en", "site_progress_stage_works") in _html(site, "en/progress.html")
    # The others wait for news.
    assert page.count(t("fr", "site_progress_no_news")) == 42


def test_photos_are_written_beside_the_pages(site: Path) -> None:
    photos = list((site / "photos").iterdir())
    assert [p.read_bytes() for p in photos] == [b"\xff\xd8jpeg"]
    assert f'src="photos/{photos[0].name}"' in _html(site, "projets.html")
    assert f'src="../photos/{photos[0].name}"' in _html(site, "en/projects.html")


async def test_a_second_run_replaces_the_site_it_wrote(tmp_path: Path) -> None:
    await fill(tmp_path / "gers.sqlite3", {}, published=False)
    out = tmp_path / "site"
    args = (tmp_path / "gers.sqlite3", open_campaign(GERS_FILE), load_communes(), out,
            NoPhotos())
    await write_site(*args)
    (out / "photos").mkdir()
    (out / "photos" / "999.jpg").write_bytes(b"a withdrawn project's photo")
    await write_site(*args)
    assert not (out / "photos").exists()
    assert (out / MARKER).exists() and (out / "index.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gers.sqlite3", "site"]


async def test_a_folder_holding_something_else_is_refused_and_left_alone(tmp_path: Path) -> None:
    await fill(tmp_path / "gers.sqlite3", {}, published=False)
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.odt").write_text("mine")
    code, stdout, stderr = await run_site_command(tmp_path / "gers.sqlite3", out, None)
    assert (code, stdout) == (2, "")
    assert stderr.strip() == (f"{out} is not empty and was not written by 'budgetbot site': "
                              "choose a new or empty folder.")
    assert [p.name for p in out.iterdir()] == ["thesis.odt"]


async def test_without_a_token_the_site_is_written_without_photos(tmp_path: Path) -> None:
    await fill(tmp_path / "gers.sqlite3", {1: "AgACAgQAAxkBAAIBphoto"}, published=False)
    code, stdout, _ = await run_site_command(tmp_path / "gers.sqlite3", tmp_path / "site", None)
    assert code == 0
    assert stdout.splitlines() == [
        "TELEGRAM_BOT_TOKEN is not set: the site shows no photos.",
        f"wrote 10 pages (results not yet published), 0 photos, 1 not available in "
        f"{tmp_path / 'site'}"]
    assert "<img" not in (tmp_path / "site" / "projets.html").read_text(encoding="utf-8")


async def test_a_missing_database_is_named(tmp_path: Path) -> None:
    code, _, stderr = await run_site_command(tmp_path / "nope.sqlite3", tmp_path / "site", None)
    assert code == 2
    assert stderr.strip() == f"Cannot use the database {tmp_path / 'nope.sqlite3'}: no such file."
    assert not (tmp_path / "site").exists()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.targets += [v for k, v in found.items() if k in ("href", "src") and v]
        if found.get("id"):
            self.ids.add(str(found["id"]))


def _parsed(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_link_and_image_of_every_page_leads_somewhere(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 10
    for page in pages:
        for target in _parsed(page).targets:
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            assert file.is_file() and file.is_relative_to(site), f"{target} in {page}"
            if anchor:
                assert anchor in _parsed(file).ids, f"{target} in {page}"


async def test_the_news_staff_recorded_with_suivi_is_on_the_progress_page(
        tmp_path: Path) -> None:
    campaign = await fill(tmp_path / "gers.sqlite3", {})
    db = await Database.open(tmp_path / "gers.sqlite3")
    try:
        async with db.transaction() as unscoped:
            news = NewProgress(campaign.ids[0], "done", 100, "Inauguré avec l'école", None,
                               "Paul Agent")
            await unscoped.in_campaign(GERS_ID).progress.add(
                news, datetime(2027, 10, 2, 9, 0, tzinfo=UTC))
    finally:
        await db.close()
    await write_site(tmp_path / "gers.sqlite3", open_campaign(GERS_FILE), load_communes(),
                     tmp_path / "site", NoPhotos())
    page = _html(tmp_path / "site", "realisations.html")
    assert t("fr", "site_progress_stage", stage=Safe(t("fr", "site_progress_stage_done"))) \
        in page
    assert "Inauguré avec l&#x27;école" in page
    assert t("fr", "site_progress_updated", date="2 octobre 2027") in page
    assert "Paul Agent" not in page  # who recorded it is staff's business
