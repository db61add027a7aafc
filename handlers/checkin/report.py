"""The coordinators' follow-up: per theme done / in progress / not done / not answered.

The figures come from ``report_data`` (aggregated by the database; ``build_report`` and the
row types are re-exported here); this module has the labels and the text table for terminals;
``report_phone`` draws the chat table and the chart for a phone first; ``report_files`` writes
the CSV and the workbook. Numbers and percentages are formatted in the reader's language.
"""

from __future__ import annotations

from bot.i18n import N_, NP_, Translator
from handlers.checkin.report_data import (
    STATUS_KEYS,
    Counts,
    OrgRow,
    Report,
    ThemeRow,
    build_report,
    combine,
)
from handlers.checkin.report_history import AnswerRow, PersonRow
from storage.models import MeasureStatus

__all__ = [
    "STATUS_KEYS",
    "AnswerRow",
    "Counts",
    "OrgRow",
    "PersonRow",
    "Report",
    "ThemeRow",
    "build_report",
    "combine",
]

STATUS_LABELS: dict[str, str] = {
    MeasureStatus.DONE.value: NP_("check-in status", "Done"),
    MeasureStatus.IN_PROGRESS.value: NP_("check-in status", "In progress"),
    MeasureStatus.NOT_DONE.value: NP_("check-in status", "Not done"),
    MeasureStatus.SKIPPED.value: NP_("check-in status", "Skipped"),
    "unanswered": NP_("check-in status", "Not answered"),
}
THEME = N_("Theme")
MEASURES = N_("Measures")
TOTAL = N_("Total")
ORGANISATION = N_("Organisation")
ASKED = N_("Asked")
ANSWERED = N_("Answered")
RESPONSE_RATE = N_("Response rate")
MEASURE = N_("Measure")
STATUS = N_("Status")
COMMENT = N_("Comment")
ANSWERED_BY = N_("Answered by")
LANGUAGE = N_("Language")
ANSWERED_AT = N_("Answered at")
COUNTS = N_("Counts")
YES = NP_("table cell", "yes")
NO = NP_("table cell", "no")
ANSWERS = N_("Answers")
LAST_ANSWER = N_("Last answer")
SHEET_THEMES = N_("By theme")
SHEET_ORGS = N_("By organisation")
SHEET_ANSWERS = N_("All answers")
SHEET_PEOPLE = N_("Who answered")
TITLE = N_("Check-in %(round)s: %(plan)s")
NO_ANSWERS_YET = N_("No answers yet.")


def status_label(tr: Translator, key: str) -> str:
    """The translated label of a status key (``done``, ``unanswered``, ...)."""
    translate = tr.gettext
    return translate(STATUS_LABELS[key])


# ----------------------------------------------------------------------------- formats


def cell(tr: Translator, counts: Counts, status: str) -> str:
    return f"{tr.number(getattr(counts, status))} ({tr.percent(counts.share(status))})"


def signed(tr: Translator, value: int) -> str:
    """A change in a count: "+3", "-2", "0" (the chat report and the desk show it alike)."""
    return f"+{tr.number(value)}" if value > 0 else tr.number(value)


def header(tr: Translator) -> list[str]:
    return [tr._(THEME), tr._(MEASURES), *[tr._(STATUS_LABELS[s]) for s in STATUS_KEYS]]


def table_rows(report: Report, tr: Translator) -> list[list[str]]:
    rows = [
        [row.name, tr.number(row.counts.measures), *[cell(tr, row.counts, s) for s in STATUS_KEYS]]
        for row in report.themes
    ]
    rows.append(
        [
            tr._(TOTAL),
            tr.number(report.total.measures),
            *[cell(tr, report.total, s) for s in STATUS_KEYS],
        ]
    )
    return rows


def title(report: Report, tr: Translator) -> str:
    return tr._(TITLE) % {"round": report.round_label, "plan": report.plan}


def format_text(report: Report, tr: Translator) -> str:
    """A plain-text table with aligned columns (terminal, e-mail)."""
    rows = [header(tr), *table_rows(report, tr)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [title(report, tr), ""]
    for index, row in enumerate(rows):
        parts = [row[0].ljust(widths[0])] + [
            v.rjust(w) for v, w in zip(row[1:], widths[1:], strict=False)
        ]
        if index == len(rows) - 1:
            lines.append("-" * (sum(widths) + 2 * (len(widths) - 1)))
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)
