"""What the desk's phenomena pages show, read with the chat's and the digest's own queries.

Nothing here counts or filters in SQL of its own: the reports are ``list_reports`` (what
/phenomena lists and ``kylabot phenomena export`` writes), the figures per category and per
municipality are ``report_counts`` (the digest's), and the map's places ``report_places``
(the same filter, with only the columns a map needs), all under a ``ReportFilter`` made from
the page's filters. This module reads the filters from the request, turns a round into its
period, and places each report on the map: its pin where the reporter's name is shown, the pin
rounded to about a kilometre where it is not (``service.shown_pin``, decided here on the
server, so the exact place never reaches the page), and the municipality's centre where the
report has no pin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession

from bot.municipalities import MUNICIPALITIES
from handlers.phenomena.categories import CATEGORIES
from handlers.phenomena.service import reporter_name, shown_pin
from storage.models import PhenomenonReport, Round
from storage.repos import checkin as rounds_repo
from storage.repos.phenomena import (
    PeriodCounts,
    ReportFilter,
    get_report,
    list_reports,
    report_counts,
    report_places,
)

PERIODS: Final = ("7", "30")  # days; a round's period is "r<round id>"
DEFAULT_PERIOD: Final = "30"
MAP_CAP: Final = 500  # the newest this many reports are drawn (the page stays small)
LIST_CAP: Final = 20  # and the newest this many are listed under the map
ROUND_CHOICES: Final = 10


class PinKind:
    EXACT = "exact"
    ROUNDED = "rounded"
    CENTRE = "centre"


@dataclass(frozen=True)
class Filters:
    """The page's filters as the request gave them; a value the desk does not know falls back
    to the default (it came from an older page), so the page shows something sensible."""

    period: str = DEFAULT_PERIOD
    category: str | None = None
    municipality: str | None = None

    @classmethod
    def of(cls, query: Mapping[str, str]) -> Filters:
        period = query.get("period", "")
        round_period = period.startswith("r") and period[1:].isdigit()
        category = query.get("category", "")
        municipality = query.get("municipality", "")
        return cls(
            period=period if period in PERIODS or round_period else DEFAULT_PERIOD,
            category=category if category in CATEGORIES else None,
            municipality=municipality if municipality in MUNICIPALITIES else None,
        )

    @property
    def round_id(self) -> int | None:
        return int(self.period[1:]) if self.period.startswith("r") else None


@dataclass(frozen=True)
class Pin:
    """A report on the map: where it is drawn, and how that place was found (``PinKind``)."""

    report: PhenomenonReport
    latitude: float
    longitude: float
    kind: str


@dataclass
class PhenomenaData:
    filters: Filters
    rounds: list[Round]
    counts: PeriodCounts
    reports: list[PhenomenonReport]  # the newest LIST_CAP of those matching, newest first
    pins: list[Pin] = field(default_factory=list)
    unplaced: int = 0  # of ``reports``: neither a pin nor a municipality


def period_of(
    filters: Filters, rounds: list[Round], now: datetime
) -> tuple[datetime, datetime | None]:
    """[since, until) of the chosen period, as /phenomena's filter has it: the last 7 or 30
    days (until None: up to now), or while the round was open (None while it still is)."""
    chosen = next((r for r in rounds if r.id == filters.round_id), None)
    if chosen is not None:
        return chosen.started_at, chosen.closed_at
    days = int(filters.period) if filters.period in PERIODS else int(DEFAULT_PERIOD)
    return now - timedelta(days=days), None


def place(report: PhenomenonReport) -> Pin | None:
    """Where the map draws ``report`` (see the module's docstring), or None: nowhere."""
    pin = shown_pin(report)
    if pin is not None:
        kind = PinKind.EXACT if reporter_name(report) is not None else PinKind.ROUNDED
        return Pin(report, pin[0], pin[1], kind)
    known = MUNICIPALITIES.get(report.municipality or "")
    if known is None:
        return None
    latitude, longitude = known.places[0]
    return Pin(report, latitude, longitude, PinKind.CENTRE)


async def load(session: AsyncSession, filters: Filters, now: datetime) -> PhenomenaData:
    """The page's figures, pins and list under ``filters`` (the last 30 days by default)."""
    rounds = await rounds_repo.list_rounds(session, limit=ROUND_CHOICES)
    if filters.round_id is not None and filters.round_id not in {r.id for r in rounds}:
        filters = Filters(DEFAULT_PERIOD, filters.category, filters.municipality)
    since, until = period_of(filters, rounds, now)
    flt = ReportFilter(
        category=filters.category, municipality=filters.municipality, since=since, until=until
    )
    counts = await report_counts(session, flt)
    if not counts.total:
        return PhenomenaData(filters, rounds, counts, [])
    data = PhenomenaData(filters, rounds, counts, await list_reports(session, flt, limit=LIST_CAP))
    for report in await report_places(session, flt, MAP_CAP):
        pin = place(report)
        if pin is None:
            data.unplaced += 1
        else:
            data.pins.append(pin)
    return data


async def sent_report(session: AsyncSession, report_id: int) -> PhenomenonReport | None:
    """A sent report with its replies and additions (a draft is its writer's alone)."""
    report = await get_report(session, report_id)
    return report if report is not None and report.sent_at is not None else None


def photo_ids(report: PhenomenonReport) -> list[str]:
    """The Bot API file ids of the report's photos, then of those its reporter added later,
    in the order the report view shows them (``/desk/photo?id=…&n=…`` counts in it)."""
    media = list(report.media)
    for follow_up in report.sent_follow_ups:
        media += follow_up.media
    return [str(item["file_id"]) for item in media if item.get("kind") == "photo"]


def report_id_of(query: Mapping[str, str]) -> int | None:
    value = query.get("id", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


async def photo_file_id(session: AsyncSession, query: Mapping[str, str]) -> str | None:
    """The file id of photo ``n`` of report ``id`` (as ``photo_ids`` orders them), or None."""
    report_id, index = report_id_of(query), query.get("n", "")
    if report_id is None or not index.isdigit() or len(index) > 3:
        return None
    report = await sent_report(session, report_id)
    found = photo_ids(report) if report is not None else []
    return found[int(index)] if int(index) < len(found) else None
