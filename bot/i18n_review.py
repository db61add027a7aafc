"""Per-message review marks: who confirmed a translation, when, and of which text (issue 18).

A catalog-wide ``X-Native-Review`` header could not say that a reviewer fixed twenty messages of
five hundred. A reviewed message carries a translator comment instead::

    # reviewed: Ánne Guttorm 2026-12-03 text:3f9a1c2e
    msgid "Cancelled. Nothing was changed."

The last field is a short hash of the message as it was reviewed (context, msgid, plural msgid
and every translated form). When either side changes later, the hash no longer matches: status
counts the message as unreviewed, and ``kylabot i18n update`` drops the stale mark. Babel keeps
translator comments through updates, and Poedit and Weblate show (and keep) them.

A catalog whose header says ``X-Native-Review: complete`` counts as reviewed throughout: the
sign-off of a whole catalog from before per-message marks.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from babel.messages.catalog import Catalog, Message

from bot.i18n import is_draft

__all__ = ["is_draft"]  # the picker's rule, kept with the catalogs that the bot reads
REVIEWED = "reviewed:"
UNREVIEWED = "unreviewed:"
MARK = re.compile(
    r"^reviewed: (?P<name>.+) (?P<date>\d{4}-\d{2}-\d{2}) text:(?P<hash>[0-9a-f]{8})$"
)
# A mark must fit on one comment line: Babel wraps comments at the catalog width (100).
NAME_LIMIT = 40


class BadReviewer(ValueError):
    """A reviewer name that cannot be written into a mark."""


def check_name(name: str) -> str:
    """The reviewer's name as it goes into marks; refuses what would break a comment line."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise BadReviewer("the reviewer's name is empty")
    if len(cleaned) > NAME_LIMIT:
        raise BadReviewer(f"the reviewer's name is over {NAME_LIMIT} characters: {cleaned!r}")
    if not cleaned.isprintable():
        raise BadReviewer(f"the reviewer's name has control characters: {cleaned!r}")
    return cleaned


def forms(message: Message) -> tuple[str, ...]:
    """Every translated form of ``message`` (one for a message without plural)."""
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    return tuple(str(s or "") for s in strings)


def ids(message: Message) -> tuple[str, ...]:
    """The msgid and, for a plural message, the plural msgid."""
    return tuple(message.id) if isinstance(message.id, (tuple, list)) else (str(message.id),)


def text_hash(message: Message) -> str:
    """Eight hex digits of the message as it reads now, source and translation."""
    parts = [message.context or "", *ids(message), "\x01", *forms(message)]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class ReviewMark:
    name: str
    day: date
    hash: str


def marks(message: Message) -> list[ReviewMark]:
    """The ``# reviewed:`` marks of ``message``, valid or not."""
    found = []
    for comment in message.user_comments:
        match = MARK.match(comment.strip())
        if match is not None:
            day = date.fromisoformat(match["date"])
            found.append(ReviewMark(match["name"], day, match["hash"]))
    return found


def is_reviewed(message: Message) -> bool:
    """Whether a mark confirms the message as it reads now."""
    current = text_hash(message)
    return any(mark.hash == current for mark in marks(message))


def review_comment(name: str, day: date, message: Message) -> str:
    """The translator comment that marks ``message`` (as it reads now) reviewed."""
    return f"{REVIEWED} {check_name(name)} {day.isoformat()} text:{text_hash(message)}"


def mark_reviewed(message: Message, name: str, day: date) -> None:
    """Marks ``message`` reviewed by ``name``: earlier marks and ``# unreviewed:`` reasons go."""
    kept = [c for c in message.user_comments if not _review_comment(c)]
    message.user_comments = [*kept, review_comment(name, day, message)]


def mark_unreviewed(message: Message, reason: str) -> None:
    """Drops any review mark and adds ``# unreviewed: reason`` (once)."""
    line = f"{UNREVIEWED} {reason}"
    kept = [c for c in message.user_comments if not c.startswith(REVIEWED)]
    message.user_comments = kept if line in kept else [*kept, line]


def drop_stale(catalog: Catalog) -> int:
    """Removes review marks whose text changed since; returns how many went."""
    dropped = 0
    for message in catalog:
        if not message.id:
            continue
        current = text_hash(message)
        kept = [
            c
            for c in message.user_comments
            if not ((m := MARK.match(c.strip())) is not None and m["hash"] != current)
        ]
        dropped += len(message.user_comments) - len(kept)
        message.user_comments = kept
    return dropped


def _review_comment(comment: str) -> bool:
    return comment.startswith(REVIEWED) or comment.startswith(UNREVIEWED)


@dataclass(frozen=True)
class ReviewCount:
    """How many messages of one catalog a native reviewer has confirmed as they read now."""

    language: str
    domain: str
    total: int
    reviewed: int
    marked: int  # carrying a ``# unreviewed:`` reason

    @property
    def unreviewed(self) -> int:
        return self.total - self.reviewed


def count(catalog: Catalog, language: str, domain: str, signed_off: bool) -> ReviewCount:
    """The review figures of one catalog; ``signed_off``: its header says ``complete``."""
    messages = [m for m in catalog if m.id]
    reviewed = len(messages) if signed_off else sum(is_reviewed(m) for m in messages)
    marked = sum(any(c.startswith(UNREVIEWED) for c in m.user_comments) for m in messages)
    return ReviewCount(language, domain, len(messages), reviewed, marked)


def header_value(reviewed: int, total: int) -> str:
    """The compiled catalog's ``X-Reviewed`` header: ``reviewed/total``."""
    return f"{reviewed}/{total}"
