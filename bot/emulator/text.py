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

from bot.emulator.entities import utf16_len
from bot.emulator.html import parse_html
from bot.emulator.markdown import parse_markdown, parse_markdown_v2
from bot.emulator.models import JSONDict, bad_request

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024

__all__ = [
    "MAX_CAPTION_LENGTH",
    "MAX_TEXT_LENGTH",
    "command_entities",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
    "parse_text",
    "prepare_text",
    "strip_text",
    "utf16_len",
]


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
