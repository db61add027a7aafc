"""The follow-up as coordinators read it on a phone: the chat table and the PNG chart.

Issue 12, item 15: the chat table wrapped to about three lines per theme (a second line of
~85 characters), and the chart's labels could not be read at a phone's 390 px. So the chat
table keeps every line within ``CHAT_WIDTH`` characters (an emoji counts as two), and the
chart is drawn for a phone first: 390 px at twice the density, large type, each theme's name
on a line of its own above a full-width bar, the numbers inside the bars, a legend with only
the statuses that occur, and colours that stay apart for colour-blind readers (checked under
simulated protanopia, deuteranopia and tritanopia in the tests). Kept apart from
``handlers.checkin.report``, which computes the figures, so each can change on its own.
"""

from __future__ import annotations

import io
import textwrap
import threading
import unicodedata
from dataclasses import dataclass
from typing import Final

from bot.i18n import Translator
from handlers.checkin.report import (
    STATUS_KEYS,
    STATUS_LABELS,
    TOTAL,
    Counts,
    Report,
    cell,
    signed,
    title,
)
from handlers.checkin.report_data import change_since

CHAT_WIDTH: Final = 35  # characters a line that fit a phone's chat bubble without wrapping

# A symbol per status: the shape tells them apart without colour.
SYMBOLS: Final = {"done": "✅", "in_progress": "⏳", "not_done": "❌", "unanswered": "❔"}
CHANGE_MARK: Final = "±"  # the line of a theme's change since the previous round

# Blue / amber / red / light grey: a palette chosen to stay distinct under red-green and
# blue-yellow colour blindness (the old green and red were nearly the same for deuteranopes).
COLORS: Final = {
    "done": "#005AB5",
    "in_progress": "#FFC20A",
    "not_done": "#DC3220",
    "unanswered": "#D9D9D9",
}
TEXT_COLORS: Final = {
    "done": "white",
    "in_progress": "black",
    "not_done": "white",
    "unanswered": "black",
}

PHONE_PX: Final = 390  # a phone's width in CSS pixels
DENSITY: Final = 2  # drawn at twice that, as phones show images
DPI: Final = 200
WIDTH_IN: Final = PHONE_PX * DENSITY / DPI
TITLE_PT: Final = 12.0
LABEL_PT: Final = 10.5  # theme names, legend
NUMBER_PT: Final = 11.0  # the counts inside the bars
WRAP: Final = 30  # characters of a theme name a line at LABEL_PT over WIDTH_IN


def display_width(text: str) -> int:
    """Columns ``text`` takes in a chat bubble: wide characters (emoji) count as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap(text: str, width: int = CHAT_WIDTH) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def _pack(items: list[str], width: int = CHAT_WIDTH, separator: str = " · ") -> list[str]:
    """``items`` joined by ``separator`` into as few lines as fit ``width``."""
    lines: list[str] = []
    for item in items:
        joined = f"{lines[-1]}{separator}{item}" if lines else item
        if lines and display_width(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(item)
    return lines


def _change_line(tr: Translator, deltas: list[int]) -> list[str]:
    """``± ✅ +3  ⏳ -2  ❌ -1  ❔ 0``: how many measures more or fewer each status has."""
    moved = [f"{SYMBOLS[s]} {signed(tr, d)}" for s, d in zip(STATUS_KEYS, deltas, strict=True)]
    return _pack([CHANGE_MARK, *moved], separator="  ")


def format_chat(report: Report, tr: Translator, previous: Report | None = None) -> str:
    """A legend, then per theme its name and measure count and one line of symbols and counts
    (and, with ``previous``, one of the change since that round); the total with percentages.
    Every line fits ``CHAT_WIDTH``."""
    labels = {s: tr._(STATUS_LABELS[s]).lower() for s in STATUS_KEYS}
    lines = [*_wrap(title(report, tr)), ""]
    lines += _pack([f"{SYMBOLS[s]} {labels[s]}" for s in STATUS_KEYS])
    # change_since keeps the report's theme order: one list of deltas per row
    changes = [d for _, d in change_since(report, previous)] if previous is not None else []
    if previous is not None:
        # Translators: /report (coordinators), the chat's per-theme table: the legend of the
        # line under each theme that says how its counts changed since the round before; keep
        # the ± sign. %(round)s = the earlier round's label, e.g. Q2/2026.
        lines += _wrap(tr._("± change since round %(round)s") % {"round": previous.round_label})
    for index, row in enumerate(report.themes):
        lines += ["", *_wrap(f"{row.name}\u00a0({tr.number(row.counts.measures)})")]
        counts = [f"{SYMBOLS[s]} {tr.number(getattr(row.counts, s))}" for s in STATUS_KEYS]
        lines += _pack(counts, separator="  ")
        if changes:
            lines += _change_line(tr, changes[index])
    total = report.total
    lines += ["", *_wrap(f"{tr._(TOTAL)} ({tr.number(total.measures)})")]
    for status in STATUS_KEYS:
        lines += _wrap(f"{SYMBOLS[status]} {labels[status]} {cell(tr, total, status)}")
    if previous is not None:
        before = previous.total
        lines += _change_line(tr, [getattr(total, s) - getattr(before, s) for s in STATUS_KEYS])
    return "\n".join(lines)


@dataclass(frozen=True)
class LegendEntry:
    status: str
    label: str
    color: str


def legend(report: Report, tr: Translator) -> list[LegendEntry]:
    """The statuses that occur in the report, with their totals; empty ones are left out."""
    return [
        LegendEntry(
            status,
            f"{tr._(STATUS_LABELS[status])} {cell(tr, report.total, status)}",
            COLORS[status],
        )
        for status in STATUS_KEYS
        if getattr(report.total, status)
    ]


def _draw_bar(axes: object, y: float, counts: Counts, tr: Translator) -> None:
    from matplotlib.axes import Axes

    assert isinstance(axes, Axes)
    left = 0.0
    for status in STATUS_KEYS:
        value = getattr(counts, status)
        width = counts.share(status)
        if not value:
            continue
        axes.barh(y, width, left=left, height=0.26, color=COLORS[status], linewidth=0)
        axes.text(
            left + width / 2,
            y,
            tr.number(value),
            ha="center",
            va="center",
            fontsize=NUMBER_PT,
            fontweight="bold",
            color=TEXT_COLORS[status],
        )
        left += width


def _import_matplotlib() -> None:
    # imported only when a chart is drawn: matplotlib costs about 0.35 s of imports
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: F401
    from matplotlib.figure import Figure  # noqa: F401
    from matplotlib.patches import Patch  # noqa: F401


def preload() -> threading.Thread:
    """Imports matplotlib in a thread while the report's queries run.

    SQLite (and the wait for PostgreSQL's answer) release the GIL, so on two cores the import
    and the queries overlap: ``kylabot report --format png`` on 100,000 answers takes about the
    time of the slower of the two instead of their sum. Join it before drawing.
    """
    thread = threading.Thread(target=_import_matplotlib, name="matplotlib-import", daemon=True)
    thread.start()
    return thread


def png_bytes(report: Report, tr: Translator) -> bytes:
    """100 % bars per theme (its measures by status), drawn for a phone; Agg, no pyplot."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    names = [textwrap.wrap(r.name, WRAP) or [""] for r in report.themes]
    names = [
        [*lines[:-1], f"{lines[-1]} ({tr.number(r.counts.measures)})"]
        for lines, r in zip(names, report.themes, strict=True)
    ]
    entries = legend(report, tr)
    heading = textwrap.fill(title(report, tr), 34)
    title_in = 0.12 + 0.24 * (heading.count("\n") + 1)
    head_in = title_in + 0.1 + 0.24 * len(entries)
    rows_in = [0.42 + 0.2 * len(lines) for lines in names]
    total_in = head_in + sum(rows_in) + 0.1
    figure = Figure(figsize=(WIDTH_IN, total_in), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.04, 0.1 / total_in, 0.92, sum(rows_in) / total_in))
    y = 0.0  # the axes' vertical unit is one inch, from the top
    for lines, row, height in zip(names, report.themes, rows_in, strict=True):
        y -= height
        axes.text(0, y + height - 0.02, "\n".join(lines), fontsize=LABEL_PT, va="top")
        _draw_bar(axes, y + 0.23, row.counts, tr)
    axes.set_xlim(0, 1)
    axes.set_ylim(y, 0)
    axes.set_axis_off()
    figure.suptitle(heading, x=0.04, y=1 - 0.08 / total_in, ha="left", va="top", fontsize=TITLE_PT)
    if entries:
        figure.legend(
            handles=[Patch(color=e.color, label=e.label) for e in entries],
            loc="upper left",
            bbox_to_anchor=(0.025, 1 - title_in / total_in),
            fontsize=LABEL_PT,
            frameon=False,
            handlelength=1.2,
            borderpad=0,
        )
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
