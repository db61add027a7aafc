"""How a report reads: labels, the reporter as coordinators may see them, summaries.

Anonymity lives here so every view (the summary, /phenomena, digests, exports) shows the same
thing: the organisation always; the person's name only when they allowed it and have not been
forgotten.
"""

from __future__ import annotations

import math
from typing import Any
from zoneinfo import ZoneInfo

from bot.i18n import N_, NN_, Translator
from bot.municipalities import municipality_name
from handlers.phenomena.categories import AFFECTED, CATEGORIES, FREQUENCIES
from storage.models import PhenomenonReport

SUMMARY_EXCERPT = 1500  # characters of the description shown in a summary message
LAT_STEP = 0.01  # degrees: an anonymous pin is shown on a grid of about a kilometre

# Translators: the summary before sending, the coordinators' /phenomena and the digest: in
# place of the organisation's name when the reporter has none; lower case.
NO_ORGANISATION = N_("no organisation")
# Translators: the summary before sending, the coordinators' /phenomena and the digest: in
# place of an answer not given; lower case.
NOT_GIVEN = N_("not given")
# Translators: the summary before sending, the coordinators' /phenomena and the digest:
# the place as a pin. %(lat)s, %(lon)s = latitude and longitude, e.g. 68.90642, 27.01667;
# lower case.
PIN = N_("location pin %(lat)s, %(lon)s")
# Translators: the summary before sending, the coordinators' /phenomena and the digest: a
# pin with its confirmed municipality. %(lat)s, %(lon)s = latitude and longitude;
# %(municipality)s = the municipality's name; lower case.
PIN_IN = N_("location pin %(lat)s, %(lon)s in %(municipality)s")
# Translators: the summary before sending, the coordinators' /phenomena and the digest: a
# pin with a municipality guessed but not confirmed. %(lat)s, %(lon)s = latitude and
# longitude; %(municipality)s = the municipality's name; lower case.
PIN_GUESSED = N_("location pin %(lat)s, %(lon)s (perhaps %(municipality)s: not confirmed)")
# Translators: the summary before sending, the coordinators' /phenomena and the digest:
# after a pin's coordinates and ⚠️, when the pin is far outside Finland; lower case.
OUTSIDE_FINLAND = N_("far outside Finland: please check")
# Translators: the summary before sending, the coordinators' /phenomena and the digest:
# after a text cut short. %(count)s = the whole text's length in characters, a numeral.
MORE_CHARACTERS = NN_("… (%(count)s character in all)", "… (%(count)s characters in all)")
# Translators: the summary before sending, the coordinators' /phenomena and the digest:
# %(count)s = number of photos, a numeral.
PHOTOS = N_("Photos: %(count)s")
# Translators: the summary before sending, the coordinators' /phenomena and the digest:
# %(count)s = number of voice messages, a numeral.
VOICES = N_("Voice messages: %(count)s")
# Translators: the summary before sending, the coordinators' /phenomena and the digest:
# %(count)s = number of videos, a numeral.
VIDEOS = N_("Videos: %(count)s")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 7, the summary's last line: the reporter chose Show my name.
NAME_SHOWN = N_("Your name is shown to coordinators.")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 7, the summary's last line: the reporter chose Only my organisation.
NAME_HIDDEN = N_("Only your organisation is shown to coordinators.")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 7 and /phenomena (coordinators read and answer phenomenon reports),
# the report. %(category)s = the category; %(text)s = the description; %(media)s = lines
# like Photos: 2, each ending in a line break, or nothing; %(place)s = the place;
# %(frequency)s = how often; %(affected)s = the groups, comma-separated; %(name)s = the
# line about the name, or nothing. Keep the line breaks and %(media)s / %(name)s where
# they are.
SUMMARY = N_(
    "Category: %(category)s\n"
    "What is happening: %(text)s\n"
    "%(media)s"
    "Where: %(place)s\n"
    "How often: %(frequency)s\n"
    "Who is affected: %(affected)s\n"
    "%(name)s"
)


def category_label(tr: Translator, key: str | None) -> str:
    return tr._(CATEGORIES[key]) if key in CATEGORIES else tr._(NOT_GIVEN)


def frequency_label(tr: Translator, key: str | None) -> str:
    return tr._(FREQUENCIES[key]) if key in FREQUENCIES else tr._(NOT_GIVEN)


def affected_label(tr: Translator, keys: list[str]) -> str:
    labels = [tr._(AFFECTED[k]) for k in keys if k in AFFECTED]
    return ", ".join(labels) if labels else tr._(NOT_GIVEN)


def reporter_name(report: PhenomenonReport) -> str | None:
    """The reporter's name when they allowed it and are still known; else None."""
    contact = report.contact
    if not report.show_name or contact is None:
        return None
    if contact.forgotten_at is not None or contact.telegram_user_id is None:
        return None
    return contact.display_name or None


def rounded_pin(latitude: float, longitude: float) -> tuple[float, float]:
    """The pin moved to the nearest point of a grid about 1.1 km apart: latitude in steps of
    0.01° (1.11 km everywhere), longitude in steps that span as much at that latitude (0.027°
    in Inari). Every pin around a grid point gets that point, so a map cannot tell where near
    it the reporter stood."""
    lat = round(latitude / LAT_STEP) * LAT_STEP
    step = LAT_STEP / max(math.cos(math.radians(lat)), 0.01)
    lon = round(longitude / step) * step
    return round(lat, 5), round(lon, 5)


def shown_pin(report: PhenomenonReport) -> tuple[float, float] | None:
    """Where a map may put the report's pin: exactly where the reporter's name is shown, else
    rounded to about a kilometre (``rounded_pin``), so an anonymous report's pin does not point
    at a house; None without a pin."""
    if report.latitude is None or report.longitude is None:
        return None
    if reporter_name(report) is not None:
        return report.latitude, report.longitude
    return rounded_pin(report.latitude, report.longitude)


def organisation_name(report: PhenomenonReport) -> str | None:
    return report.organisation.name if report.organisation is not None else None


def reporter_label(tr: Translator, report: PhenomenonReport) -> str:
    organisation = organisation_name(report) or tr._(NO_ORGANISATION)
    name = reporter_name(report)
    return f"{organisation} — {name}" if name else organisation


def place_label(tr: Translator, report: PhenomenonReport, *, coarse: bool = False) -> str:
    """Where the report is from; ``coarse``: an anonymous report's pin as the map shows it
    (``shown_pin``, about a kilometre), not where the reporter stood."""
    if report.latitude is not None and report.longitude is not None:
        exact = (report.latitude, report.longitude)
        pin = (shown_pin(report) or exact) if coarse else exact
        digits = 5 if pin == exact else 2
        lat, lon = f"{pin[0]:.{digits}f}", f"{pin[1]:.{digits}f}"
        if report.municipality or report.municipality_guess:
            known = report.municipality or report.municipality_guess
            name = municipality_name(known, tr.language)
            label = PIN_IN if report.municipality else PIN_GUESSED
            text = tr._(label) % {"lat": lat, "lon": lon, "municipality": name}
        else:
            text = tr._(PIN) % {"lat": lat, "lon": lon}
        if report.outside_finland:
            text += f" ⚠️ {tr._(OUTSIDE_FINLAND)}"
        return text
    parts = [p for p in (municipality_name(report.municipality, tr.language), report.village) if p]
    return ", ".join(parts) if parts else tr._(NOT_GIVEN)


def media_lines(tr: Translator, report: PhenomenonReport) -> str:
    return media_summary(tr, report.media)


def media_summary(tr: Translator, media: list[dict[str, Any]]) -> str:
    """One line per kind of attachment ("Photos: 2"), each ending in a newline."""
    kinds = [str(item.get("kind")) for item in media]
    lines = []
    for kind, label in (("photo", PHOTOS), ("voice", VOICES), ("video", VIDEOS)):
        count = kinds.count(kind) + (kinds.count("video_note") if kind == "video" else 0)
        if count:
            lines.append(tr._(label) % {"count": tr.number(count)} + "\n")
    return "".join(lines)


def excerpt(tr: Translator, text: str, limit: int = SUMMARY_EXCERPT) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    return (
        text[:limit].rstrip()
        + " "
        + tr.counted(MORE_CHARACTERS, len(text)) % {"count": tr.number(len(text))}
    )


def summary(tr: Translator, report: PhenomenonReport, *, for_reporter: bool = True) -> str:
    """The report as the reporter checks it before sending."""
    if for_reporter:
        name = tr._(NAME_SHOWN) if report.show_name else tr._(NAME_HIDDEN)
        name += "\n" if report.show_name is not None else ""
        if report.show_name is None:
            name = ""
    else:
        name = ""
    return (
        tr._(SUMMARY)
        % {
            "category": category_label(tr, report.category),
            "text": excerpt(tr, report.text) or tr._(NOT_GIVEN),
            "media": media_lines(tr, report),
            "place": place_label(tr, report),
            "frequency": frequency_label(tr, report.frequency),
            "affected": affected_label(tr, list(report.affected or [])),
            "name": name,
        }
    ).strip()


def report_date(tr: Translator, report: PhenomenonReport, zone: ZoneInfo) -> str:
    when = report.sent_at or report.updated_at
    return tr.date(when.astimezone(zone).date())
