"""Message text as Telegram sees it: parse_mode parsing, UTF-16 offsets and limits.

Telegram measures lengths and entity offsets in UTF-16 code units *after* removing markup,
so a bot that only counts Python characters (or counts HTML tags) gets surprised by
"message is too long" in production. The parsers here are small re-implementations of
Telegram's HTML, MarkdownV2 and legacy Markdown rules, including their error messages for
the mistakes bots actually make (unescaped ``.`` in MarkdownV2, ``<br>`` in HTML, ...).
They are not byte-for-byte Telegram, but strict in the same places.
"""

from __future__ import annotations

import re
from typing import Any

from bot.emulator.models import ApiError, JSONDict, bad_request

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units (astral characters such as most emoji count twice)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _entity_error(reason: str) -> ApiError:
    return bad_request(f"can't parse entities: {reason}")


def _byte_offset(src: str, index: int) -> int:
    return len(src[:index].encode("utf-8"))


class _Builder:
    """Accumulates plain text and entities while a parser walks the source."""

    __slots__ = ("entities", "parts", "pos")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.entities: list[JSONDict] = []

    def add(self, chunk: str) -> None:
        if chunk:
            self.parts.append(chunk)
            self.pos += utf16_len(chunk)

    def entity(self, kind: str, start: int, **extra: Any) -> None:
        length = self.pos - start
        if length > 0:
            entity: JSONDict = {"type": kind, "offset": start, "length": length}
            entity.update(extra)
            self.entities.append(entity)

    def result(self) -> tuple[str, list[JSONDict]]:
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), self.entities


# ---------------------------------------------------------------------------------- HTML

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
    out = _Builder()
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
            raise _entity_error(f"Unclosed start tag at byte offset {_byte_offset(src, i)}")
        inner = src[i + 1 : end]
        if inner.startswith("/"):
            _close_html_tag(src, i, inner[1:].strip().lower(), stack, out)
        else:
            stack.append(_open_html_tag(src, i, inner, stack, out.pos))
        i = end + 1
    if stack:
        raise _entity_error(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.result()


def _open_html_tag(
    src: str, i: int, inner: str, stack: list[tuple[str, int, JSONDict]], pos: int
) -> tuple[str, int, JSONDict]:
    name, _, rest = inner.rstrip("/").strip().partition(" ")
    name = name.lower()
    if name not in _HTML_SIMPLE:
        raise _entity_error(f'Unsupported start tag "{name}" at byte offset {_byte_offset(src, i)}')
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
        raise _entity_error(f'Unsupported start tag "span" at byte offset {_byte_offset(src, i)}')
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
    src: str, i: int, name: str, stack: list[tuple[str, int, JSONDict]], out: _Builder
) -> None:
    if not stack:
        raise _entity_error(f"Unexpected end tag at byte offset {_byte_offset(src, i)}")
    tag, start, extra = stack.pop()
    if name != tag:
        raise _entity_error(
            f'Unmatched end tag at byte offset {_byte_offset(src, i)}, expected "</{tag}>", '
            f'found "</{name}>"'
        )
    kind = extra.pop("_kind")
    if kind is not None:
        out.entity(kind, start, **extra)


# ----------------------------------------------------------------------------- MarkdownV2

_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MDV2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
}


def _read_until(src: str, i: int, closing: str, escapes: bool) -> tuple[str, int] | None:
    """Read ``src[i:]`` up to an unescaped ``closing``; return (content, index after it)."""
    parts: list[str] = []
    n = len(src)
    while i < n:
        if escapes and src[i] == "\\" and i + 1 < n:
            parts.append(src[i + 1])
            i += 2
            continue
        if src.startswith(closing, i):
            return "".join(parts), i + len(closing)
        parts.append(src[i])
        i += 1
    return None


def parse_markdown_v2(src: str) -> tuple[str, list[JSONDict]]:
    """Parse MarkdownV2, insisting on escapes for reserved characters as Telegram does."""
    out = _Builder()
    stack: list[tuple[str, int, int]] = []  # (kind, utf16 start, source index)
    link_stack: list[tuple[int, int]] = []
    quote_start: int | None = None
    i = 0
    n = len(src)
    line_start = True
    while i < n:
        c = src[i]
        if line_start:
            line_start = False
            if c == ">":
                if quote_start is None:
                    quote_start = out.pos
                i += 1
                continue
            if quote_start is not None:
                out.entity("blockquote", quote_start)
                quote_start = None
        if c == "\\":
            if i + 1 < n:
                out.add(src[i + 1])
                i += 2
                continue
            raise _entity_error("Character '\\' is reserved and must be escaped")
        if c == "\n":
            if quote_start is not None and not src.startswith(">", i + 1):
                # The quote ends at the end of the line; the newline is not quoted.
                out.entity("blockquote", quote_start)
                quote_start = None
            out.add(c)
            line_start = True
            i += 1
            continue
        if c == "`":
            if src.startswith("```", i):
                got = _read_until(src, i + 3, "```", escapes=True)
                if got is None:
                    raise _entity_error(
                        f"Can't find end of Pre entity at byte offset {_byte_offset(src, i)}"
                    )
                body, i = got
                language = ""
                first, sep, remainder = body.partition("\n")
                if sep and first and " " not in first:
                    language, body = first, remainder
                elif sep and not first:
                    body = remainder
                start = out.pos
                out.add(body)
                if language:
                    out.entity("pre", start, language=language)
                else:
                    out.entity("pre", start)
                continue
            got = _read_until(src, i + 1, "`", escapes=True)
            if got is None:
                raise _entity_error(
                    f"Can't find end of Code entity at byte offset {_byte_offset(src, i)}"
                )
            body, i = got
            start = out.pos
            out.add(body)
            out.entity("code", start)
            continue
        kind: str | None = None
        width = 1
        if c == "*":
            kind = "bold"
        elif c == "_":
            if src.startswith("__", i):
                kind, width = "underline", 2
            else:
                kind = "italic"
        elif c == "~":
            kind = "strikethrough"
        elif c == "|" and src.startswith("||", i):
            kind, width = "spoiler", 2
        if kind is not None:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == kind:
                    _, start, _ = stack.pop(depth)
                    out.entity(kind, start)
                    break
            else:
                stack.append((kind, out.pos, i))
            i += width
            continue
        if c == "[":
            link_stack.append((out.pos, i))
            i += 1
            continue
        if c == "!" and src.startswith("![", i):
            link_stack.append((out.pos, i))
            i += 2
            continue
        if c == "]" and link_stack:
            start, opened = link_stack.pop()
            if not src.startswith("(", i + 1):
                raise _entity_error(
                    f"Character ']' is reserved and must be escaped with the preceding '\\'"
                    f" at byte offset {_byte_offset(src, i)}"
                )
            got = _read_until(src, i + 2, ")", escapes=True)
            if got is None:
                raise _entity_error(
                    f"Can't find end of a URL at byte offset {_byte_offset(src, i + 1)}"
                )
            url, i = got
            if src.startswith("![", opened):
                out.entity("custom_emoji", start, custom_emoji_id=url.rpartition("=")[2])
            else:
                out.entity("text_link", start, url=url)
            continue
        if c in _MDV2_RESERVED:
            raise _entity_error(
                f"Character '{c}' is reserved and must be escaped with the preceding '\\'"
            )
        j = i + 1
        while j < n and src[j] not in _MDV2_RESERVED and src[j] not in "\\\n":
            j += 1
        out.add(src[i:j])
        i = j
    if quote_start is not None:
        out.entity("blockquote", quote_start)
    if link_stack:
        raise _entity_error(
            f"Can't find end of a URL at byte offset {_byte_offset(src, link_stack[-1][1])}"
        )
    if stack:
        kind, _, opened = stack[-1]
        raise _entity_error(
            f"Can't find end of {_MDV2_NAMES[kind]} entity at byte offset "
            f"{_byte_offset(src, opened)}"
        )
    return out.result()


# ------------------------------------------------------------------------ legacy Markdown

_MD_PAIRS = {"*": "bold", "_": "italic"}


def parse_markdown(src: str) -> tuple[str, list[JSONDict]]:
    """Parse legacy Markdown: ``*bold*``, ``_italic_``, ``` `code` ```, pre and links."""
    out = _Builder()
    i = 0
    n = len(src)
    while i < n:
        c = src[i]
        if c == "\\" and i + 1 < n and src[i + 1] in "_*`[":
            out.add(src[i + 1])
            i += 2
            continue
        if c in _MD_PAIRS or c == "`" or c == "[":
            if c == "`" and src.startswith("```", i):
                end = src.find("```", i + 3)
                if end < 0:
                    raise _entity_error(
                        "Can't find end of the entity starting at byte offset "
                        f"{_byte_offset(src, i)}"
                    )
                body = src[i + 3 : end]
                first, sep, remainder = body.partition("\n")
                language = ""
                if sep and first and " " not in first:
                    language, body = first, remainder
                start = out.pos
                out.add(body)
                if language:
                    out.entity("pre", start, language=language)
                else:
                    out.entity("pre", start)
                i = end + 3
                continue
            if c == "[":
                close = src.find("](", i + 1)
                end = src.find(")", close + 2) if close >= 0 else -1
                if close < 0 or end < 0:
                    raise _entity_error(
                        "Can't find end of the entity starting at byte offset "
                        f"{_byte_offset(src, i)}"
                    )
                start = out.pos
                out.add(src[i + 1 : close])
                out.entity("text_link", start, url=src[close + 2 : end])
                i = end + 1
                continue
            end = src.find(c, i + 1)
            if end < 0:
                raise _entity_error(
                    f"Can't find end of the entity starting at byte offset {_byte_offset(src, i)}"
                )
            start = out.pos
            out.add(src[i + 1 : end])
            out.entity("code" if c == "`" else _MD_PAIRS[c], start)
            i = end + 1
            continue
        j = i + 1
        while j < n and src[j] not in "\\*_`[":
            j += 1
        out.add(src[i:j])
        i = j
    return out.result()


# ------------------------------------------------------------------------------- helpers


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[JSONDict]]:
    """Apply ``parse_mode`` (case-insensitive, like Telegram) to ``text``."""
    mode = (parse_mode or "").lower()
    if not mode:
        return text, []
    if mode == "html":
        if "<" not in text and "&" not in text:
            return text, []
        return parse_html(text)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        return parse_markdown(text)
    raise bad_request(f"unsupported parse_mode {parse_mode!r}")


def strip_text(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Trim surrounding whitespace as Telegram does, keeping entity offsets consistent."""
    stripped = text.strip()
    if len(stripped) == len(text):
        return text, entities
    if not entities:
        return stripped, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    limit = utf16_len(stripped)
    fixed: list[JSONDict] = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, limit)
        if end > start:
            moved = dict(entity)
            moved["offset"] = start
            moved["length"] = end - start
            fixed.append(moved)
    return stripped, fixed


_COMMAND_RE = re.compile(r"(?<![^\s])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")


def command_entities(text: str) -> list[JSONDict]:
    """``bot_command`` entities for every ``/command`` at a word start, as clients produce."""
    if "/" not in text:
        return []
    found: list[JSONDict] = []
    for match in _COMMAND_RE.finditer(text):
        found.append(
            {
                "type": "bot_command",
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group(0)),
            }
        )
    return found


def prepare_text(
    text: str | None,
    parse_mode: str | None,
    entities: list[JSONDict] | None,
    *,
    caption: bool = False,
) -> tuple[str, list[JSONDict]]:
    """Validate and normalise a message text or caption; raise the errors Telegram raises."""
    raw = "" if text is None else str(text)
    if entities is not None:
        plain, found = raw, list(entities)
    else:
        plain, found = parse_text(raw, parse_mode)
    plain, found = strip_text(plain, found)
    if caption:
        if utf16_len(plain) > MAX_CAPTION_LENGTH:
            raise bad_request("message caption is too long")
        return plain, found
    if not plain:
        raise bad_request("message text is empty")
    if utf16_len(plain) > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")
    return plain, found
