"""The coordinators' follow-up: per theme done / in progress / not done / not answered.

The figures come from ``report_data`` (aggregated by the database; ``build_report`` and the
row types are re-exported here); this module has the labels, the text table for terminals and
chats and the PNG stacked bar chart; ``report_files`` writes the CSV and the workbook. Numbers
and percentages are formatted by Babel in the reader's language.
"""

from __future__ import annotations

import io
import textwrap

from bot.checkin.report_data import (
    STATUS_KEYS,
    AnswerRow,
    Counts,
    OrgRow,
    PersonRow,
    Report,
    ThemeRow,
    build_report,
    combine,
)
from bot.i18n import N_, Translator
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
    MeasureStatus.DONE.value: N_("Done"),
    MeasureStatus.IN_PROGRESS.value: N_("In progress"),
    MeasureStatus.NOT_DONE.value: N_("Not done"),
    MeasureStatus.SKIPPED.value: N_("Skipped"),
    "unanswered": N_("Not answered"),
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
YES = N_("yes")
NO = N_("no")
ANSWERS = N_("Answers")
LAST_ANSWER = N_("Last answer")
SHEET_THEMES = N_("By theme")
SHEET_ORGS = N_("By organisation")
SHEET_ANSWERS = N_("All answers")
SHEET_PEOPLE = N_("Who answered")
TITLE = N_("Check-in %(round)s: %(plan)s")
NO_ANSWERS_YET = N_("No answers yet.")

COLORS = {
    "done": "#2e7d32",
    "in_progress": "#f9a825",
    "not_done": "#c62828",
    "unanswered": "#bdbdbd",
}


def status_label(tr: Translator, key: str) -> str:
    """The translated label of a status key (``done``, ``unanswered``, ...)."""
    translate = tr.gettext
    return translate(STATUS_LABELS[key])


# ----------------------------------------------------------------------------- formats


def cell(tr: Translator, counts: Counts, status: str) -> str:
    return f"{tr.number(getattr(counts, status))} ({tr.percent(counts.share(status))})"


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


def format_chat(report: Report, tr: Translator) -> str:
    """Short blocks per theme that read well on a phone."""
    labels = {s: tr._(STATUS_LABELS[s]) for s in STATUS_KEYS}
    lines = [title(report, tr), ""]
    for name, counts in [*((r.name, r.counts) for r in report.themes), (tr._(TOTAL), report.total)]:
        lines.append(f"{name} — {tr._(MEASURES).lower()} {tr.number(counts.measures)}")
        lines.append(" · ".join(f"{labels[s].lower()} {cell(tr, counts, s)}" for s in STATUS_KEYS))
        lines.append("")
    return "\n".join(lines).rstrip()


def png_bytes(report: Report, tr: Translator) -> bytes:
    """Horizontal stacked bars per theme (share of measures), Agg backend, no pyplot."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    names = [textwrap.fill(r.name, 34) for r in report.themes]
    figure = Figure(figsize=(9, 1.2 + 0.75 * max(len(names), 1)), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    positions = list(range(len(names)))[::-1]
    left = [0.0] * len(names)
    for status in STATUS_KEYS:
        values = [getattr(r.counts, status) for r in report.themes]
        bars = axes.barh(
            positions, values, left=left, color=COLORS[status], label=tr._(STATUS_LABELS[status])
        )
        for bar, value in zip(bars, values, strict=False):
            if value:
                axes.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    tr.number(value),
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if status != "unanswered" else "black",
                )
        left = [a + b for a, b in zip(left, values, strict=False)]
    axes.set_yticks(positions)
    axes.set_yticklabels(names, fontsize=9)
    axes.set_xlabel(tr._(MEASURES))
    total = report.total
    summary = " · ".join(f"{tr._(STATUS_LABELS[s])} {cell(tr, total, s)}" for s in STATUS_KEYS[:3])
    axes.set_title(f"{title(report, tr)}\n{summary}", fontsize=10)
    axes.legend(loc="lower right", fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
