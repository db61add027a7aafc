"""Telegram's MarkdownV2 and legacy Markdown parse modes, with their error messages for the
mistakes bots make (an unescaped ``.`` or ``-`` in MarkdownV2, an unclosed ``*``)."""

from __future__ import annotations

from bot.emulator.entities import EntityBuilder, byte_offset, entity_error
from bot.emulator.models import JSONDict

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
    out = EntityBuilder()
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
            raise entity_error("Character '\\' is reserved and must be escaped")
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
                    raise entity_error(
                        f"Can't find end of Pre entity at byte offset {byte_offset(src, i)}"
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
                raise entity_error(
                    f"Can't find end of Code entity at byte offset {byte_offset(src, i)}"
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
                raise entity_error(
                    f"Character ']' is reserved and must be escaped with the preceding '\\'"
                    f" at byte offset {byte_offset(src, i)}"
                )
            got = _read_until(src, i + 2, ")", escapes=True)
            if got is None:
                raise entity_error(
                    f"Can't find end of a URL at byte offset {byte_offset(src, i + 1)}"
                )
            url, i = got
            if src.startswith("![", opened):
                out.entity("custom_emoji", start, custom_emoji_id=url.rpartition("=")[2])
            else:
                out.entity("text_link", start, url=url)
            continue
        if c in _MDV2_RESERVED:
            raise entity_error(
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
        raise entity_error(
            f"Can't find end of a URL at byte offset {byte_offset(src, link_stack[-1][1])}"
        )
    if stack:
        kind, _, opened = stack[-1]
        raise entity_error(
            f"Can't find end of {_MDV2_NAMES[kind]} entity at byte offset "
            f"{byte_offset(src, opened)}"
        )
    return out.result()


# ------------------------------------------------------------------------ legacy Markdown

_MD_PAIRS = {"*": "bold", "_": "italic"}


def parse_markdown(src: str) -> tuple[str, list[JSONDict]]:
    """Parse legacy Markdown: ``*bold*``, ``_italic_``, ``` `code` ```, pre and links."""
    out = EntityBuilder()
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
                    raise entity_error(
                        "Can't find end of the entity starting at byte offset "
                        f"{byte_offset(src, i)}"
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
                    raise entity_error(
                        "Can't find end of the entity starting at byte offset "
                        f"{byte_offset(src, i)}"
                    )
                start = out.pos
                out.add(src[i + 1 : close])
                out.entity("text_link", start, url=src[close + 2 : end])
                i = end + 1
                continue
            end = src.find(c, i + 1)
            if end < 0:
                raise entity_error(
                    f"Can't find end of the entity starting at byte offset {byte_offset(src, i)}"
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
