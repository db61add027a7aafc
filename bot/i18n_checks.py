"""What a reviewed translation must keep, checked before it is taken back into locales/.

A reviewer edits in Poedit or Weblate, where nothing stops a placeholder from losing a letter, a
Sámi plural from losing its dual, or a button from growing past a phone's width. Each check
returns the problems of one message as short phrases; ``kylabot i18n unpack`` prints one line
per problem and takes nothing back while any is left.

The bot sends plain text (no ``parse_mode``): a tag in a translation would be shown as typed.
A translation must therefore have exactly its source's tags, and where the source has some,
they must be what Telegram's HTML accepts (the emulator's parser, strict where Telegram is).
"""

from __future__ import annotations

import re
from collections import Counter

from babel.messages.catalog import Message

from bot.emulator.html import parse_html
from bot.emulator.models import ApiError
from bot.i18n_review import forms, ids
from bot.i18n_tool import placeholders, placeholders_match

# Written by the developers next to a button's text, extracted as a ``#.`` comment:
# "A button: at most 24 characters on a phone." No such comment: no length check.
BUTTON_LIMIT = re.compile(r"at most (\d+) characters on a phone")
TAG = re.compile(r"</?([A-Za-z][\w-]*)[^<>]*>")


def button_limit(source: Message) -> int | None:
    """The length a button's translation must keep, from the message's extracted comments."""
    found = BUTTON_LIMIT.search(" ".join(source.auto_comments))
    return int(found.group(1)) if found else None


def tags(text: str) -> Counter[str]:
    """The markup tags of ``text``, opening and closing ones apart (``b``, ``/b``)."""
    return Counter(
        ("/" if m.group(0).startswith("</") else "") + m.group(1).lower()
        for m in TAG.finditer(text)
    )


def markup_problem(source: str, translation: str) -> str | None:
    """Why the translation's markup is wrong, if it is."""
    wanted, found = tags(source), tags(translation)
    if wanted != found:
        extra = sorted((found - wanted).elements())
        missing = sorted((wanted - found).elements())
        said = []
        if extra:
            said.append("has " + " ".join(f"<{t}>" for t in extra))
        if missing:
            said.append("lacks " + " ".join(f"<{t}>" for t in missing))
        plain = " (the bot sends plain text: a tag shows as typed)" if not wanted else ""
        return f"markup: {' and '.join(said)} unlike the source{plain}"
    if wanted:
        try:
            parse_html(translation)
        except ApiError as error:
            return f"markup: Telegram would refuse it: {error.description}"
    return None


def problems(source: Message, returned: Message, plurals: int) -> list[str]:
    """What is wrong with ``returned`` (the reviewer's version of ``source``); ``plurals``:
    how many forms the catalog's Plural-Forms header asks for."""
    source_ids = ids(source)
    texts = forms(returned)
    plural = len(source_ids) > 1
    found: list[str] = []
    if plural and len(texts) != plurals:
        found.append(f"plural: {len(texts)} forms, the catalog's Plural-Forms asks for {plurals}")
    if not plural and len(texts) != 1:
        found.append("plural: forms given for a message without plural")
    if any(not text.strip() for text in texts):
        found.append("the translation is empty")
    for text in texts:
        if text.strip() and not placeholders_match(source_ids[-1], text, plural):
            want = " ".join(dict.fromkeys(placeholders(source_ids[-1]))) or "none"
            have = " ".join(dict.fromkeys(placeholders(text))) or "none"
            found.append(f"placeholders: the source has {want}, the translation {have}")
        problem = markup_problem(source_ids[0], text)
        if problem:
            found.append(problem)
    limit = button_limit(source)
    if limit is not None:
        for text in texts:
            if len(text) > limit:
                found.append(
                    f"button: {len(text)} characters, at most {limit} fit on a phone: {text!r}"
                )
    return list(dict.fromkeys(found))
