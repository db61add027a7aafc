"""Translations: catalogs loaded once at start-up, one ``Translator`` chosen per update.

Nothing is installed process-wide (``gettext.install`` would race between users); handlers get
the reader's translator from their context and call ``tr._("...")``.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Final
from zoneinfo import ZoneInfo

from babel import Locale

from bot import formatting
from bot.i18n_base import (
    BASE_LANGUAGE,
    CONTEXT_SEPARATOR,
    DEFAULT_LANGUAGE,
    ENDONYMS,
    LANGUAGES,
    MACHINE_ASSISTED,
    N_,
    NN_,
    NP_,
    PLAIN_FINNISH,
    SPOKEN_LANGUAGES,
    Plural,
    base_language,
    normalise_language,
)

# The languages and markers live in bot.i18n_base (no Babel there); they are imported from here.
__all__ = [
    "BASE_LANGUAGE",
    "CONTEXT_SEPARATOR",
    "DEFAULT_LANGUAGE",
    "DOMAINS",
    "ENDONYMS",
    "LANGUAGES",
    "LOCALES_DIR",
    "NN_",
    "NP_",
    "N_",
    "PLAIN_FINNISH",
    "REVIEWED_HEADER",
    "SPOKEN_LANGUAGES",
    "CatalogMissing",
    "Catalogs",
    "Plural",
    "Translator",
    "base_language",
    "is_draft",
    "normalise_language",
]

LOCALES_DIR: Final = Path(__file__).resolve().parent.parent / "locales"

# One catalog per feature so each feature's strings can be reviewed (and extracted) on their own:
# the engine's "kylabot" first, then every feature's, as its template (locales/<domain>.pot) says.
# A feature names its domain in its Feature record; tests/bot/test_features.py checks both agree.
DOMAINS: Final = (
    "kylabot",
    *sorted(p.stem for p in LOCALES_DIR.glob("*.pot") if p.stem != "kylabot"),
)


# The compiled catalog's header that says how many of its messages a native reviewer has
# confirmed, "reviewed/total" (written by ``kylabot i18n compile`` from the ``# reviewed:`` marks;
# the .mo files carry no comments). Under half reviewed, the language picker calls it a draft.
REVIEWED_HEADER: Final = "X-Reviewed"
DRAFT_BELOW: Final = 0.5


def is_draft(language: str, reviewed: int, total: int) -> bool:
    """A machine-assisted language most of whose messages no native reviewer has confirmed."""
    return language in MACHINE_ASSISTED and total > 0 and reviewed < DRAFT_BELOW * total


# Translators: a button of the language picker (/language, and the first question of
# onboarding) for a language whose translation no native speaker has checked yet. It is
# written in that language itself, not the reader's: %(language)s = the language's own name
# (Davvisámegiella, Anarâškielâ...).
# Button; at most 32 characters on a phone.
DRAFT_LANGUAGE = NP_("language picker", "%(language)s (draft)")


class CatalogMissing(RuntimeError):
    """A compiled catalog is missing: run ``make i18n`` (``kylabot i18n compile``)."""


@dataclass(frozen=True)
class Translator:
    """Gettext lookups for one language and one feature (domain), and its formatting.

    A message is looked up in the translator's own domain first, then in ``kylabot`` (the shared
    engine texts), then in the other features (a menu shows every feature's entry). Contexts
    keep a short word's meanings apart, and ``kylabot i18n status`` and the tests fail when one
    key has different translations in two domains, so the order never picks another feature's
    meaning.
    """

    language: str
    _catalogs: tuple[gettext.NullTranslations, ...]
    domain: str = "kylabot"

    @property
    def locale(self) -> Locale:
        return Locale.parse(base_language(self.language))

    def _(self, message: str) -> str:
        """Translates ``message``; one made by ``NP_`` is looked up under its context."""
        context, separator, text = message.rpartition(CONTEXT_SEPARATOR)
        for catalog in self._catalogs:
            found = catalog.pgettext(context, text) if separator else catalog.gettext(text)
            if found != text:
                return found
        return text

    gettext = _

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        untranslated = singular if n == 1 else plural
        for catalog in self._catalogs:
            found = catalog.ngettext(singular, plural, n)
            if found != untranslated:
                return found
        return untranslated

    def counted(self, message: Plural, n: int) -> str:
        """The form of ``message`` (marked with ``NN_``) for the count ``n``."""
        return self.ngettext(message.singular, message.plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._(NP_(context, message))

    def plural_index(self, n: int) -> int:
        """Which plural form the catalogs' Plural-Forms header selects for ``n``."""
        catalog = self._catalogs[0]
        assert isinstance(catalog, gettext.GNUTranslations)
        return int(catalog.plural(n))  # type: ignore[attr-defined]

    # Formatting lives in bot.formatting; these shorthands pass the reader's language.

    def number(self, value: float) -> str:
        return formatting.number(value, self.language)

    def percent(self, fraction: float) -> str:
        return formatting.percent(fraction, self.language)

    def date(self, value: date) -> str:
        return formatting.date(value, self.language)

    def time(self, value: time | datetime, zone: ZoneInfo | None = None) -> str:
        return formatting.time(value, self.language, zone)

    def datetime(self, value: datetime, zone: ZoneInfo) -> str:
        return formatting.date_time(value, zone, self.language)


class Catalogs:
    """All compiled catalogs, loaded once; hands out a ``Translator`` per language and domain."""

    def __init__(self, locales_dir: Path = LOCALES_DIR) -> None:
        self._translators: dict[tuple[str, str], Translator] = {}
        loaded = {
            (language, domain): _load(locales_dir, language, domain)
            for language in LANGUAGES
            for domain in DOMAINS
        }
        self._drafts = frozenset(
            language
            for language in LANGUAGES
            if is_draft(language, *_reviewed(loaded[language, d].info() for d in DOMAINS))
        )
        for language in LANGUAGES:
            # A variant (plain Finnish) falls back to its base language's catalogs, not to the
            # English msgid, for a message its own catalog lacks.
            readers = dict.fromkeys([language, base_language(language)])
            for domain in DOMAINS:
                order = [domain, *(d for d in DOMAINS if d != domain)]  # kylabot is DOMAINS[0]
                catalogs = tuple(loaded[r, d] for r in readers for d in order)
                self._translators[language, domain] = Translator(language, catalogs, domain)

    def get(self, language: str | None, domain: str = "kylabot") -> Translator:
        """The translator of ``language`` (Finnish if unknown) for the feature ``domain``."""
        chosen = language if language in LANGUAGES else DEFAULT_LANGUAGE
        return self._translators[chosen, domain]

    def __iter__(self) -> Iterator[Translator]:
        return iter(self.get(language) for language in LANGUAGES)

    def is_draft(self, language: str) -> bool:
        """Whether most of ``language``'s messages wait for a native reviewer."""
        return language in self._drafts

    def language_label(self, language: str) -> str:
        """The language's own name, marked as a draft (in that language) while it is one."""
        if not self.is_draft(language):
            return ENDONYMS[language]
        return self.get(language)._(DRAFT_LANGUAGE) % {"language": ENDONYMS[language]}


def _reviewed(headers: Iterable[dict[str, str]]) -> tuple[int, int]:
    """``(reviewed, total)`` over a language's compiled catalogs (0, 0 if none says)."""
    reviewed = total = 0
    for info in headers:
        done, _, of = info.get(REVIEWED_HEADER.lower(), "").partition("/")
        if done.isdigit() and of.isdigit():
            reviewed, total = reviewed + int(done), total + int(of)
    return reviewed, total


def _load(locales_dir: Path, language: str, domain: str) -> gettext.GNUTranslations:
    mo = locales_dir / language / "LC_MESSAGES" / f"{domain}.mo"
    if not mo.is_file():
        raise CatalogMissing(
            f"missing compiled catalog {mo}: run `make i18n` (kylabot i18n compile)"
        )
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)
