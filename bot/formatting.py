"""Dates, times, numbers and percentages as the reader writes them: the only place that formats.

Every user-visible date goes through here (a test scans ``bot/`` and ``handlers/`` for other
``strftime``/``isoformat``/Babel calls), so one screen never mixes "2026 juovlamánnu 2",
"2026-12-02" and "2027 ođđj 1 09:00:00". One form each: a date, a date with time (hours and
minutes, never seconds), a time, a number and a percentage, from Babel's CLDR data in the reader's
locale.

The Sámi fallback, chosen on purpose (all our Sámi readers live in Finland):

- dates are numeric ``d.M.yyyy`` and times ``H.mm`` in se, smn and sms, as Sámi texts in
  Finland write them (smn CLDR's own short date and time are these). CLDR's se data is
  Norway's, year first with a nominative month ("2026 juovlamánnu 2"), and sms has no date
  patterns at all ("2027 M01 1");
- a date with time is the date and the time side by side (fi, sv and en join them as their
  CLDR data says);
- numbers and percentages use CLDR for se and smn ("12 345,5", "100 %"), but the Finnish
  symbols for sms, whose CLDR data has none and would print "12,345.5" and "100%".

Plain Finnish (``fi@selko``) is formatted as Finnish: a variant has no CLDR data of its own.
"""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime as DateTime
from datetime import time as Time
from typing import Final
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time
from babel.numbers import format_decimal, format_percent, get_decimal_symbol

from bot.i18n_base import base_language

SAMI: Final = ("se", "smn", "sms")
_SAMI_DATE: Final = "d.M.yyyy"
_SAMI_TIME: Final = "H.mm"
# Where CLDR has no number symbols for a language, the locale whose symbols it uses.
_NUMBER_LOCALE: Final = {"sms": "fi"}


def _locale(language: str) -> str:
    """The Babel locale of ``language``: its base language's for a variant (plain Finnish)."""
    return base_language(language)


def date(value: Date, language: str) -> str:
    """A day: fi "3. toukokuuta 2026", sv "3 maj 2026", en "May 3, 2026", Sámi "3.5.2026"."""
    pattern = _SAMI_DATE if language in SAMI else "long"
    return str(_babel_date(value, pattern, locale=_locale(language)))


def time(value: Time | DateTime, language: str, zone: ZoneInfo | None = None) -> str:
    """A clock time without seconds (fi "9.00", sv "09:00", en "9:00 AM"), in ``zone`` if given."""
    if isinstance(value, DateTime) and zone is not None:
        value = value.astimezone(zone)
    pattern = _SAMI_TIME if language in SAMI else "short"
    return str(_babel_time(value, pattern, locale=_locale(language)))


def date_time(value: DateTime, zone: ZoneInfo, language: str) -> str:
    """A moment in ``zone``: the date and the time (never seconds), joined as the locale joins
    them: fi "3. toukokuuta 2026 12.30", en "May 3, 2026, 12:30 PM", Sámi "3.5.2026 12.30"."""
    local = value.astimezone(zone)
    joined = (
        "{1} {0}"
        if language in SAMI
        else str(Locale.parse(_locale(language)).datetime_formats["long"])
    )
    return (
        joined.replace("'", "")
        .replace("{0}", time(local, language))
        .replace("{1}", date(local.date(), language))
    )


def number(value: float, language: str) -> str:
    """fi "12 345,5", en "12,345.5"."""
    return str(format_decimal(value, locale=_NUMBER_LOCALE.get(language, _locale(language))))


def percent(fraction: float, language: str) -> str:
    """``0.72`` as fi "72 %", en "72%"."""
    return str(format_percent(fraction, locale=_NUMBER_LOCALE.get(language, _locale(language))))


def decimal_mark(language: str) -> str:
    """The decimal separator ("," in fi and sv), which decides a CSV file's field separator."""
    return str(get_decimal_symbol(_NUMBER_LOCALE.get(language, _locale(language))))
