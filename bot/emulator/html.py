"""Telegram's HTML parse_mode, strict where Telegram is (``<br>``, unknown tags, bad entities)."""

from __future__ import annotations

import re

from bot.emulator.entities import EntityBuilder, byte_offset, entity_error
from bot.emulator.models import JSONDict

_HTML_SIMPLE = {
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
    "a": "text_link",
    "span": "spoiler",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ATTR_RE = re.compile(r"""([a-zA-Z-]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


def _decode_html_entity(src: str, i: int) -> tuple[str, int]:
    """Decode ``&...;`` at ``src[i]``; unknown ones stay literal like Telegram does."""
    end = src.find(";", i + 1, i + 12)
    if end < 0:
        return "&", i + 1
    name = src[i + 1 : end]
    if name in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[name], end + 1
    if name.startswith("#"):
        try:
            code = int(name[2:], 16) if name[1:2] in ("x", "X") else int(name[1:])
            return chr(code), end + 1
        except (ValueError, OverflowError):
            return "&", i + 1
    return "&", i + 1


def parse_html(src: str) -> tuple[str, list[JSONDict]]:
    """Parse Telegram-flavoured HTML into plain text and entities."""
    out = EntityBuilder()
    stack: list[tuple[str, int, JSONDict]] = []
    i = 0
    n = len(src)
    while i < n:
        lt = src.find("<", i)
        amp = src.find("&", i)
        nxt = min(x for x in (lt, amp, n) if x >= 0)
        if nxt > i:
            out.add(src[i:nxt])
            i = nxt
            continue
        if src[i] == "&":
            chunk, i = _decode_html_entity(src, i)
            out.add(chunk)
            continue
        end = src.find(">", i)
        if end < 0:
            raise entity_error(f"Unclosed start tag at byte offset {byte_offset(src, i)}")
        inner = src[i + 1 : end]
        if inner.startswith("/"):
            _close_html_tag(src, i, inner[1:].strip().lower(), stack, out)
        else:
            stack.append(_open_html_tag(src, i, inner, stack, out.pos))
        i = end + 1
    if stack:
        raise entity_error(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.result()


def _open_html_tag(
    src: str, i: int, inner: str, stack: list[tuple[str, int, JSONDict]], pos: int
) -> tuple[str, int, JSONDict]:
    name, _, rest = inner.rstrip("/").strip().partition(" ")
    name = name.lower()
    if name not in _HTML_SIMPLE:
        raise entity_error(f'Unsupported start tag "{name}" at byte offset {byte_offset(src, i)}')
    attrs = {
        m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
        for m in _ATTR_RE.finditer(rest)
    }
    extra: JSONDict = {"_kind": _HTML_SIMPLE[name]}
    if name == "a":
        href = attrs.get("href", "")
        if href:
            extra["url"] = href
        else:
            extra["_kind"] = None
    elif name == "span" and attrs.get("class") != "tg-spoiler":
        raise entity_error(f'Unsupported start tag "span" at byte offset {byte_offset(src, i)}')
    elif name == "tg-emoji":
        extra["custom_emoji_id"] = attrs.get("emoji-id", "")
    elif name == "blockquote" and "expandable" in attrs:
        extra["_kind"] = "expandable_blockquote"
    elif name == "code" and stack and stack[-1][0] == "pre":
        # <pre><code class="language-x"> is one pre entity carrying a language.
        extra["_kind"] = None
        cls = attrs.get("class", "")
        if cls.startswith("language-"):
            stack[-1][2]["language"] = cls[len("language-") :]
    return name, pos, extra


def _close_html_tag(
    src: str, i: int, name: str, stack: list[tuple[str, int, JSONDict]], out: EntityBuilder
) -> None:
    if not stack:
        raise entity_error(f"Unexpected end tag at byte offset {byte_offset(src, i)}")
    tag, start, extra = stack.pop()
    if name != tag:
        raise entity_error(
            f'Unmatched end tag at byte offset {byte_offset(src, i)}, expected "</{tag}>", '
            f'found "</{name}>"'
        )
    kind = extra.pop("_kind")
    if kind is not None:
        out.entity(kind, start, **extra)
