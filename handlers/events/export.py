"""The attendee export of an event (``kylabot event attendees ID --format csv|xlsx``).

One row per person who answered (signed up, on the waitlist, declined or cancelled) in queue
order, with their organisation, language, when they answered and whether they attended; the
event's figures (invited, signed up, waitlisted, declined, attended) head the CSV and have
their own sheet in the workbook. Column names are machine-readable keys; times are ISO 8601 in
the event's zone. A person who used /forget shows no name. CSV is UTF-8 with a BOM and ``;``
(Excel in Finland opens it as is).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.events.texts import zone_of
from storage.models import Event, SignupStatus
from storage.repos import events as repo

COLUMNS = (
    "status",
    "place",
    "name",
    "organisation",
    "municipality",
    "language",
    "answered_at",
    "attended",
)
ORDER = (SignupStatus.SEAT, SignupStatus.WAITING, SignupStatus.DECLINED, SignupStatus.CANCELLED)


@dataclass(frozen=True)
class Export:
    event: Event
    figures: repo.Figures
    rows: list[dict[str, Any]]

    def figure_rows(self) -> list[tuple[str, Any]]:
        title = self.event.title.get("fi") or next(iter(self.event.title.values()), "")
        return [
            ("event", self.event.id),
            ("title", title),
            ("starts_at", _when(self.event, self.event.starts_at)),
            ("status", self.event.status.value),
            ("capacity", self.event.capacity if self.event.capacity is not None else ""),
            ("invited", self.figures.invited),
            ("signed_up", self.figures.seats),
            ("waitlisted", self.figures.waiting),
            ("declined", self.figures.declined),
            ("attended", self.figures.attended),
        ]


def _when(event: Event, moment: datetime | None) -> str:
    return moment.astimezone(zone_of(event)).isoformat(timespec="minutes") if moment else ""


async def collect(session: AsyncSession, event: Event) -> Export:
    rows: list[dict[str, Any]] = []
    for status in ORDER:
        for place, (signup, person) in enumerate(
            await repo.people(session, event.id, (status,)), start=1
        ):
            organisation = person.organisation
            rows.append(
                {
                    "status": status.value,
                    "place": place if status in (SignupStatus.SEAT, SignupStatus.WAITING) else "",
                    "name": person.display_name if person.forgotten_at is None else "",
                    "organisation": organisation.name if organisation else "",
                    "municipality": (organisation.municipality or "") if organisation else "",
                    "language": person.language
                    or (organisation.language if organisation else "")
                    or "",
                    "answered_at": _when(event, signup.updated_at),
                    "attended": {True: "yes", False: "no", None: ""}[signup.attended],
                }
            )
    return Export(event, await repo.figures(session, event.id), rows)


def csv_bytes(export: Export) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for key, value in export.figure_rows():
        writer.writerow([key, value])
    writer.writerow([])
    writer.writerow(COLUMNS)
    for row in export.rows:
        writer.writerow([row[column] for column in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(export: Export) -> bytes:
    # imported per export: openpyxl is needed only for this format
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    people = workbook.create_sheet("attendees")
    people.append(list(COLUMNS))
    for row in export.rows:
        people.append([row[column] for column in COLUMNS])
    figures = workbook.create_sheet("figures")
    for key, value in export.figure_rows():
        figures.append([key, value])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
