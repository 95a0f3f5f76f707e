"""Write the whole site into a fresh folder, then put it in place of the old one."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from bot.campaign_files import CampaignSource
from bot.campaign_rows import adopt_legacy
from bot.chart import results_chart
from bot.export import export_campaign
from bot.site.layout import STYLESHEET, page_html, path_of
from bot.site.pages import PAGES, DataFile, SiteData
from bot.site.photos import PhotoSource
from bot.site.progress import ProgressView
from bot.site.style import CSS
from bot.site.text import LANGUAGES
from flows.domain.campaign import PARIS, Campaign
from flows.domain.communes import CommuneDirectory
from flows.services.progress import latest_progress
from flows.services.public_view import PublicView, read_public_view
from storage.backend import open_database

# Written in every site we make: only such a folder is ever replaced.
MARKER = ".budgetbot-site"
DATA_DIR = "donnees"


class SiteError(Exception):
    """The site cannot be written where asked."""


@dataclass(frozen=True)
class SiteReport:
    pages: list[Path]
    photos: int
    photos_missing: int
    published: bool

    def lines(self) -> list[str]:
        state = "results published" if self.published else "results not yet published"
        missing = f", {self.photos_missing} not available" if self.photos_missing else ""
        return [f"wrote {len(self.pages)} pages ({state}), {self.photos} photos{missing}"]


def check_target(out: Path) -> None:
    """Refuse a folder that holds something else than a site of ours."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir())
                                               and not (out / MARKER).exists())):
        raise SiteError(f"{out} is not empty and was not written by 'budgetbot site': "
                        "choose a new or empty folder.")


async def _read(db_path: str | Path, campaign: Campaign, communes: CommuneDirectory,
                base_dir: Path) -> tuple[PublicView, dict[int, ProgressView]]:
    """The public view and each winner's latest news, read in one transaction."""
    db = await open_database(db_path)
    try:
        await adopt_legacy(db, campaign.id)
        async with db.reading() as unscoped:
            uow = unscoped.in_campaign(campaign.id)
            view = await read_public_view(uow, campaign, communes, base_dir)
            news = await latest_progress(uow)
    finally:
        await db.close()
    # Who recorded the news is staff's business, not the public's: it is left out.
    return view, {pid: ProgressView(e.stage, e.at.astimezone(PARIS).date(), e.percent,
                                    e.note or None, e.photo) for pid, e in news.items()}


async def _photos(source: PhotoSource, wanted: Mapping[int, str], folder: Path,
                  prefix: str) -> tuple[dict[int, str], int]:
    """Fetch each file_id into ``folder``; paths from the site's root and how many failed."""
    found: dict[int, str] = {}
    for pid, file_id in sorted(wanted.items()):
        fetched = await source.fetch(file_id)
        if fetched is None:
            continue
        data, suffix = fetched
        name = f"{prefix}{pid}{suffix}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        found[pid] = f"{folder.name}/{name}"
    return found, len(wanted) - len(found)


def _swap(staging: Path, out: Path) -> None:
    """Put the new site in place; the old one (ours, checked) is removed after."""
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


async def write_site(db_path: str | Path, source: CampaignSource, communes: CommuneDirectory,
                     out: Path, photos: PhotoSource, *,
                     progress: Mapping[int, ProgressView] | None = None,
                     today: date | None = None) -> SiteReport:
    """The site of ``campaign`` from ``db_path`` in ``out``: pages, photos, chart, open data."""
    out = out.resolve()  # "." has no name to put the new folder beside
    check_target(out)
    campaign, base = source.campaign, source.folder
    view, recorded = await _read(db_path, campaign, communes, base)
    staging = out.with_name(f".{out.name}.new-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "assets").mkdir(parents=True)
    progress = recorded if progress is None else progress
    wanted = {p.id: p.fields.photo for p in view.projects if p.fields.photo}
    shown, missing = await _photos(photos, wanted, staging / "photos", "")
    winners = view.results.winners() if view.results else frozenset()
    news_photos = {pid: v.photo for pid, v in progress.items() if v.photo and pid in winners}
    progress_shown, progress_missing = await _photos(photos, news_photos, staging / "photos",
                                                     "progress-")
    charts: dict[str, str] = {}
    open_data: list[DataFile] = []
    if view.results is not None:
        if view.results.allocation.rows:
            for lang in LANGUAGES:
                charts[lang] = f"assets/results-{lang}.png"
                (staging / charts[lang]).write_bytes(results_chart(
                    view.results.allocation, campaign.name.get(lang), campaign.budget.total,
                    lang=lang))
        pb, csv = await export_campaign(db_path, source, communes, staging / DATA_DIR)
        open_data = [DataFile(kind, f"{DATA_DIR}/{path.name}", path.stat().st_size)
                     for kind, path in (("pb", pb), ("csv", csv))]
    (staging / STYLESHEET).write_text(CSS, encoding="utf-8")
    data = SiteData(campaign, communes, view, today or datetime.now(PARIS).date(), shown,
                    {pid: v for pid, v in progress.items() if pid in winners}, progress_shown,
                    charts, open_data)
    pages = []
    for page in PAGES:
        for lang in LANGUAGES:
            target = staging / path_of(page, lang)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page_html(page, data, lang), encoding="utf-8")
            pages.append(out / path_of(page, lang))
    (staging / MARKER).write_text("written by budgetbot site\n", encoding="utf-8")
    _swap(staging, out)
    return SiteReport(pages, len(shown) + len(progress_shown), missing + progress_missing,
                      view.results is not None)
