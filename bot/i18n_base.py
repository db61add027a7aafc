"""The languages and the markers of translatable texts: what code that declares texts needs.

Apart from ``bot.i18n`` (catalogs and translators, which load Babel) so that building the CLI's
parser, which reads the language codes and some marked labels, costs no Babel import (start-up
time, issue 12, item 21). ``bot.i18n`` re-exports every name; import from there elsewhere.
"""

from __future__ import annotations

from typing import Final, NamedTuple

# Plain Finnish (selkosuomi, Selkokeskus's selkokieli) for readers who find standard Finnish
# hard: many village contacts are older people (issue 18). ``fi-x-selko`` (BCP 47 private use)
# is refused by Babel's ``Locale.parse``; the POSIX modifier form is accepted by both Babel
# (``Locale('fi', modifier='selko')``) and gettext's catalog lookup (``fi@selko`` falls back to
# ``fi``, as ``sr@latin`` does), and fits the 8-character language columns.
PLAIN_FINNISH: Final = "fi@selko"

# The order is the order of the language picker: plain Finnish right after Finnish.
LANGUAGES: Final = ("fi", PLAIN_FINNISH, "sv", "se", "smn", "sms", "en")
# Catalogs first drafted with machine assistance and only partly checked against dictionaries:
# the language picker calls one a draft while most of its messages wait for a native reviewer
# (bot.i18n.is_draft). Finnish, Swedish, English and plain Finnish were written by the team;
# that no outside reviewer has signed them (X-Native-Review) does not make them drafts.
MACHINE_ASSISTED: Final = frozenset({"se", "smn", "sms"})
DEFAULT_LANGUAGE: Final = "fi"

# A variant of a language reads its base language where it has no text of its own: a catalog
# message, a broadcast or an event written without a plain-Finnish variant shows the Finnish.
BASE_LANGUAGE: Final = {PLAIN_FINNISH: "fi"}

# The languages people speak with each other (coffee roulette's meeting languages): a variant
# is a way of writing for a reader, not another language to meet in.
SPOKEN_LANGUAGES: Final = tuple(code for code in LANGUAGES if code not in BASE_LANGUAGE)

# Other spellings an operator may type (``--lang fi-x-selko``, ``make demo lang=selko``).
LANGUAGE_ALIASES: Final = {
    "fi-x-selko": PLAIN_FINNISH,
    "fi_x_selko": PLAIN_FINNISH,
    "selko": PLAIN_FINNISH,
}

# Each language's own name: shown as is, never translated.
ENDONYMS: Final = {
    "fi": "Suomi",
    PLAIN_FINNISH: "Selkosuomi",
    "sv": "Svenska",
    "se": "Davvisámegiella",
    "smn": "Anarâškielâ",
    "sms": "Sääʹmǩiõll",
    "en": "English",
}

# gettext's own key for a message with a context is ``context + "\x04" + message`` (GNU gettext
# builds it the same way for pgettext), so a constant marked with ``NP_`` can travel as a plain
# ``str`` and still be looked up under its context by ``tr._``.
CONTEXT_SEPARATOR: Final = "\x04"


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; it is translated where it is shown."""
    return message


def NP_(context: str, message: str) -> str:
    """Marks a short word with the context that says what it means where it is shown.

    "Done" is a check-in status in one place and the button that ends a multiple choice in
    another, and the translations differ (fi "Toteutunut" / "Valmis"). ``tr._(NP_("...", "Done"))``
    looks the word up under its context, so the two can never take each other's translation.
    """
    return f"{context}{CONTEXT_SEPARATOR}{message}"


class Plural(NamedTuple):
    """A message with a count: English singular and plural, chosen per language by ``n``."""

    singular: str
    plural: str


def NN_(singular: str, plural: str) -> Plural:
    """Marks a message with a count where it is defined; ``tr.counted(MESSAGE, n)`` shows it.

    Every count goes through ngettext ("It asks 1 organisation", Sámi one/two/other), never a
    number pasted before a plural noun.
    """
    return Plural(singular, plural)


def base_language(code: str) -> str:
    """The language whose formats (and, where its own is missing, texts) ``code`` uses."""
    return BASE_LANGUAGE.get(code, code)


def normalise_language(code: str | None) -> str | None:
    """Maps a Telegram ``language_code`` (``fi``, ``sv-FI``, ``se``, ``nb``...) to ours."""
    if not code:
        return None
    base = code.replace("_", "-").split("-")[0].lower()
    aliases = {"sme": "se", "fin": "fi", "swe": "sv", "eng": "en"}
    base = aliases.get(base, base)
    return base if base in LANGUAGES else None
