"""Argument types of every ``kylabot`` command, so argparse refuses a typo before any work.

Each converter raises ``argparse.ArgumentTypeError`` with what is allowed, and ``Parser``
prints that as one line (``kylabot chat: argument --role: unknown role 'boss'; one of:
contact, coordinator, admin``), exit status 2: the same input was checked by hand in six
places before, with six wordings, and a check that was forgotten ended in a traceback
(issue 9). The storage enums are imported when a value is converted, not when the parser is
built, so ``kylabot --help`` stays light (``tests/bot/test_cli.py``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# not bot.i18n: building the parser needs no Babel
from bot.i18n_base import LANGUAGE_ALIASES, LANGUAGES

ROLES = ("contact", "coordinator", "admin")  # storage.models.Role, in the order of rights
_DURATION = re.compile(r"(\d+)\s*([mhdw])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class Parser(argparse.ArgumentParser):
    """An argument parser whose mistakes are one line on standard error, exit status 2.

    argparse prints the usage before its error; operators get one line that says what is
    wrong and what is allowed (``COMMAND --help`` shows the rest). Sub-commands inherit it.
    """

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(2)


def _one_of(values: Iterable[object]) -> str:
    return ", ".join(str(value) for value in values)


def language(text: str) -> str:
    """A language of the bot: fi, fi@selko (plain Finnish; also fi-x-selko), sv, se, smn, sms
    or en."""
    code = text.strip().lower()
    code = LANGUAGE_ALIASES.get(code, code)
    if code not in LANGUAGES:
        raise argparse.ArgumentTypeError(f"unknown language {text!r}; one of: {_one_of(LANGUAGES)}")
    return code


def role(text: str) -> str:
    """contact, coordinator or admin (any case); empty means contact, as in an invite CSV."""
    name = text.strip().lower() or "contact"
    if name not in ROLES:
        raise argparse.ArgumentTypeError(f"unknown role {text!r}; one of: {_one_of(ROLES)}")
    return name


def org_kind(text: str) -> str:
    """A kind of organisation (storage.models.OrgKind), e.g. village_association."""
    from storage.models import OrgKind  # the ORM: only when a kind is given

    kinds = [kind.value for kind in OrgKind]
    if text not in kinds:
        raise argparse.ArgumentTypeError(f"unknown kind {text!r}; one of: {_one_of(kinds)}")
    return text


def duration(text: str) -> timedelta:
    """``14d``, ``12h``, ``30m`` or ``2w``; more than zero (a zero expiry is a dead link)."""
    match = _DURATION.fullmatch(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"invalid duration {text!r}: use e.g. 14d, 12h, 30m or 2w")
    amount = int(match.group(1))
    if amount <= 0:
        raise argparse.ArgumentTypeError(
            f"invalid duration {text!r}: an invite must be valid for some time"
        )
    return timedelta(**{_UNITS[match.group(2)]: amount})


def day(text: str) -> date:
    """A calendar day, YYYY-MM-DD."""
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {text!r}: use YYYY-MM-DD") from None


def moment(text: str) -> datetime:
    """An ISO 8601 time, e.g. 2026-12-01T09:00; without an offset it is read later in
    KYLABOT_TIMEZONE (the settings are not loaded while the arguments are parsed)."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid time {text!r}: use ISO 8601, e.g. 2026-12-01T09:00"
        ) from None


def timezone(text: str) -> str:
    """An IANA time zone name, e.g. Europe/Helsinki."""
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(
            f"unknown time zone {text!r}: use an IANA name, e.g. Europe/Helsinki"
        ) from None
    return text


def positive(text: str) -> int:
    """A whole number of at least 1."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def language_text(text: str) -> tuple[str, str]:
    """``LANG=TEXT``: a text in one of the bot's languages, e.g. sv='Hej alla'."""
    code, separator, value = text.partition("=")
    if not separator or not value.strip():
        raise argparse.ArgumentTypeError(f"{text!r} is not LANG=TEXT, e.g. sv='Hej alla'")
    try:
        return language(code), value
    except argparse.ArgumentTypeError as error:
        raise argparse.ArgumentTypeError(f"{text!r}: {error}") from None
