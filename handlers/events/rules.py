"""What makes an event valid, checked the same way in the chat and in the CLI.

Each check returns None or a ``Refusal``: one clear sentence (an ``N_`` message the chat
translates and the CLI prints in English) with its values. An event in the past, an end before
the start, a deadline after the start and a link that is not a plain https address are refused
before anything is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from bot.i18n import N_

TITLE_LIMIT = 200
DESCRIPTION_LIMIT = 2000
PLACE_LIMIT = 300
LINK_LIMIT = 500
MAX_MINUTES = 7 * 24 * 60
MAX_CAPACITY = 10_000

# Translators: /event (a coordinator creates an event people sign up for), a typed answer
# refused (at /event's steps, when managing an event and in the command line): the start
# or deadline is in the past.
PAST = N_("That time has already passed. Choose a later time.")
# Translators: /event (a coordinator creates an event people sign up for), a typed answer
# refused (at /event's steps, when managing an event and in the command line): the length
# is zero.
END_BEFORE_START = N_("The end must come after the start: give a length of more than zero minutes.")
# Translators: /event (a coordinator creates an event people sign up for), a typed answer
# refused (at /event's steps, when managing an event and in the command line): the length
# is over a week.
TOO_LONG_EVENT = N_("An event can last at most a week. Give a shorter length.")
# Translators: /event (a coordinator creates an event people sign up for), a typed answer
# refused (at /event's steps, when managing an event and in the command line): the length
# could not be read. Keep 45 and 1:30 as they are.
BAD_DURATION = N_("Write the length in minutes (45) or in hours and minutes (1:30).")
# Translators: /event (a coordinator creates an event people sign up for), a typed answer
# refused (at /event's steps, when managing an event and in the command line): the
# deadline is after the start. %(start)s = date and time the event starts.
DEADLINE_AFTER_START = N_("Sign-ups must close by the start of the event (%(start)s).")
# Translators: /event (a coordinator creates an event people sign up for), a typed answer
# refused (at /event's steps, when managing an event and in the command line): the online
# link is not a web address. %(scheme)s = https://; %(example)s = an example link.
BAD_LINK = N_(
    "That link does not work: it must start with %(scheme)s and name a site, such as %(example)s."
)
LINK_EXAMPLE = {"scheme": "https://", "example": "https://meet.example.fi/coffee"}
# Translators: /event (a coordinator creates an event people sign up for), a typed answer
# refused (at /event's steps, when managing an event and in the command line): a title,
# description, place or link is too long. %(limit)s = the limit, a numeral.
TOO_LONG = N_("That is too long: at most %(limit)s characters.")
# Translators: /event (a coordinator creates an event people sign up for), a typed answer
# refused (at /event's steps, when managing an event and in the command line): the number
# of seats could not be read. %(limit)s = the highest number allowed, a numeral.
BAD_CAPACITY = N_("Write the number of seats as a whole number from 1 to %(limit)s.")

_MINUTES = re.compile(r"^\s*(\d{1,5})\s*(min|m|minutes?|minuuttia|minuutit)?\s*$", re.IGNORECASE)
_HOURS_MINUTES = re.compile(r"^\s*(\d{1,3})[:.](\d{2})\s*(h)?\s*$", re.IGNORECASE)
_HOURS = re.compile(r"^\s*(\d{1,3}(?:[.,]\d+)?)\s*(h|t|tuntia|hours?|timmar)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Refusal:
    message: str  # an N_ message
    values: dict[str, Any] = field(default_factory=dict)

    def english(self) -> str:
        return self.message % self.values if self.values else self.message


def parse_minutes(text: str) -> int | Refusal:
    """``45``, ``45 min``, ``1:30``, ``1.5 h``, ``2 h`` as minutes: above zero, at most a week."""
    if found := _MINUTES.match(text):
        minutes = int(found.group(1))
    elif found := _HOURS_MINUTES.match(text):
        minutes = int(found.group(1)) * 60 + int(found.group(2))
    elif found := _HOURS.match(text):
        minutes = round(float(found.group(1).replace(",", ".")) * 60)
    else:
        return Refusal(BAD_DURATION)
    return check_minutes(minutes)


def check_minutes(minutes: int) -> int | Refusal:
    if minutes <= 0:
        return Refusal(END_BEFORE_START)
    if minutes > MAX_MINUTES:
        return Refusal(TOO_LONG_EVENT)
    return minutes


def check_start(start: datetime, now: datetime) -> Refusal | None:
    return Refusal(PAST) if start <= now else None


def check_deadline(
    deadline: datetime, start: datetime, now: datetime, shown: str
) -> Refusal | None:
    """``shown`` is the start as the reader reads it, for the sentence."""
    if deadline > start:
        return Refusal(DEADLINE_AFTER_START, {"start": shown})
    if deadline <= now:
        return Refusal(PAST)
    return None


def looks_like_link(text: str) -> bool:
    lowered = text.strip().lower()
    return "://" in lowered or lowered.startswith(("www.", "http"))


def check_link(text: str) -> str | Refusal:
    """A plain ``https://host/...`` address (no spaces, a host with a dot), as given."""
    link = text.strip()
    if len(link) > LINK_LIMIT:
        return Refusal(TOO_LONG, {"limit": LINK_LIMIT})
    try:
        parts = urlsplit(link)
    except ValueError:
        return Refusal(BAD_LINK, LINK_EXAMPLE)
    host = parts.hostname or ""
    if (
        parts.scheme != "https"
        or not host
        or "." not in host.strip(".")
        or any(c.isspace() for c in link)
        or parts.username is not None
    ):
        return Refusal(BAD_LINK, LINK_EXAMPLE)
    return link


def check_text(text: str, limit: int) -> str | Refusal:
    cleaned = text.strip()
    if len(cleaned) > limit:
        return Refusal(TOO_LONG, {"limit": limit})
    return cleaned


def parse_capacity(text: str) -> int | Refusal:
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if not cleaned.isdigit() or not 1 <= int(cleaned) <= MAX_CAPACITY:
        return Refusal(BAD_CAPACITY, {"limit": MAX_CAPACITY})
    return int(cleaned)


def end_of(start: datetime, minutes: int) -> datetime:
    return start + timedelta(minutes=minutes)
