"""The site's pages, each in French and English: the content of ``<main>`` per page."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from bot.site.markup import Child, el, plain
from bot.site.progress import ProgressView
from bot.site.text import counted, has, t
from flows import i18n
from flows.dialogues.results_view import reason_text, stage_line, stage_name
from flows.domain.allocation import Allocation, Row
from flows.domain.campaign import PARIS, Campaign
from flows.domain.communes import CommuneDirectory
from flows.domain.dates import day_text
from flows.domain.departements import in_department
from flows.domain.model import Proposal
from flows.domain.money import format_amount
from flows.domain.turnout import counted as bot_counted
from flows.domain.turnout import whole
from flows.i18n import Safe
from flows.services.public_view import PublicView


@dataclass(frozen=True)
class DataFile:
    """An open-data file written into the site, by its path from the site's root."""

    kind: str  # "pb" or "csv"
    path: str
    size: int


@dataclass(frozen=True)
class SiteData:
    """Everything the pages show, already read, fetched and drawn."""

    campaign: Campaign
    communes: CommuneDirectory
    view: PublicView
    made_on: date
    photos: Mapping[int, str] = field(default_factory=dict)  # proposal id → path from root
    progress: Mapping[int, ProgressView] = field(default_factory=dict)
    progress_photos: Mapping[int, str] = field(default_factory=dict)
    charts: Mapping[str, str] = field(default_factory=dict)  # language → path from root
    open_data: Sequence[DataFile] = ()


@dataclass(frozen=True)
class Where:
    """The page being written: its language and the way back to the site's root."""

    lang: str
    root: str  # "" for French pages, "../" for English ones

    def t(self, key: str, **values: object) -> Safe:
        return Safe(t(self.lang, key, **values))

    def bot(self, key: str, **values: object) -> str:
        """The bot's own catalog text (Telegram HTML, which is HTML too)."""
        return i18n.t(self.lang, key, **values)

    def money(self, amount: Decimal | int) -> str:
        return format_amount(amount, self.lang)

    def link(self, page: str, anchor: str = "") -> str:
        return self.root + (f"en/{page}" if self.lang == "en" else page) + anchor


Renderer = Callable[[SiteData, Where], list[Child]]


@dataclass(frozen=True)
class Page:
    key: str
    files: Mapping[str, str]  # language → file name
    render: Renderer

    def title(self, where: Where) -> Safe:
        return where.t(f"site_page_{self.key}")


def _status(data: SiteData, where: Where) -> Safe:
    results = data.view.results
    if results is None:
        return el("p", where.t("site_results_later"), class_="status")
    day = results.at.astimezone(PARIS).date()
    return el("p", where.t("site_results_published_on", date=day_text(day, where.lang)),
              class_="status")


def home(data: SiteData, where: Where) -> list[Child]:
    campaign = data.campaign
    intro = where.t("site_home_intro", total=where.money(campaign.budget.total),
                    where=in_department(campaign.department, where.lang, data.communes))
    out: list[Child] = [el("h1", campaign.name.get(where.lang)), el("p", intro),
                        el("p", Safe(counted(where.lang, "site_home_projects",
                                             len(data.view.projects))))]
    out.append(_status(data, where))
    if data.view.results is not None:
        out.append(el("p", Safe(_summary(data.view.results.allocation, where))))
    return out


def _theme_label(campaign: Campaign, theme_id: str | None, lang: str) -> str:
    theme = campaign.theme(theme_id) if theme_id else None
    return theme.label.get(lang) if theme else (theme_id or "")


def _commune(data: SiteData, insee: str | None) -> str:
    found = data.communes.get(insee) if insee else None
    return found.name if found else ""


def _project(data: SiteData, where: Where, proposal: Proposal) -> Safe:
    fields = proposal.fields
    title = fields.title or proposal.reference
    photo = data.photos.get(proposal.id)
    figure = el("figure", el("img", src=where.root + photo,
                             alt=plain(t(where.lang, "site_photo_alt", title=title)))) \
        if photo else None
    facts = el("dl",
               el("dt", where.t("site_project_theme")),
               el("dd", _theme_label(data.campaign, fields.theme, where.lang)),
               el("dt", where.t("site_project_commune")), el("dd", _commune(data, fields.commune)),
               el("dt", where.t("site_project_cost")),
               el("dd", where.money(fields.cost or Decimal(0))))
    paragraphs = [el("p", line) for line in (fields.description or "").splitlines() if line.strip()]
    heading = el("h3", where.t("site_project_heading", reference=proposal.reference, title=title))
    results = data.view.results
    won = el("p", where.t("site_project_won"), class_="won") \
        if results is not None and proposal.id in results.winners() else None
    return el("article", heading, won, figure, facts, paragraphs, id=f"p-{proposal.id}")


def projects(data: SiteData, where: Where) -> list[Child]:
    out: list[Child] = [el("h1", where.t("site_page_projects"))]
    if not data.view.projects:
        return [*out, el("p", where.t("site_projects_none"))]
    out.append(el("p", where.t("site_projects_intro")))
    by_theme: dict[str, list[Proposal]] = {}
    for proposal in data.view.projects:
        by_theme.setdefault(proposal.fields.theme or "", []).append(proposal)
    order = [th.id for th in data.campaign.themes] + sorted(set(by_theme) - {
        th.id for th in data.campaign.themes})
    themes = [(i, theme) for i, theme in enumerate(order) if theme in by_theme]
    out.append(el("nav", el("ul", [el("li", el("a", _theme_label(data.campaign, theme, where.lang),
                                              href=f"#theme-{i}")) for i, theme in themes]),
                  aria_label=plain(t(where.lang, "site_themes_label"))))
    for i, theme in themes:
        out.append(el("section", el("h2", _theme_label(data.campaign, theme, where.lang),
                                    id=f"theme-{i}"),
                      [_project(data, where, p) for p in by_theme[theme]]))
    return out


def _summary(allocation: Allocation, where: Where) -> str:
    return bot_counted(where.bot, where.lang, "results_summary", len(allocation.winners()),
                       spent=where.money(allocation.spent), total=where.money(allocation.total),
                       left=where.money(allocation.left))


def _reason(allocation: Allocation, row: Row, where: Where) -> Safe:
    reason = reason_text(row, where.bot, where.money, where.lang)
    if row.stage is None:
        return Safe(reason)
    stage = stage_name(allocation, row.stage, where.lang, where.bot)
    return where.t("site_reason_in_stage", stage=Safe(stage), reason=Safe(reason))


def _rows_table(data: SiteData, where: Where, allocation: Allocation, rows: Sequence[Row],
                caption: str, ident: str) -> Safe:
    head = el("thead", el("tr", [el("th", where.t(key), scope="col", class_=css)
                                 for key, css in (("site_col_project", None),
                                                  ("site_col_votes", "num"),
                                                  ("site_col_cost", "num"),
                                                  ("site_col_why", None))]))
    communes = {p.id: _commune(data, p.fields.commune) for p in data.view.projects}
    body = []
    for row in rows:
        c = row.candidate
        project = el("th", el("a", c.reference, href=where.link(PROJECTS_FILES[where.lang],
                                                                f"#p-{c.id}")),
                     " ", c.title, el("br"), el("span", communes.get(c.id, ""), class_="muted"),
                     scope="row")
        body.append(el("tr", project, el("td", whole(where.lang, row.votes), class_="num"),
                       el("td", where.money(c.cost), class_="num"),
                       el("td", _reason(allocation, row, where))))
    table = el("table", el("caption", where.t(caption), id=ident), head, el("tbody", body))
    return el("div", table, class_="table", role="region", aria_labelledby=ident, tabindex="0")


def _turnout(data: SiteData, where: Where) -> list[Child]:
    assert data.view.results is not None
    turnout = data.view.results.turnout
    lines = [(where.t("site_turnout_online"), turnout.voters),
             (where.t("site_turnout_paper"), turnout.paper + turnout.blank + turnout.void),
             (where.t("site_turnout_blank"), turnout.blank),
             (where.t("site_turnout_void"), turnout.void),
             (Safe(counted(where.lang, "site_turnout_boxes", turnout.boxes)), turnout.box_votes)]
    head = el("thead", el("tr", el("th", where.t("site_turnout_channel"), scope="col"),
                          el("th", where.t("site_turnout_count"), scope="col", class_="num")))
    body = el("tbody", [el("tr", el("th", label, scope="row"),
                           el("td", whole(where.lang, count), class_="num"))
                        for label, count in lines])
    table = el("table", el("caption", where.t("site_turnout_caption"), id="turnout-caption"),
               head, body)
    return [el("h2", where.t("site_turnout_title")),
            el("div", table, class_="table", role="region", aria_labelledby="turnout-caption",
               tabindex="0")]


def results(data: SiteData, where: Where) -> list[Child]:
    out: list[Child] = [el("h1", where.t("site_page_results"))]
    published = data.view.results
    out.append(_status(data, where))
    if published is None:
        return out
    allocation = published.allocation
    out.append(el("p", Safe(_summary(allocation, where))))
    if len(allocation.stages) > 1:
        lines = [stage_line(allocation, s, where.lang, where.bot, where.money)
                 for s in allocation.stages]
        # Telegram's bullets become list items.
        out += [el("h2", where.t("site_stages_title")),
                el("ul", [el("li", Safe(line.removeprefix("• "))) for line in lines])]
    out += _turnout(data, where)
    if not allocation.rows:
        return [*out, el("p", Safe(where.bot("results_none")))]
    if chart := data.charts.get(where.lang):
        out.append(el("figure", el("img", src=where.root + chart,
                                   alt=plain(t(where.lang, "site_chart_alt"))),
                      el("figcaption", where.t("site_chart_caption"))))
    winners = sorted(allocation.winners(), key=lambda r: (-r.votes, r.candidate.reference))
    if winners:
        out += [el("h2", where.t("site_winners_title")),
                _rows_table(data, where, allocation, winners, "site_winners_caption",
                            "winners-caption")]
    others = [r for r in allocation.rows if not r.won]
    if others:
        out += [el("h2", where.t("site_others_title")),
                _rows_table(data, where, allocation, others, "site_others_caption",
                            "others-caption")]
    return out


def _stage(stage: str, lang: str) -> str:
    key = f"site_progress_stage_{stage}"
    return t(lang, key) if has(key) else stage


def _news(data: SiteData, where: Where, row: Row, news: ProgressView | None) -> list[Child]:
    if news is None:
        return [el("p", where.t("site_progress_no_news"))]
    out: list[Child] = [el("p", where.t("site_progress_stage",
                                        stage=Safe(_stage(news.stage, where.lang))))]
    if news.percent is not None:
        label = where.t("site_progress_percent", percent=news.percent)
        out.append(el("p", label, el("br"),
                      el("progress", f"{news.percent} %", value=str(news.percent), max="100",
                         aria_hidden="true")))
    if news.note:
        out.append(el("p", news.note))
    if photo := data.progress_photos.get(row.candidate.id):
        alt = plain(t(where.lang, "site_progress_photo_alt", title=row.candidate.title))
        out.append(el("figure", el("img", src=where.root + photo, alt=alt)))
    out.append(el("p", where.t("site_progress_updated", date=day_text(news.updated, where.lang))))
    return out


def progress(data: SiteData, where: Where) -> list[Child]:
    out: list[Child] = [el("h1", where.t("site_page_progress"))]
    published = data.view.results
    if published is None:
        return [*out, el("p", where.t("site_progress_later"), class_="status")]
    winners = sorted(published.allocation.winners(), key=lambda r: r.candidate.reference)
    if not winners:
        return [*out, el("p", where.t("site_progress_none"))]
    out.append(el("p", where.t("site_progress_intro")))
    for row in winners:
        c = row.candidate
        heading = el("h2", where.t("site_project_heading", reference=c.reference, title=c.title))
        out.append(el("article", heading, _news(data, where, row, data.progress.get(c.id)),
                      id=f"r-{c.id}"))
    return out


def _size(lang: str, size: int) -> str:
    return t(lang, "site_size_kb", size=whole(lang, max(1, round(size / 1024))))


def open_data(data: SiteData, where: Where) -> list[Child]:
    out: list[Child] = [el("h1", where.t("site_page_data"))]
    if not data.open_data:
        return [*out, el("p", where.t("site_data_later"), class_="status")]
    out.append(el("p", where.t("site_data_intro")))
    items = []
    for file in data.open_data:
        name = file.path.rsplit("/", 1)[-1]
        about = where.t(f"site_data_{file.kind}", size=Safe(_size(where.lang, file.size)))
        items.append(el("li", el("a", name, href=where.root + file.path, download=True), " : "
                        if where.lang == "fr" else ": ", about))
    out.append(el("ul", items))
    pb = next((f for f in data.open_data if f.kind == "pb"), None)
    if pb is not None:
        out.append(el("p", where.t("site_data_recount", file=pb.path.rsplit("/", 1)[-1])))
    return out


PROJECTS_FILES = {"fr": "projets.html", "en": "projects.html"}
PAGES = (
    Page("home", {"fr": "index.html", "en": "index.html"}, home),
    Page("projects", PROJECTS_FILES, projects),
    Page("results", {"fr": "resultats.html", "en": "results.html"}, results),
    Page("progress", {"fr": "realisations.html", "en": "progress.html"}, progress),
    Page("data", {"fr": "donnees.html", "en": "data.html"}, open_data),
)
