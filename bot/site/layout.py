"""The frame around every page: language, title, skip link, navigation, its twin, footer."""

from __future__ import annotations

from bot.site.markup import el, join, plain, render
from bot.site.pages import PAGES, Page, SiteData, Where
from bot.site.text import LANGUAGES, t
from flows.domain.dates import day_text
from flows.i18n import Safe

STYLESHEET = "assets/style.css"


def path_of(page: Page, lang: str) -> str:
    """The page's file from the site's root: French at the root, English under en/."""
    return page.files[lang] if lang == "fr" else f"en/{page.files[lang]}"


def _twin(page: Page, where: Where) -> tuple[str, str]:
    other = next(lang for lang in LANGUAGES if lang != where.lang)
    return other, where.root + path_of(page, other)


def _nav(page: Page, where: Where) -> Safe:
    items = [el("li", el("a", p.title(where), href=where.link(p.files[where.lang]),
                         aria_current="page" if p is page else None)) for p in PAGES]
    return el("nav", el("ul", items), aria_label=plain(t(where.lang, "site_nav_label")))


def page_html(page: Page, data: SiteData, lang: str) -> str:
    """One whole HTML document: ``page`` in ``lang``."""
    where = Where(lang, "" if lang == "fr" else "../")
    name = data.campaign.name.get(lang)
    other, twin = _twin(page, where)
    title = plain(t(lang, "site_page_title", page=page.title(where), name=name))
    head = el("head", el("meta", charset="utf-8"),
              el("meta", name="viewport", content="width=device-width, initial-scale=1"),
              el("title", title),
              el("link", rel="stylesheet", href=where.root + STYLESHEET),
              el("link", rel="alternate", hreflang=other, href=twin))
    header = el("header",
                el("p", el("a", name, href=where.link("index.html")), class_="site-name"),
                _nav(page, where),
                el("p", el("a", Safe(t(other, "site_language_name")), href=twin,
                           hreflang=other, lang=other), class_="lang"))
    footer = el("footer", el("p", Safe(t(lang, "site_footer",
                                         date=day_text(data.made_on, lang)))))
    body = el("body", el("a", where.t("site_skip"), href="#content", class_="skip"), header,
              el("main", join(page.render(data, where)), id="content"), footer)
    return "<!DOCTYPE html>\n" + render(el("html", head, body, lang=lang)) + "\n"
