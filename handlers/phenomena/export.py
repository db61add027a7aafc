"""Exports of sent reports for coordinators: CSV, Excel (XLSX) and GeoJSON for maps.

Rows show the organisation always and the reporter's name only when they allowed it and have
not been forgotten (see ``handlers.phenomena.service``). Labels are in the chosen language; keys
are kept beside them so a spreadsheet can be filtered the same way in any language. What the
reporter added after sending is in the ``follow_ups`` columns (every format) and, in the
workbook, on a sheet of its own with one row per addition.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from handlers.phenomena.service import (
    affected_label,
    category_label,
    frequency_label,
    organisation_name,
    reporter_name,
)
from storage.models import PhenomenonFollowUp, PhenomenonReport

COLUMNS: Final = (
    "id",
    "sent_at",
    "category",
    "category_label",
    "municipality",
    "municipality_guess",
    "village",
    "latitude",
    "longitude",
    "outside_finland",
    "frequency",
    "frequency_label",
    "affected",
    "affected_label",
    "organisation",
    "reporter",
    "language",
    "emergency_words",
    "photos",
    "voice_messages",
    "replies",
    "text",
    "follow_ups",
    "follow_ups_text",
)
FOLLOW_UP_COLUMNS: Final = (
    "report_id",
    "sent_at",
    "text",
    "photos",
    "voice_messages",
    "emergency_words",
)
FOLLOW_UPS_KEY: Final = "follow_up_rows"  # beside COLUMNS in a row; only the workbook uses it


def _when(value: datetime | None, zone: ZoneInfo) -> str:
    return value.astimezone(zone).isoformat(timespec="minutes") if value else ""


def follow_up_row(
    zone: ZoneInfo, report: PhenomenonReport, follow_up: PhenomenonFollowUp
) -> dict[str, Any]:
    kinds = [str(item.get("kind")) for item in follow_up.media]
    return {
        "report_id": report.id,
        "sent_at": _when(follow_up.sent_at, zone),
        "text": follow_up.text,
        "photos": kinds.count("photo"),
        "voice_messages": kinds.count("voice"),
        "emergency_words": follow_up.emergency_words,
    }


def row(tr: Translator, zone: ZoneInfo, report: PhenomenonReport) -> dict[str, Any]:
    kinds = [str(item.get("kind")) for item in report.media]
    follow_ups = [follow_up_row(zone, report, f) for f in report.sent_follow_ups]
    return {
        "id": report.id,
        "sent_at": _when(report.sent_at, zone),
        "category": report.category or "",
        "category_label": category_label(tr, report.category),
        "municipality": report.municipality or "",
        "municipality_guess": report.municipality_guess or "",
        "village": report.village or "",
        "latitude": report.latitude,
        "longitude": report.longitude,
        "outside_finland": report.outside_finland,
        "frequency": report.frequency or "",
        "frequency_label": frequency_label(tr, report.frequency),
        "affected": " ".join(report.affected or []),
        "affected_label": affected_label(tr, list(report.affected or [])),
        "organisation": organisation_name(report) or "",
        "reporter": reporter_name(report) or "",
        "language": report.language or "",
        "emergency_words": report.emergency_words,
        "photos": kinds.count("photo"),
        "voice_messages": kinds.count("voice"),
        "replies": len(report.replies),
        "text": report.text,
        "follow_ups": len(follow_ups),
        "follow_ups_text": "\n\n".join(f"{item['sent_at']}: {item['text']}" for item in follow_ups),
        FOLLOW_UPS_KEY: follow_ups,
    }


def to_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in rows:
        writer.writerow({k: "" if item[k] is None else item[k] for k in COLUMNS})
    return buffer.getvalue()


def to_xlsx(rows: list[dict[str, Any]], path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "phenomena"
    sheet.append(list(COLUMNS))
    for item in rows:
        sheet.append([item[k] for k in COLUMNS])
    sheet.freeze_panes = "A2"
    additions = workbook.create_sheet("follow_ups")
    additions.append(list(FOLLOW_UP_COLUMNS))
    for item in rows:
        for follow_up in item.get(FOLLOW_UPS_KEY, []):
            additions.append([follow_up[k] for k in FOLLOW_UP_COLUMNS])
    additions.freeze_panes = "A2"
    workbook.save(path)


def to_geojson(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection of the pinned reports (GeoJSON puts longitude first)."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [item["longitude"], item["latitude"]]},
            "properties": {k: item[k] for k in COLUMNS if k not in ("latitude", "longitude")},
        }
        for item in rows
        if item["latitude"] is not None and item["longitude"] is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def geojson_text(rows: list[dict[str, Any]]) -> str:
    return json.dumps(to_geojson(rows), ensure_ascii=False, indent=1) + "\n"
