"""HTML built from elements: plain strings are always escaped, only `Safe` passes as is."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from flows.i18n import Safe

Child = str | Safe | None | Iterable["Child"]

# Elements that have no closing tag.
VOID = frozenset({"br", "img", "meta", "link", "hr", "input"})
_TAGS = re.compile(r"<[^>]+>")


def text(value: str) -> str:
    """Plain text made safe for an element's content or a quoted attribute."""
    return html.escape(value, quote=True)


def _attribute(name: str, value: str | bool | None) -> str:
    # Python names: class_ for class, aria_label for aria-label.
    name = name.rstrip("_").replace("_", "-")
    if value is True:
        return f" {name}"
    if value is None or value is False:
        return ""
    return f' {name}="{text(value)}"'


def render(child: Child) -> str:
    if child is None:
        return ""
    if isinstance(child, Safe):
        return child.html
    if isinstance(child, str):
        return text(child)
    return "".join(render(c) for c in child)


def el(tag: str, *children: Child, **attrs: str | bool | None) -> Safe:
    """``<tag attrs>children</tag>``; strings among the children are escaped."""
    opening = f"<{tag}{''.join(_attribute(k, v) for k, v in attrs.items())}>"
    if tag in VOID:
        return Safe(opening)
    return Safe(f"{opening}{render(children)}</{tag}>")


def join(children: Iterable[Child]) -> Safe:
    return Safe(render(list(children)))


def plain(catalog_html: str) -> str:
    """A catalog text (HTML) as plain text, for an attribute such as alt."""
    return html.unescape(_TAGS.sub("", catalog_html))

