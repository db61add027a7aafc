"""``kylabot i18n pack LANG --out DIR``: what a native reviewer needs, in one folder.

- ``<domain>-<lang>.po``, one per catalog: English source, the translation, the developers'
  notes (``#.``), the Finnish text beside it (``#. Finnish: ...``: Sámi reviewers in Finland
  read Finnish, and Poedit and Weblate both show extracted comments next to the message, while
  neither shows a second reference language from a single uploaded file) and the pages where it
  is shown. Every message no reviewer has confirmed yet is flagged fuzzy: Poedit lists it as
  "Needs work", Weblate as "Needs editing", so the reviewer goes through exactly those.
- ``pages/``: each conversation flow played through the emulator in the language
  (``bot.walkthrough``), as phones show it (``bot.i18n_pages``).
- ``pack.json``: what every message was when packed, so that ``unpack`` can tell what the
  reviewer changed or confirmed; ``README.txt``: how to review and give the folder back.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po

from bot.i18n import DOMAINS, ENDONYMS, LANGUAGES, LOCALES_DIR
from bot.i18n_match import MessageIndex, MessageKey
from bot.i18n_pack_readme import README
from bot.i18n_pages import render_index, render_page
from bot.i18n_review import UNREVIEWED, forms, ids, is_reviewed
from bot.i18n_tool import po_path, read_catalog, review_state
from bot.walkthrough import Played, Walkthrough
from bot.walkthrough_run import play_all

MANIFEST = "pack.json"
PAGES = "pages"
FINNISH = "Finnish: "
SHOWN_ON = "Shown on: "


class PackError(ValueError):
    """A pack that cannot be made or read; one line for the operator."""


@dataclass(frozen=True)
class Packed:
    folder: Path
    files: tuple[str, ...]
    pages: tuple[str, ...]
    to_review: int
    total: int


def key_text(key: MessageKey) -> str:
    """A message's key as the manifest writes it (gettext's own ``context\\x04msgid``)."""
    context, msgid = key
    return f"{context}\x04{msgid}" if context else msgid


def message_key(message: Message) -> MessageKey:
    return (message.context, ids(message)[0])


def po_name(domain: str, language: str) -> str:
    return f"{domain}-{language}.po"


async def pack(
    language: str,
    out: Path,
    domain: str | None = None,
    *,
    locales: Path = LOCALES_DIR,
    walkthroughs: Sequence[Walkthrough] | None = None,
    today: date,
) -> Packed:
    """Writes the pack of ``language`` (one ``domain``, or all) into the empty folder ``out``;
    ``walkthroughs``: the pages to make (default: every flow's)."""
    check(language, domain, out)
    played = await play_all(language, walkthroughs)
    return write_pack(language, out, (domain,) if domain else DOMAINS, played, locales, today)


def check(language: str, domain: str | None, out: Path) -> None:
    """Refuses, before anything is played or written, what cannot make a pack."""
    if language not in LANGUAGES:
        raise PackError(f"unknown language {language!r}; one of: {', '.join(LANGUAGES)}")
    if domain is not None and domain not in DOMAINS:
        raise PackError(f"unknown catalog {domain!r}; one of: {', '.join(DOMAINS)}")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise PackError(f"{out} is not an empty folder: choose a new one for the pack")


def write_pack(
    language: str,
    out: Path,
    domains: Sequence[str],
    played: Sequence[Played],
    locales: Path,
    today: date,
) -> Packed:
    """Writes the pages of ``played``, the catalogs, the manifest and the README."""
    index = MessageIndex.of(language, locales)
    shown = write_pages(language, out / PAGES, index, played)
    packed: dict[str, dict[str, dict[str, object]]] = {}
    files, to_review, total = [], 0, 0
    for name in domains:
        catalog = read_catalog(po_path(language, name, locales), language)
        finnish = read_catalog(po_path("fi", name, locales), "fi")
        signed_off = review_state(po_path(language, name, locales)) == "complete"
        entries: dict[str, dict[str, object]] = {}
        for message in catalog:
            if not message.id:
                continue
            key = message_key(message)
            fuzzy = not (signed_off or is_reviewed(message))
            message.flags.discard("fuzzy")
            if fuzzy:
                message.flags.add("fuzzy")
            pages = ", ".join(f"{PAGES}/{page}.html" for page in shown.get(key, ()))
            message.auto_comments = [
                *message.auto_comments,
                *_finnish(language, finnish.get(message.id, message.context)),
                *([SHOWN_ON + pages] if pages else []),
            ]
            entries[key_text(key)] = {
                "strings": list(forms(message)),
                "fuzzy": fuzzy,
                "unreviewed": any(c.startswith(UNREVIEWED) for c in message.user_comments),
            }
            to_review += fuzzy
            total += 1
        packed[name] = entries
        files.append(po_name(name, language))
        _write_po(out / files[-1], catalog)
    manifest = {
        "language": language,
        "domains": list(domains),
        "made": today.isoformat(),
        "messages": packed,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    (out / "README.txt").write_text(_readme(language, files), encoding="utf-8")
    pages_made = tuple(sorted(p.name for p in (out / PAGES).iterdir()))
    return Packed(out, tuple(files), pages_made, to_review, total)


def write_pages(
    language: str, folder: Path, index: MessageIndex, played: Sequence[Played]
) -> dict[MessageKey, list[str]]:
    """Writes the pages of the walkthroughs played; which pages show each message."""
    folder.mkdir(parents=True)
    titles = [(p.walkthrough.name, p.walkthrough.title) for p in played]
    shown: dict[MessageKey, list[str]] = {}
    for one in played:
        page = render_page(one, index, titles)
        (folder / f"{page.name}.html").write_text(page.html, encoding="utf-8")
        for key in page.keys:
            shown.setdefault(key, []).append(page.name)
    about = [(p.walkthrough.name, p.walkthrough.title, p.walkthrough.about) for p in played]
    (folder / "index.html").write_text(render_index(language, about), encoding="utf-8")
    return shown


def _finnish(language: str, message: Message | None) -> list[str]:
    """The Finnish text as a note (one line: a newline in a comment would break the file)."""
    if language == "fi" or message is None:
        return []
    texts = [t for t in forms(message) if t]
    return [FINNISH + " | ".join(t.replace("\n", " ¶ ") for t in texts)] if texts else []


def _write_po(path: Path, catalog: Catalog) -> None:
    buffer = BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, ignore_obsolete=True)
    path.write_bytes(buffer.getvalue())


def _readme(language: str, files: list[str]) -> str:
    return README.format(
        language=f"{ENDONYMS[language]} ({language})", files="\n".join(f"  {f}" for f in files)
    )
