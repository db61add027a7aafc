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
    # Translators: Check-in (an organisation's contact answers the status of each measure of
    # the plan), step 2: a status to choose, two buttons to a row; also the status in /report,
    # /status, the files and the desk. Button; at most 17 characters on a phone.
    MeasureStatus.DONE.value: NP_("check-in status", "Done"),
    # Translators: Check-in (an organisation's contact answers the status of each measure of
    # the plan), step 2: a status to choose, two buttons to a row; also the status in /report,
    # /status, the files and the desk. Button; at most 17 characters on a phone.
    MeasureStatus.IN_PROGRESS.value: NP_("check-in status", "In progress"),
    # Translators: Check-in (an organisation's contact answers the status of each measure of
    # the plan), step 2: a status to choose, two buttons to a row; also the status in /report,
    # /status, the files and the desk. Button; at most 17 characters on a phone.
    MeasureStatus.NOT_DONE.value: NP_("check-in status", "Not done"),
    # Translators: /report, /status, the files and the desk: the status of a measure the
    # organisation skipped (its button is "Skip").
    MeasureStatus.SKIPPED.value: NP_("check-in status", "Skipped"),
    # Translators: /report, /status, the files and the desk: the status of a measure nobody
    # answered yet.
    "unanswered": NP_("check-in status", "Not answered"),
}
# Translators: /report, Excel workbook and CSV file: column heading, the theme of the plan
# (the desk's filter has its own).
THEME = N_("Theme")
# Translators: /report CSV file: column heading, the number of measures of a theme.
MEASURES = N_("Measures")
# Translators: /report (coordinators): the check-in report by theme, in the chat, the
# chart and the files: the row of all themes together.
TOTAL = N_("Total")
# Translators: /report, Excel workbook and CSV file: column heading, the organisation's
# name.
ORGANISATION = N_("Organisation")
# Translators: /report, Excel workbook and CSV file: sheet By organisation: column
# heading, how many measures the organisation was asked.
ASKED = N_("Asked")
# Translators: /report, Excel workbook and CSV file: sheet By organisation: column
# heading, how many of them it answered.
ANSWERED = N_("Answered")
# Translators: /report, Excel workbook and CSV file: sheet By organisation: column
# heading, the share answered as a percentage.
RESPONSE_RATE = N_("Response rate")
# Translators: /report, Excel workbook and CSV file: sheet All answers: column heading,
# the measure's number and title.
MEASURE = N_("Measure")
# Translators: /report, Excel workbook and CSV file: sheet All answers: column heading,
# the status given (Done, In progress...).
STATUS = N_("Status")
# Translators: /report, Excel workbook and CSV file: sheet All answers: column heading,
# the comment given with the status.
COMMENT = N_("Comment")
# Translators: /report, Excel workbook and CSV file: sheets All answers and Who answered:
# column heading, the name of the person who answered.
ANSWERED_BY = N_("Answered by")
# Translators: /report, Excel workbook and CSV file: sheet Who answered: column heading,
# the language the person uses.
LANGUAGE = N_("Language")
# Translators: /report, Excel workbook and CSV file: sheet All answers: column heading,
# date and time of the answer.
ANSWERED_AT = N_("Answered at")
# Translators: /report, Excel workbook and CSV file: sheet All answers: column heading,
# yes or no: whether this answer is the organisation's latest, the one that counts.
COUNTS = N_("Counts")
# Translators: /report, Excel workbook and CSV file: sheet All answers, column Counts: the
# answer counts, lower case.
YES = NP_("table cell", "yes")
# Translators: /report, Excel workbook and CSV file: sheet All answers, column Counts: a
# later answer replaced it, lower case.
NO = NP_("table cell", "no")
# Translators: /report, Excel workbook and CSV file: sheet Who answered: column heading,
# how many answers the person gave.
ANSWERS = N_("Answers")
# Translators: /report, Excel workbook and CSV file: sheet Who answered: column heading,
# date and time of the person's last answer.
LAST_ANSWER = N_("Last answer")
# Translators: /report, Excel workbook and CSV file: the name of a sheet (at most 31
# characters): the table per theme.
SHEET_THEMES = N_("By theme")
# Translators: /report, Excel workbook and CSV file: the name of a sheet (at most 31
# characters): the table per organisation.
SHEET_ORGS = N_("By organisation")
# Translators: /report, Excel workbook and CSV file: the name of a sheet (at most 31
# characters): every answer given.
SHEET_ANSWERS = N_("All answers")
# Translators: /report, Excel workbook and CSV file: the name of a sheet (at most 31
# characters): the people who answered.
SHEET_PEOPLE = N_("Who answered")
# Translators: /report (coordinators): the check-in report by theme, the title of the
# table, the chart and the workbook. %(round)s = the round's label, e.g. Q3/2026; %(plan)s
# = the plan's name.
TITLE = N_("Check-in %(round)s: %(plan)s")
# Translators: /report (coordinators): the check-in report by theme, in the chat, when
# nobody has answered the round yet.
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
