"""Catalog maintenance: extract, update, compile and report on the gettext catalogs.

A source file belongs to the catalog its feature names: every file under ``handlers/<feature>/``
goes to that feature's ``Feature.domain``, everything else (the engine) to ``kylabot``. One
catalog per feature lets a translator review a feature at a time and lets features grow side by
side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileParser, read_po, write_po

from bot import i18n_review
from bot.features import FEATURES
from bot.i18n import LANGUAGES, LOCALES_DIR, REVIEWED_HEADER, CatalogMissing

ROOT = LOCALES_DIR.parent
SOURCE_DIRS = ("bot", "handlers", "storage")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
    "NP_": ((1, "c"), 2),
    "NN_": (1, 2),
}
# CLDR gives the Sámi languages three forms; `pybabel init` would write two (see style.md).
PLURAL_FORMS = {
    "se": "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);",
    "smn": "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);",
    "sms": "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);",
}
REVIEW_HEADER = "X-Native-Review"
# A translator comment that marks one message for the native reviewer, with the reason: a word
# no reference dictionary has, or a form composed from a dictionary's lemma (issue 18). Babel
# keeps translator comments through `kylabot i18n update`, and Poedit and Weblate show them.
UNREVIEWED = i18n_review.UNREVIEWED
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{\w*\}")


def domain_of(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    if len(parts) > 2 and parts[0] == "handlers":
        return feature_domains().get(parts[1], "kylabot")
    return "kylabot"


def feature_domains() -> dict[str, str]:
    """Each feature folder's catalog, from the feature list."""
    return {feature.name: feature.domain for feature in FEATURES}


# The engine's catalog first, then each feature's: a new feature's catalogs are created by the
# first `kylabot i18n update` after it joins the feature list.
DOMAINS: tuple[str, ...] = (
    "kylabot",
    *sorted({feature.domain for feature in FEATURES} - {"kylabot"}),
)


def extract(domains: tuple[str, ...] = DOMAINS, locales: Path = LOCALES_DIR) -> dict[str, Catalog]:
    """Writes the template catalog of each of ``domains``, built from the sources."""
    templates = extract_in_memory()
    for domain in domains:
        buffer = BytesIO()
        write_po(
            buffer,
            templates[domain],
            width=100,
            omit_header=False,
            sort_output=True,
            include_lineno=False,
        )
        path = locales / f"{domain}.pot"
        path.write_text(keep_creation_date(path, buffer.getvalue().decode("utf-8")), "utf-8")
    return {domain: templates[domain] for domain in domains}


def extract_in_memory() -> dict[str, Catalog]:
    """One template catalog per domain, from the sources, written nowhere."""
    templates = {d: Catalog(project="kylabot", domain=d, charset="utf-8") for d in DOMAINS}
    for top in SOURCE_DIRS:
        base = ROOT / top
        method_map = [("emulator/**.py", "ignore"), ("**.py", "python")]
        for filename, lineno, message, comments, context in extract_from_dir(
            base, method_map, keywords=KEYWORDS, comment_tags=("Translators:",)
        ):
            path = base / filename
            templates[domain_of(path)].add(
                message,
                locations=[(str(path.relative_to(ROOT)), lineno)],
                auto_comments=comments,
                context=context,
            )
    return templates


def po_path(language: str, domain: str, locales: Path = LOCALES_DIR) -> Path:
    return locales / language / "LC_MESSAGES" / f"{domain}.po"


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=path.stem)


def update_domain(domain: str) -> None:
    """``update`` for one feature's catalogs only."""
    update((domain,))


def update(domains: tuple[str, ...] = DOMAINS, locales: Path = LOCALES_DIR) -> None:
    """Extracts, then merges new and changed messages into every language's catalog."""
    templates = extract(domains, locales)
    for language in LANGUAGES:
        for domain, template in templates.items():
            path = po_path(language, domain, locales)
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists():
                catalog = read_catalog(path, language)
            else:
                catalog = Catalog(locale=language, domain=domain, project="kylabot")
                catalog.mime_headers  # noqa: B018 - fills the default headers
            catalog.update(template, no_fuzzy_matching=True)
            i18n_review.drop_stale(catalog)  # a changed text is no longer the reviewed one
            write_catalog(path, catalog, language)


def write_catalog(path: Path, catalog: Catalog, language: str) -> None:
    """Writes a catalog, keeping its review state: Babel drops header fields it does not know,
    and an update must not silently undo a translator's "reviewed" mark."""
    review = review_state(path) if path.exists() else ("complete" if language == "en" else "none")
    catalog.fuzzy = False
    catalog.project, catalog.version = "kylabot", "1"
    catalog.language_team = f"kylabot {language}"
    catalog.msgid_bugs_address = "kylabot coordinators"
    buffer = BytesIO()
    write_po(
        buffer, catalog, width=100, sort_output=True, ignore_obsolete=True, include_lineno=False
    )
    text = buffer.getvalue().decode("utf-8")
    if language in PLURAL_FORMS:
        text = re.sub(
            r'"Plural-Forms: [^"]*\\n"', f'"Plural-Forms: {PLURAL_FORMS[language]}\\\\n"', text
        )
    text = re.sub(rf'"{REVIEW_HEADER}: [^"\\]*\\n"\n', "", text)
    text = text.replace('"Generated-By:', f'"{REVIEW_HEADER}: {review}\\n"\n"Generated-By:', 1)
    path.write_text(keep_creation_date(path, text), encoding="utf-8")


def keep_creation_date(path: Path, text: str) -> str:
    """Keeps the file's POT-Creation-Date and Generated-By, so an update that changes no message
    changes no line, and two branches that each add a string merge without header conflicts.
    Locations are written without line numbers for the same reason."""
    if not path.exists():
        return text
    old = path.read_text(encoding="utf-8")
    for field in ("POT-Creation-Date", "Generated-By"):
        found = re.search(rf'"{field}: [^"]*"', old)
        if found is not None:
            start, _, rest = text.partition(f'"{field}: ')
            if rest:
                text = start + found.group(0) + rest[rest.index('"') + 1 :]
    return text


class _CompiledCatalog(Catalog):
    """A catalog whose compiled header also says how much of it is reviewed (``X-Reviewed``):
    the bot reads no .po comments, and the language picker marks a draft language by it."""

    reviewed = ""

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        headers = super()._get_mime_headers()
        return [*headers[:-1], (REVIEWED_HEADER, self.reviewed), headers[-1]]


def compile_all(locales: Path = LOCALES_DIR, languages: tuple[str, ...] = LANGUAGES) -> int:
    """Writes the .mo files; returns how many were written."""
    written = 0
    for language in languages:
        for domain in DOMAINS:
            path = po_path(language, domain, locales)
            if not path.is_file():
                raise CatalogMissing(f"missing catalog {path}: run `make i18n-update`")
            catalog = _CompiledCatalog(locale=language, domain=domain)
            with path.open("rb") as handle:
                PoFileParser(catalog).parse(handle)
            figures = review_count(path, catalog, language, domain)
            catalog.reviewed = i18n_review.header_value(figures.reviewed, figures.total)
            with path.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
            written += 1
    return written


def review_count(
    path: Path, catalog: Catalog, language: str, domain: str
) -> i18n_review.ReviewCount:
    """The review figures of the catalog read from ``path``."""
    signed_off = review_state(path) == "complete"
    return i18n_review.count(catalog, language, domain, signed_off)


def review_status(locales: Path = LOCALES_DIR) -> list[i18n_review.ReviewCount]:
    """Reviewed and unreviewed messages per language and domain."""
    rows = []
    for language in LANGUAGES:
        for domain in DOMAINS:
            path = po_path(language, domain, locales)
            rows.append(review_count(path, read_catalog(path, language), language, domain))
    return rows


@dataclass(frozen=True)
class CatalogStatus:
    language: str
    total: int
    translated: int
    missing: int
    fuzzy: int
    placeholder_errors: int
    review: str
    ambiguous: int = 0
    unreviewed: int = 0


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


def placeholders_match(source: str, translation: str, plural: bool) -> bool:
    """A translation keeps its source's placeholders; a plural form may leave out the count
    (Finnish "yksi toimenpide" for 1) but no other placeholder."""
    expected, found = set(placeholders(source)), set(placeholders(translation))
    if plural:
        return found <= expected and expected - found <= {"%(count)d", "%(n)d"}
    return placeholders(source) == placeholders(translation)


def status() -> list[CatalogStatus]:
    """Per language over all domains: how much is translated and whether a native reviewed it."""
    result = []
    for language in LANGUAGES:
        total = translated = missing = fuzzy = bad = marked = 0
        reviews: set[str] = set()
        for domain in DOMAINS:
            path = po_path(language, domain)
            catalog = read_catalog(path, language)
            reviews.add(review_state(path))
            for message in catalog:
                if not message.id:
                    continue
                total += 1
                marked += unreviewed_reason(message) is not None
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if message.fuzzy:
                    fuzzy += 1
                elif not all(strings):
                    missing += 1
                else:
                    translated += 1
                ids = tuple(message.id) if isinstance(message.id, tuple) else (str(message.id),)
                strings = tuple(str(s) for s in strings)
                plural = isinstance(message.id, tuple)
                if any(s and not placeholders_match(ids[-1], s, plural) for s in strings):
                    bad += 1
        review = reviews.pop() if len(reviews) == 1 else "partial"
        clashes = len(ambiguous(language))
        result.append(
            CatalogStatus(language, total, translated, missing, fuzzy, bad, review, clashes, marked)
        )
    return result


def unreviewed_reason(message: Message) -> str | None:
    """Why a message waits for the native reviewer, if it does: its ``# unreviewed: ...`` lines,
    one reason a line (each short enough that Babel never wraps it into two comments)."""
    reasons = [
        comment.removeprefix(UNREVIEWED).strip()
        for comment in message.user_comments
        if comment.startswith(UNREVIEWED)
    ]
    return "; ".join(reasons) if reasons else None


def unreviewed(language: str) -> list[tuple[str, Message, str]]:
    """Every message of ``language`` marked for the native reviewer: domain, message, reason."""
    marked = []
    for domain in DOMAINS:
        for message in read_catalog(po_path(language, domain), language):
            reason = unreviewed_reason(message) if message.id else None
            if reason is not None:
                marked.append((domain, message, reason))
    return marked


def ambiguous(language: str) -> list[str]:
    """Messages that two domains of ``language`` translate differently.

    A flow's texts are looked up in its own domain first, but a menu entry or a shared engine
    text may be found in another feature's catalog: one key (context + msgid) must therefore
    mean one thing everywhere. A short word with two meanings gets a context (``NP_``).
    """
    seen: dict[tuple[str | None, str], dict[str, object]] = {}
    for domain in DOMAINS:
        for message in read_catalog(po_path(language, domain), language):
            if message.id:
                key = (message.context, str(message.id))
                seen.setdefault(key, {})[domain] = message.string
    clashes = []
    for (context, msgid), by_domain in sorted(seen.items(), key=str):
        if len({str(s) for s in by_domain.values()}) > 1:
            where = ", ".join(f"{d}: {s!r}" for d, s in by_domain.items())
            label = f"{context}|{msgid}" if context else msgid
            clashes.append(f"{language}: {label!r} means different things ({where})")
    return clashes


def review_state(path: Path) -> str:
    match = re.search(rf'"{REVIEW_HEADER}: ([^"\\]*)', path.read_text(encoding="utf-8"))
    return match.group(1).strip() if match else "none"
