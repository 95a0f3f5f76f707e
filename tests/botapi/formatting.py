"""Telegram text formatting: HTML / MarkdownV2 / Markdown parsing into (text, entities).

Offsets and lengths are in UTF-16 code units, as in the Bot API; error strings mimic the
real server's "can't parse entities: ..." messages.
"""

from __future__ import annotations

import re
from typing import Any

Entity = dict[str, Any]


class EntityParseError(ValueError):
    """Raised with the text that follows "Bad Request: can't parse entities: "."""


class UnsupportedParseMode(ValueError):
    """Raised for a parse_mode the server does not know ("unsupported parse_mode")."""


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (the Bot API's unit for offsets)."""
    return len(text.encode("utf-16-le")) // 2


_COMMAND_RE = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")


def command_entities(text: str) -> list[Entity]:
    """Entities of type ``bot_command`` as Telegram clients attach them to user texts."""
    return [
        {
            "offset": utf16_len(text[: m.start()]),
            "length": utf16_len(m.group(0)),
            "type": "bot_command",
        }
        for m in _COMMAND_RE.finditer(text)
    ]


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


_SIMPLE_HTML = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_ALL_HTML_TAGS = {*_SIMPLE_HTML, "a", "span", "tg-emoji"}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot);")
_ATTR_RE = re.compile(r"\s*([A-Za-z_-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+)))?")


def _decode_entity(match: re.Match[str]) -> str:
    body = match.group(1)
    if body.startswith("#x"):
        return chr(int(body[2:], 16))
    if body.startswith("#"):
        return chr(int(body[1:]))
    return _NAMED_ENTITIES[body]


def parse_html(source: str) -> tuple[str, list[Entity]]:
    """Parse Telegram's HTML subset; raise EntityParseError like the real server."""
    out: list[str] = []
    out_len = 0  # UTF-16 units emitted so far
    entities: list[Entity] = []
    # stack items: (tag name, start offset, attributes)
    stack: list[tuple[str, int, dict[str, str]]] = []
    i = 0
    n = len(source)
    while i < n:
        ch = source[i]
        if ch == "&":
            m = _ENTITY_RE.match(source, i)
            piece = _decode_entity(m) if m else "&"
            i = m.end() if m else i + 1
            out.append(piece)
            out_len += utf16_len(piece)
            continue
        if ch != "<":
            j = i
            while j < n and source[j] not in "<&":
                j += 1
            piece = source[i:j]
            out.append(piece)
            out_len += utf16_len(piece)
            i = j
            continue
        start = i
        end = source.find(">", i)
        if end < 0:
            raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(source, i)}")
        if source.startswith("</", i):
            name = source[i + 2 : end].strip().lower()
            if not stack:
                raise EntityParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(source, start)}"
                )
            open_name, begin, attrs = stack.pop()
            if name and name != open_name:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(source, start)}, "
                    f'expected "</{open_name}>", found "</{name}>"'
                )
            _close_html_entity(open_name, begin, out_len - begin, attrs, entities)
            i = end + 1
            continue
        m = re.match(r"<([A-Za-z][A-Za-z0-9-]*)", source[i:end])
        name = m.group(1).lower() if m else ""
        if name not in _ALL_HTML_TAGS:
            raise EntityParseError(
                f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, start)}'
            )
        attrs = {}
        assert m is not None
        for am in _ATTR_RE.finditer(source[i + m.end() : end].rstrip("/")):
            if am.group(0).strip():
                value = am.group(2) or am.group(3) or am.group(4) or ""
                attrs[am.group(1).lower()] = _ENTITY_RE.sub(_decode_entity, value)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset '
                f"{_byte_offset(source, start)}"
            )
        stack.append((name, out_len, attrs))
        i = end + 1
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    for e in entities:
        e.pop("_language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _close_html_entity(
    name: str, offset: int, length: int, attrs: dict[str, str], entities: list[Entity]
) -> None:
    if length <= 0:
        return  # Telegram drops empty entities
    entity: Entity = {"offset": offset, "length": length}
    if name == "a":
        href = attrs.get("href", "")
        um = re.fullmatch(r"tg://user\?id=(\d+)", href)
        if um:
            entity.update(type="text_mention", user={"id": int(um.group(1)), "is_bot": False,
                                                     "first_name": ""})
        elif href:
            entity.update(type="text_link", url=href)
        else:
            return
    elif name == "span":
        entity["type"] = "spoiler"
    elif name == "tg-emoji":
        entity.update(type="custom_emoji", custom_emoji_id=attrs.get("emoji-id", ""))
    elif name == "blockquote":
        entity["type"] = "expandable_blockquote" if "expandable" in attrs else "blockquote"
    elif name == "code":
        # <pre><code class="language-x"> sets the language of the enclosing pre entity
        entity["type"] = "code"
        lang = attrs.get("class", "")
        if lang.startswith("language-"):
            entity["_language"] = lang[len("language-") :]
    else:
        entity["type"] = _SIMPLE_HTML[name]
    if entity["type"] == "pre":
        inner = [
            e for e in entities
            if e.get("type") == "code" and e["offset"] == offset and e["length"] == length
        ]
        for code in inner:
            entities.remove(code)
            if "_language" in code:
                entity["language"] = code["_language"]
    entities.append(entity)


_MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")


def parse_markdown_v2(source: str) -> tuple[str, list[Entity]]:
    """Parse MarkdownV2 (bold, italic, underline, strike, spoiler, code, pre, links, quotes)."""
    out: list[str] = []
    out_len = 0
    entities: list[Entity] = []
    stack: list[tuple[str, int, int]] = []  # (marker, output offset, source index)
    names = {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough",
             "||": "spoiler"}
    i = 0
    n = len(source)
    line_start = True
    quote_begin: int | None = None

    def emit(piece: str) -> None:
        nonlocal out_len
        out.append(piece)
        out_len += utf16_len(piece)

    while i < n:
        ch = source[i]
        if line_start and ch == ">":
            if quote_begin is None:
                quote_begin = out_len
            i += 1
            line_start = False
            continue
        if line_start and quote_begin is not None:
            entities.append({"offset": quote_begin, "length": out_len - quote_begin - 1,
                             "type": "blockquote"})
            quote_begin = None
        line_start = False
        if ch == "\\":
            if i + 1 < n and ord(source[i + 1]) <= 126:
                emit(source[i + 1])
                i += 2
                continue
            emit(ch)
            i += 1
            continue
        if ch == "\n":
            emit(ch)
            i += 1
            line_start = True
            continue
        if ch == "`":
            is_pre = source.startswith("```", i)
            marker = "```" if is_pre else "`"
            body_start = i + len(marker)
            end = source.find(marker, body_start)
            while end > 0 and source[end - 1] == "\\":
                end = source.find(marker, end + 1)
            if end < 0:
                kind = "Pre" if is_pre else "Code"
                raise EntityParseError(
                    f"Can't find end of {kind} entity at byte offset {_byte_offset(source, i)}"
                )
            body = source[body_start:end]
            language = ""
            if is_pre and "\n" in body:
                first, rest = body.split("\n", 1)
                if first and " " not in first:
                    language, body = first, rest
            body = re.sub(r"\\([`\\])", r"\1", body)
            entity: Entity = {"offset": out_len, "length": utf16_len(body),
                              "type": "pre" if is_pre else "code"}
            if language:
                entity["language"] = language
            emit(body)
            if entity["length"]:
                entities.append(entity)
            i = end + len(marker)
            continue
        if ch == "[" or (ch == "!" and source.startswith("![", i)):
            stack.append(("[" if ch == "[" else "![", out_len, i))
            i += 1 if ch == "[" else 2
            continue
        if ch == "]" and stack and stack[-1][0] in ("[", "!["):
            marker, begin, src = stack.pop()
            m = re.match(r"\]\(((?:[^)\\]|\\.)*)\)", source[i:])
            if not m:
                raise EntityParseError(
                    f"Can't find end of a URL at byte offset {_byte_offset(source, i)}"
                )
            url = re.sub(r"\\(.)", r"\1", m.group(1))
            if out_len > begin:
                if marker == "![":
                    em = re.search(r"id=(\d+)", url)
                    entities.append({"offset": begin, "length": out_len - begin,
                                     "type": "custom_emoji",
                                     "custom_emoji_id": em.group(1) if em else ""})
                else:
                    um = re.fullmatch(r"tg://user\?id=(\d+)", url)
                    if um:
                        entities.append({"offset": begin, "length": out_len - begin,
                                         "type": "text_mention",
                                         "user": {"id": int(um.group(1)), "is_bot": False,
                                                  "first_name": ""}})
                    else:
                        entities.append({"offset": begin, "length": out_len - begin,
                                         "type": "text_link", "url": url})
            i += m.end()
            continue
        marker = ""
        for cand in ("__", "||", "*", "_", "~"):
            if source.startswith(cand, i):
                marker = cand
                break
        if marker:
            if stack and stack[-1][0] == marker:
                _, begin, _src = stack.pop()
                if out_len > begin:
                    entities.append({"offset": begin, "length": out_len - begin,
                                     "type": names[marker]})
            else:
                stack.append((marker, out_len, i))
            i += len(marker)
            continue
        if ch in _MDV2_RESERVED:
            raise EntityParseError(
                f"Character '{ch}' is reserved and must be escaped with the preceding '\\'"
            )
        emit(ch)
        i += 1
    if quote_begin is not None:
        entities.append({"offset": quote_begin, "length": out_len - quote_begin,
                         "type": "blockquote"})
    if stack:
        marker, _begin, src = stack[-1]
        kind = {"*": "Bold", "_": "Italic", "__": "Underline", "~": "Strikethrough",
                "||": "Spoiler", "[": "TextUrl", "![": "CustomEmoji"}[marker]
        raise EntityParseError(
            f"Can't find end of {kind} entity at byte offset {_byte_offset(source, src)}"
        )
    entities = [e for e in entities if e["length"] > 0]
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def parse_markdown(source: str) -> tuple[str, list[Entity]]:
    """Parse legacy Markdown (*bold*, _italic_, `code`, ```pre```, [text](url))."""
    out: list[str] = []
    out_len = 0
    entities: list[Entity] = []
    i = 0
    n = len(source)
    closers = {"*": "bold", "_": "italic", "`": "code"}
    while i < n:
        ch = source[i]
        if ch == "\\" and i + 1 < n and source[i + 1] in "_*`[":
            out.append(source[i + 1])
            out_len += 1
            i += 2
            continue
        if ch in "*_`[":
            if ch == "`" and source.startswith("```", i):
                end = source.find("```", i + 3)
                marker_len = 3
                kind = "pre"
            elif ch == "[":
                m = re.match(r"\[([^\]]*)\]\(([^)]*)\)", source[i:])
                if not m:
                    raise EntityParseError(
                        "Can't find end of the entity starting at byte offset "
                        f"{_byte_offset(source, i)}"
                    )
                label = m.group(1)
                if label:
                    entities.append({"offset": out_len, "length": utf16_len(label),
                                     "type": "text_link", "url": m.group(2)})
                out.append(label)
                out_len += utf16_len(label)
                i += m.end()
                continue
            else:
                end = source.find(ch, i + 1)
                marker_len = 1
                kind = closers[ch]
            if end < 0:
                raise EntityParseError(
                    "Can't find end of the entity starting at byte offset "
                    f"{_byte_offset(source, i)}"
                )
            body = source[i + marker_len : end]
            entity: Entity = {"offset": out_len, "length": utf16_len(body), "type": kind}
            if kind == "pre" and "\n" in body:
                first, rest = body.split("\n", 1)
                if first and " " not in first:
                    entity["language"] = first
                    body = rest
                    entity["length"] = utf16_len(body)
            if entity["length"]:
                entities.append(entity)
            out.append(body)
            out_len += utf16_len(body)
            i = end + marker_len
            continue
        out.append(ch)
        out_len += utf16_len(ch)
        i += 1
    return "".join(out), entities


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Dispatch on ``parse_mode`` (case-insensitive, like the real API)."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return parse_html(text)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        return parse_markdown(text)
    if mode:
        raise UnsupportedParseMode(parse_mode)
    return text, []
