"""``kylabot i18n unpack DIR``: a reviewer's catalogs taken back into locales/, all or nothing.

What the reviewer did is read against the pack's manifest (what each message was when packed):

- a changed translation is taken and recorded as reviewed by the reviewer today (if they left
  it flagged "needs work", it is taken but stays unreviewed, with a note saying so);
- a message packed as unreviewed (fuzzy) that comes back without the flag, or without its
  ``# unreviewed:`` note, is confirmed: recorded as reviewed, the note removed;
- a message packed as reviewed that comes back flagged loses its mark and gets a note.

Everything is checked first (``bot.i18n_checks``, and that each message still exists and was
not changed in locales/ meanwhile); any problem is printed as one line and nothing is written.
A message that several catalogs share (a "Cancel" button) takes the decision everywhere: one
key must mean one thing in every domain.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message

from bot import i18n_checks
from bot.i18n import DOMAINS, LANGUAGES, LOCALES_DIR
from bot.i18n_pack import MANIFEST, PackError, key_text, message_key, po_name
from bot.i18n_review import (
    UNREVIEWED,
    BadReviewer,
    check_name,
    forms,
    mark_reviewed,
    mark_unreviewed,
)
from bot.i18n_tool import compile_all, po_path, read_catalog, write_catalog

# Headers a tool writes when nobody set a name: no reviewer.
NO_NAME = re.compile(r"^(FULL NAME|kylabot team)", re.IGNORECASE)
REVIEWED, TAKEN, FLAGGED = "reviewed", "taken", "flagged"


class Refused(Exception):
    """The pack cannot be taken back; ``lines`` says why, one problem a line."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass(frozen=True)
class Decision:
    action: str  # REVIEWED, TAKEN or FLAGGED
    strings: tuple[str, ...] | None  # the new translation; None: unchanged
    domain: str  # where it was decided (for a clash between two files)


@dataclass(frozen=True)
class Unpacked:
    language: str
    reviewer: str
    day: date
    counts: dict[str, dict[str, int]]  # domain -> action -> messages


def unpack(
    folder: Path, *, reviewer: str | None, today: date, locales: Path = LOCALES_DIR
) -> Unpacked:
    """Takes the pack in ``folder`` back into ``locales``; raises ``Refused`` and writes
    nothing if anything is wrong."""
    manifest = _manifest(folder)
    language = str(manifest["language"])
    if language not in LANGUAGES:
        raise PackError(f"{folder / MANIFEST} names an unknown language {language!r}")
    packed: dict[str, dict[str, Any]] = manifest["messages"]
    refusals: list[str] = []
    returned: dict[str, Catalog] = {}
    for domain in manifest["domains"]:
        path = folder / po_name(domain, language)
        if not path.is_file():
            refusals.append(f"{path.name}: missing; put the reviewer's file back in {folder}")
            continue
        try:
            returned[domain] = read_catalog(path, language)
        except Exception as error:  # Babel's parser: any syntax it cannot read
            refusals.append(f"{path.name}: cannot be read as a .po file: {error}")
    name = _reviewer(reviewer, returned.values(), refusals)
    current = {d: read_catalog(po_path(language, d, locales), language) for d in DOMAINS}
    decisions: dict[tuple[str | None, str], Decision] = {}
    for domain, catalog in returned.items():
        for message in catalog:
            if message.id:
                _decide(
                    language, domain, message, current[domain], packed[domain], decisions, refusals
                )
    if refusals:
        raise Refused(refusals)
    counts: dict[str, dict[str, int]] = {}
    for domain, catalog in current.items():
        done = _apply(catalog, decisions, name, today)
        if done:
            counts[domain] = done
            write_catalog(po_path(language, domain, locales), catalog, language)
    if counts:
        compile_all(locales, (language,))
    return Unpacked(language, name, today, counts)


def _manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise PackError(f"{folder} has no {MANIFEST}: give the folder `kylabot i18n pack` made")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _reviewer(given: str | None, catalogs: Any, refusals: list[str]) -> str:
    """The reviewer's name: given, else the files' Last-Translator (Poedit fills it in)."""
    names = [given] if given else []
    for catalog in catalogs:
        written = re.sub(r"\s*<[^>]*>\s*$", "", catalog.last_translator or "").strip()
        if written and not NO_NAME.match(written):
            names.append(written)
    if not names:
        refusals.append("who reviewed? Give --reviewer NAME (the files name no Last-Translator)")
        return ""
    try:
        return check_name(names[0])
    except BadReviewer as error:
        refusals.append(str(error))
        return ""


def _decide(
    language: str,
    domain: str,
    message: Message,
    catalog: Catalog,
    packed: dict[str, Any],
    decisions: dict[tuple[str | None, str], Decision],
    refusals: list[str],
) -> None:
    """What the reviewer did to ``message``, or the problems that stop the unpack."""
    key = message_key(message)
    where = f"{language}/{domain}: {_short(key[1])!r}"
    source = catalog.get(message.id, message.context)
    if source is None:
        refusals.append(f"{where}: not in the catalog (the English text is changed in the code)")
        return
    entry = packed.get(key_text(key), {"strings": list(forms(source)), "fuzzy": False})
    before = tuple(entry["strings"])
    after = forms(message)
    gone_note = entry.get("unreviewed") and not any(
        c.startswith(UNREVIEWED) for c in message.user_comments
    )
    if after != before:
        found = i18n_checks.problems(source, message, catalog.num_plurals)
        refusals += [f"{where}: {problem}" for problem in found]
        decision = Decision(TAKEN if message.fuzzy else REVIEWED, after, domain)
    elif message.fuzzy and not entry["fuzzy"]:
        decision = Decision(FLAGGED, None, domain)
    elif (entry["fuzzy"] and not message.fuzzy) or gone_note:
        decision = Decision(REVIEWED, None, domain)
    else:
        return
    if decision.action != FLAGGED and forms(source) != before:
        refusals.append(f"{where}: changed in locales/ since the pack was made; make a new pack")
    earlier = decisions.setdefault(key, decision)
    if earlier.strings != decision.strings:
        refusals.append(f"{where}: translated differently in {earlier.domain} and {domain}")


def _apply(
    catalog: Catalog, decisions: dict[tuple[str | None, str], Decision], name: str, day: date
) -> dict[str, int]:
    counts: dict[str, int] = {}
    for message in catalog:
        decision = decisions.get(message_key(message)) if message.id else None
        if decision is None:
            continue
        if decision.strings is not None:
            strings = decision.strings
            message.string = strings if isinstance(message.id, (tuple, list)) else strings[0]
        message.flags.discard("fuzzy")
        if decision.action == REVIEWED:
            mark_reviewed(message, name, day)
        elif decision.action == TAKEN:
            mark_unreviewed(message, f"{name} changed it, left it needing work ({day})")
        else:
            mark_unreviewed(message, f"{name} asked for another look ({day})")
        counts[decision.action] = counts.get(decision.action, 0) + 1
    return counts


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
