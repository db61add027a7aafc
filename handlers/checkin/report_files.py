"""The report as files: the per-theme CSV and the four-sheet workbook.

CSV is UTF-8 with a BOM (so Excel reads ä, å and Sámi letters), ``;``-separated where the
decimal mark is a comma. The workbook is written in openpyxl's write-only mode with our own row
numbers: reading ``Worksheet.max_row`` after every appended row made a 100,000-answer workbook
take minutes (the cost grows with the square of the rows; issue 12, item 16). Both run in a
worker thread in the chat (``asyncio.to_thread``), so other conversations never wait for them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from bot import formatting
from bot.i18n import ENDONYMS, Translator
from handlers.checkin.report import (
    ANSWERED,
    ANSWERED_AT,
    ANSWERED_BY,
    ANSWERS,
    ASKED,
    COMMENT,
    COUNTS,
    LANGUAGE,
    LAST_ANSWER,
    MEASURE,
    MEASURES,
    NO,
    ORGANISATION,
    RESPONSE_RATE,
    SHEET_ANSWERS,
    SHEET_ORGS,
    SHEET_PEOPLE,
    SHEET_THEMES,
    STATUS,
    STATUS_LABELS,
    THEME,
    TOTAL,
    YES,
    title,
)
from handlers.checkin.report_data import STATUS_KEYS, Report


def csv_bytes(report: Report, tr: Translator) -> bytes:
    """The per-theme table as CSV, UTF-8 with a BOM so Excel reads ä, å and Sámi letters."""
    delimiter = ";" if formatting.decimal_mark(tr.language) == "," else ","
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(
        [
            tr._(THEME),
            tr._(MEASURES),
            *[
                x
                for s in STATUS_KEYS
                for x in (tr._(STATUS_LABELS[s]), f"{tr._(STATUS_LABELS[s])} %")
            ],
        ]
    )
    for name, counts in [*((r.name, r.counts) for r in report.themes), (tr._(TOTAL), report.total)]:
        writer.writerow(
            [
                name,
                counts.measures,
                *[
                    x
                    for s in STATUS_KEYS
                    for x in (getattr(counts, s), tr.percent(counts.share(s)))
                ],
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


PERCENT = "0%"
DATETIME = "yyyy-mm-dd hh:mm"


class Sheet:
    """A write-only worksheet that styles cells as they are appended (no re-reading)."""

    def __init__(self, worksheet: Any, cell_type: Any, bold: Any) -> None:
        self.worksheet = worksheet
        self.cell_type = cell_type
        self.bold = bold

    def row(
        self, values: list[Any], formats: dict[int, str] | None = None, bold: bool = False
    ) -> None:
        """Appends one row; ``formats`` maps 0-based column indexes to number formats."""
        if not formats and not bold:
            self.worksheet.append(values)
            return
        cells: list[Any] = list(values)
        for index, value in enumerate(values):
            if not bold and not (formats and index in formats):
                continue  # a plain value: openpyxl makes the cell itself, more cheaply
            cell = self.cell_type(self.worksheet, value=value)
            if formats and index in formats:
                cell.number_format = formats[index]
            if bold:
                cell.font = self.bold
            cells[index] = cell
        self.worksheet.append(cells)

    def bold_row(self, values: list[Any]) -> None:
        self.row(values, bold=True)


class Sheets:
    """Creates the workbook's sheets with their column widths (set before any row)."""

    def __init__(self) -> None:
        # imported per workbook: openpyxl is needed only for this format, not at bot start
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        self.workbook = Workbook(write_only=True)
        self.cell_type = WriteOnlyCell
        self.bold = Font(bold=True)

    def add(self, name: str, widths: Mapping[str, float]) -> Sheet:
        worksheet = self.workbook.create_sheet(_sheet_title(name))
        for column, width in widths.items():
            worksheet.column_dimensions[column].width = width
        return Sheet(worksheet, self.cell_type, self.bold)

    def save(self) -> bytes:
        out = io.BytesIO()
        self.workbook.save(out)
        return out.getvalue()


def _sheet_title(text: str) -> str:
    for bad in "[]:*?/\\":
        text = text.replace(bad, " ")
    return text[:31]


def xlsx_bytes(report: Report, tr: Translator, zone: ZoneInfo) -> bytes:
    """The four-sheet workbook: by theme, by organisation, all answers, who answered."""
    sheets = Sheets()
    _themes_sheet(sheets.add(tr._(SHEET_THEMES), {"A": 60}), report, tr)
    orgs = sheets.add(tr._(SHEET_ORGS), {"A": 36})
    orgs.bold_row(
        [
            tr._(ORGANISATION),
            tr._(ASKED),
            tr._(ANSWERED),
            tr._(RESPONSE_RATE),
            *[tr._(STATUS_LABELS[s]) for s in STATUS_KEYS],
        ]
    )
    for org in report.organisations:
        orgs.row(
            [
                org.name,
                org.asked,
                org.answered,
                org.rate,
                *(getattr(org.counts, s) for s in STATUS_KEYS),
            ],
            formats={3: PERCENT},
        )
    widths = dict(zip("ABCDEFGH", (30, 50, 30, 14, 50, 20, 18, 8), strict=True))
    answers = sheets.add(tr._(SHEET_ANSWERS), widths)
    answers.bold_row(
        [
            tr._(THEME),
            tr._(MEASURE),
            tr._(ORGANISATION),
            tr._(STATUS),
            tr._(COMMENT),
            tr._(ANSWERED_BY),
            tr._(ANSWERED_AT),
            tr._(COUNTS),
        ]
    )
    labels = {key: tr._(label) for key, label in STATUS_LABELS.items()}
    yes, no = tr._(YES), tr._(NO)
    for a in report.answers:
        answers.row(
            [
                a.theme,
                f"{a.measure_key} {a.measure}",
                a.organisation,
                labels[a.status],
                a.comment,
                a.person,
                a.answered_at.astimezone(zone).replace(tzinfo=None),
                yes if a.counts else no,
            ],
            formats={6: DATETIME},
        )
    people = sheets.add(tr._(SHEET_PEOPLE), {})
    people.bold_row(
        [tr._(ANSWERED_BY), tr._(ORGANISATION), tr._(LANGUAGE), tr._(ANSWERS), tr._(LAST_ANSWER)]
    )
    for p in report.people:
        people.row(
            [
                p.person,
                p.organisation,
                ENDONYMS.get(p.language, p.language),
                p.answers,
                p.last.astimezone(zone).replace(tzinfo=None),
            ],
            formats={4: DATETIME},
        )
    return sheets.save()


def _themes_sheet(sheet: Sheet, report: Report, tr: Translator) -> None:
    sheet.bold_row([title(report, tr)])
    sheet.bold_row(
        [
            tr._(THEME),
            tr._(MEASURES),
            *[x for s in STATUS_KEYS for x in (tr._(STATUS_LABELS[s]), "%")],
        ]
    )
    shares = {index: PERCENT for index in range(3, 3 + 2 * len(STATUS_KEYS), 2)}
    rows = [*((r.name, r.counts) for r in report.themes), (tr._(TOTAL), report.total)]
    for index, (name, counts) in enumerate(rows):
        sheet.row(
            [
                name,
                counts.measures,
                *[x for s in STATUS_KEYS for x in (getattr(counts, s), counts.share(s))],
            ],
            formats=shares,
            bold=index == len(rows) - 1,
        )
