"""Exports of sent reports for coordinators: CSV, Excel (XLSX) and GeoJSON for maps.

Rows show the organisation always and the reporter's name only when they allowed it and have
not been forgotten (see ``bot.phenomena.service``). Labels are in the chosen language; keys
are kept beside them so a spreadsheet can be filtered the same way in any language.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from bot.phenomena.service import (
    affected_label,
    category_label,
    frequency_label,
    organisation_name,
    reporter_name,
)
from storage.models import PhenomenonReport

COLUMNS: Final = (
    "id",
    "sent_at",
    "category",
    "category_label",
    "municipality",
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
)


def row(tr: Translator, zone: ZoneInfo, report: PhenomenonReport) -> dict[str, Any]:
    kinds = [str(item.get("kind")) for item in report.media]
    return {
        "id": report.id,
        "sent_at": report.sent_at.astimezone(zone).isoformat(timespec="minutes")
        if report.sent_at
        else "",
        "category": report.category or "",
        "category_label": category_label(tr, report.category),
        "municipality": report.municipality or "",
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
