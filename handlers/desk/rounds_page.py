"""The rounds page as an HTML fragment, in the coordinator's language.

The table's cells are the chat report's own (``report.header`` and ``report.table_rows``:
"26 (72 %)" in Finnish, "26 (72%)" in English), so the desk and the chat cannot show a figure
two ways; each theme's bar (``svg.py``) sits beside its row. Dates and numbers go through
``bot/formatting.py`` like everywhere else.
"""

from __future__ import annotations

from html import escape
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from handlers.broadcast.segments import ORG_KIND_LABELS
from handlers.checkin import report as rp
from handlers.checkin.report_data import change_since
from handlers.desk import texts
from handlers.desk.markup import option as _option
from handlers.desk.markup import select as _select
from handlers.desk.markup import table as _table
from handlers.desk.rounds_data import RoundsData
from handlers.desk.svg import stacked_bar

WAITING_SHOWN = 50  # organisations listed; the rest are counted (a national round has 1,000s)


def filters_form(data: RoundsData, tr: Translator) -> str:
    chosen = data.filters
    every = tr._(texts.ALL)
    rounds = [
        _option(str(r.id), r.label, data.chosen is not None and r.id == data.chosen.id)
        for r in data.rounds
    ]
    places = [_option("", every, chosen.municipality is None)] + [
        _option(m, m, m == chosen.municipality) for m in data.municipalities
    ]
    kinds = [_option("", every, chosen.kind is None)] + [
        _option(k.value, tr._(ORG_KIND_LABELS[k]), k is chosen.kind) for k in data.kinds
    ]
    themes = [_option("", every, chosen.theme_id is None)] + [
        _option(str(i), name, i == chosen.theme_id) for i, name in data.themes
    ]
    return (
        '<form class="filters" data-page="rounds">'
        + _select("round", tr._(texts.ROUND), rounds)
        + _select("municipality", tr._(texts.MUNICIPALITY), places)
        + _select("kind", tr._(texts.KIND), kinds)
        + _select("theme", tr._(texts.THEME), themes)
        + "</form>"
    )


def progress_block(data: RoundsData, tr: Translator, zone: ZoneInfo) -> str:
    chosen, progress, report = data.chosen, data.progress, data.report
    assert chosen is not None and progress is not None and report is not None
    started = tr._(texts.STARTED) % {"date": tr.datetime(chosen.started_at, zone)}
    if chosen.closed_at is None:
        closes = tr._(texts.OPEN)
    else:
        closes = tr._(texts.CLOSED) % {"date": tr.datetime(chosen.closed_at, zone)}
    figures = [
        (texts.INVITED, progress.invited),
        (texts.FINISHED, progress.finished),
        (texts.NOT_YET, progress.waiting),
        (texts.REMINDERS, progress.reminders),
    ]
    items = "".join(
        f"<div><dt>{escape(tr._(label))}</dt><dd>{escape(tr.number(value))}</dd></div>"
        for label, value in figures
    )
    heading = tr._(texts.ROUND_TITLE) % {"round": report.round_label, "plan": report.plan}
    return (
        f'<section class="progress"><h2>{escape(heading)}</h2>'
        f"<p>{escape(started)} · {escape(closes)}</p>"
        f'<dl class="figures">{items}</dl></section>'
    )


def action_form(action: str, fields: dict[str, str], label: str) -> str:
    """A button that posts ``fields`` to the action (desk.js sends it with the sign-in);
    an empty field is left out, as the filters' "All" is."""
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{escape(value)}">'
        for name, value in fields.items()
        if value
    )
    return (
        f'<form class="act" data-action="{action}">{hidden}'
        f'<button type="submit">{escape(label)}</button></form>'
    )


def _on_screen(data: RoundsData) -> dict[str, str]:
    """The round and the filters the page shows, as the actions' fields."""
    filters = data.filters
    assert data.chosen is not None
    return {
        "round": str(data.chosen.id),
        "municipality": filters.municipality or "",
        "kind": filters.kind.value if filters.kind is not None else "",
        "theme": str(filters.theme_id) if filters.theme_id is not None else "",
    }


def theme_table(report: rp.Report, tr: Translator) -> str:
    """The per-theme table (the chat report's cells) with a bar under each theme's name."""
    rows = []
    counts = [row.counts for row in report.themes] + [report.total]
    for cells, figures in zip(rp.table_rows(report, tr), counts, strict=True):
        numbers = {s: tr.number(getattr(figures, s)) for s in rp.STATUS_KEYS}
        rows.append((cells[0], cells[1:], stacked_bar(figures, numbers)))
    legend = "".join(
        f'<li><span class="swatch {s}" aria-hidden="true"></span>{escape(rp.status_label(tr, s))}'
        "</li>"
        for s in rp.STATUS_KEYS
    )
    return (
        f'<section class="themes"><h2>{escape(tr._(texts.BY_THEME))}</h2>'
        f'<ul class="legend">{legend}</ul>{_table(rp.header(tr), rows)}</section>'
    )


def change_table(data: RoundsData, tr: Translator) -> str:
    """Per theme, how many measures moved into each status since the previous round."""
    report, previous = data.report, data.previous
    assert report is not None
    if previous is None:
        return f'<section class="change"><p>{escape(tr._(texts.NO_EARLIER))}</p></section>'
    rows = [
        (name, [rp.signed(tr, d) for d in deltas], "")
        for name, deltas in change_since(report, previous)
    ]
    columns = [tr._(rp.THEME), *(rp.status_label(tr, s) for s in rp.STATUS_KEYS)]
    title = tr._(texts.CHANGE_TITLE) % {"round": previous.round_label}
    return f'<section class="change"><h2>{escape(title)}</h2>{_table(columns, rows)}</section>'


def waiting_list(data: RoundsData, tr: Translator, zone: ZoneInfo) -> str:
    """The organisations that have not answered, with their contacts and last reminder."""
    title = f"<h2>{escape(tr._(texts.WAITING_TITLE))}</h2>"
    if not data.waiting:
        return f'<section class="waiting">{title}<p>{escape(tr._(texts.EVERYONE))}</p></section>'
    remind = ""
    if data.chosen is not None and data.chosen.closed_at is None:
        count = len(data.waiting)
        fields = {k: v for k, v in _on_screen(data).items() if k != "theme"}
        remind = action_form("remind", fields, tr.counted(texts.REMIND, count) % {"count": count})
    items = []
    for waiting in data.waiting[:WAITING_SHOWN]:
        people = ", ".join(p for p in waiting.contacts if p) or tr._(texts.NO_CONTACT)
        if waiting.last_reminder_at is None:
            last = tr._(texts.NO_REMINDER)
        else:  # when, and how many reminders so far
            when = tr.datetime(waiting.last_reminder_at, zone)
            last = f"{when} ({tr.number(waiting.reminders)})"
        items.append(
            f"<li><strong>{escape(waiting.organisation)}</strong>"
            f"<span>{escape(tr._(texts.CONTACTS))}: {escape(people)}</span>"
            f"<span>{escape(tr._(texts.LAST_REMINDER))}: {escape(last)}</span></li>"
        )
    more = len(data.waiting) - WAITING_SHOWN
    rest = f"<p>{escape(tr.counted(texts.MORE_WAITING, more) % {'count': more})}</p>"
    return (
        f'<section class="waiting">{title}{remind}<ul>{"".join(items)}</ul>'
        f"{rest if more > 0 else ''}</section>"
    )


def render(data: RoundsData, tr: Translator, zone: ZoneInfo) -> str:
    """The whole page fragment; the shell puts it into its ``aria-live`` region."""
    if data.chosen is None or data.report is None:
        return f'<p class="empty">{escape(tr._(texts.NO_ROUNDS))}</p>'
    return "".join(
        [
            filters_form(data, tr),
            progress_block(data, tr, zone),
            theme_table(data.report, tr),
            action_form("send", _on_screen(data), tr._(texts.SEND_TO_CHAT)),
            change_table(data, tr),
            waiting_list(data, tr, zone),
        ]
    )
