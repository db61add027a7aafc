"""Translations: catalogs loaded once at start-up, one ``Translator`` chosen per update.

Nothing is installed process-wide (``gettext.install`` would race between users); handlers get
the reader's translator from their context and call ``tr._("...")``.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Final
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.dates import format_time as _babel_time
from babel.numbers import format_decimal, format_percent

LOCALES_DIR: Final = Path(__file__).resolve().parent.parent / "locales"

# The order is the order of the language picker.
LANGUAGES: Final = ("fi", "sv", "se", "smn", "sms", "en")
DEFAULT_LANGUAGE: Final = "fi"

# Each language's own name: shown as is, never translated.
ENDONYMS: Final = {
    "fi": "Suomi",
    "sv": "Svenska",
    "se": "Davvisámegiella",
    "smn": "Anarâškielâ",
    "sms": "Sääʹmǩiõll",
    "en": "English",
}

# One catalog per feature so each feature's strings can be reviewed (and extracted) on their own.
DOMAINS: Final = ("kylabot", "checkin", "phenomena", "broadcast")

# Babel's CLDR data for Skolt Sámi has no real date patterns; numeric dates read well instead.
_DATE_PATTERN_OVERRIDES: Final = {"sms": {"long": "d.M.yyyy", "medium": "d.M.yyyy"}}


class CatalogMissing(RuntimeError):
    """A compiled catalog is missing: run ``make i18n`` (``kylabot i18n compile``)."""


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; it is translated where it is shown."""
    return message


def normalise_language(code: str | None) -> str | None:
    """Maps a Telegram ``language_code`` (``fi``, ``sv-FI``, ``se``, ``nb``...) to ours."""
    if not code:
        return None
    base = code.replace("_", "-").split("-")[0].lower()
    aliases = {"sme": "se", "fin": "fi", "swe": "sv", "eng": "en"}
    base = aliases.get(base, base)
    return base if base in LANGUAGES else None


@dataclass(frozen=True)
class Translator:
    """Gettext lookups and Babel formatting for one language."""

    language: str
    _translations: gettext.NullTranslations

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.language)

    def _(self, message: str) -> str:
        return self._translations.gettext(message)

    gettext = _

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._translations.pgettext(context, message)

    def number(self, value: float) -> str:
        return str(format_decimal(value, locale=self.language))

    def percent(self, fraction: float) -> str:
        """``0.72`` as ``72 %`` in Finnish, ``72%`` in English."""
        return str(format_percent(fraction, locale=self.language))

    def date(self, value: date, form: str = "long") -> str:
        pattern = _DATE_PATTERN_OVERRIDES.get(self.language, {}).get(form, form)
        return str(_babel_date(value, pattern, locale=self.language))

    def time(self, value: time | datetime, zone: ZoneInfo | None = None) -> str:
        if isinstance(value, datetime) and zone is not None:
            value = value.astimezone(zone)
        return str(_babel_time(value, "short", locale=self.language))

    def datetime(self, value: datetime, zone: ZoneInfo) -> str:
        local = value.astimezone(zone)
        if self.language in _DATE_PATTERN_OVERRIDES:
            return f"{self.date(local.date())} {self.time(local)}"
        return str(_babel_datetime(local, "medium", tzinfo=zone, locale=self.language))


class Catalogs:
    """All compiled catalogs, loaded once; hands out a ``Translator`` per language."""

    def __init__(self, locales_dir: Path = LOCALES_DIR) -> None:
        self._translators: dict[str, Translator] = {}
        for language in LANGUAGES:
            chain: gettext.NullTranslations | None = None
            for domain in DOMAINS:
                mo = locales_dir / language / "LC_MESSAGES" / f"{domain}.mo"
                if not mo.is_file():
                    raise CatalogMissing(
                        f"missing compiled catalog {mo}: run `make i18n` (kylabot i18n compile)"
                    )
                with mo.open("rb") as handle:
                    translations = gettext.GNUTranslations(handle)
                if chain is None:
                    chain = translations
                else:
                    chain.add_fallback(translations)
            assert chain is not None
            self._translators[language] = Translator(language, chain)

    def get(self, language: str | None) -> Translator:
        return self._translators[language if language in self._translators else DEFAULT_LANGUAGE]

    def __iter__(self) -> Iterator[Translator]:
        return iter(self._translators.values())
