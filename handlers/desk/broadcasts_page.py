"""The broadcasts page as an HTML fragment, in the coordinator's language: each broadcast's state,
scheduled time and delivery figures, and what was not delivered, by reason.

A broadcast's head line is /broadcasts' ("#3 · time · audience"), the reasons and the waiting
line are the chat's progress and summary texts (``handlers/broadcast/progress.py``), so the
desk and the chat word them alike. Dates and numbers go through the one formatter.
"""

from __future__ import annotations

from html import escape
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from bot.i18n import Translator
from bot.services import Services
from handlers.broadcast import progress
from handlers.broadcast import texts as words
from handlers.desk import broadcasts_data, markup, texts
from handlers.desk.auth import Viewer
from handlers.desk.broadcasts_data import LISTED, BroadcastsData, Row
from storage.models import BroadcastStatus

STATE_LABELS = {
    BroadcastStatus.SCHEDULED: texts.SCHEDULED,
    BroadcastStatus.QUEUED: texts.SENDING,
    BroadcastStatus.DONE: texts.FINISHED,
    BroadcastStatus.CANCELLED: texts.CANCELLED,
}


async def page(
    query: QueryParams, services: Services, session: AsyncSession, viewer: Viewer
) -> str:
    filters = broadcasts_data.Filters.of(query)
    tr = services.catalogs.get(viewer.language, "desk")
    data = await broadcasts_data.load(session, services.segments, tr, filters, services.now())
    return render(data, tr, services.settings.zone)


def render(data: BroadcastsData, tr: Translator, zone: ZoneInfo) -> str:
    if not data.rows:
        empty = tr._(
            words.NO_BROADCASTS if data.filters.status is None else texts.NO_SUCH_BROADCASTS
        )
        body = f'<p class="empty">{escape(empty)}</p>'
    else:
        body = "".join(card(row, tr, zone) for row in data.rows) + markup.more(tr, data.more)
    return filters_form(data, tr) + f'<section class="broadcasts">{body}</section>'


def filters_form(data: BroadcastsData, tr: Translator) -> str:
    chosen = data.filters.status
    options = [markup.option("", tr._(texts.ALL), chosen is None)] + [
        markup.option(status, tr._(STATE_LABELS[status]), status is chosen) for status in LISTED
    ]
    return (
        '<form class="filters" data-page="broadcasts">'
        + markup.select("status", tr._(texts.STATUS), options)
        + "</form>"
    )


def figure_items(tr: Translator, row: Row) -> list[tuple[str, str]]:
    """The delivery figures, as /broadcasts and ``kylabot broadcast list`` have them."""
    figures = row.figures
    return [
        (tr._(texts.RECIPIENTS), tr.number(figures.total)),
        (tr._(texts.SENT), tr.number(figures.sent)),
        (tr._(texts.QUEUED), tr.number(figures.open)),
        (tr._(texts.FAILED), tr.number(figures.failed)),
        (tr._(texts.BLOCKED), tr.number(figures.blocked)),
    ]


def _state(row: Row, tr: Translator, zone: ZoneInfo) -> str:
    """Its state, with its times: "Scheduled for …", "Sending", "Finished …", "Cancelled"; a
    broadcast that was scheduled keeps its scheduled time after it fired or was cancelled."""
    broadcast = row.broadcast
    scheduled = broadcast.scheduled_for
    parts = []
    if broadcast.status is BroadcastStatus.DONE and broadcast.finished_at is not None:
        parts.append(tr._(texts.FINISHED_AT) % {"time": tr.datetime(broadcast.finished_at, zone)})
    elif broadcast.status is not BroadcastStatus.SCHEDULED or scheduled is None:
        parts.append(tr._(STATE_LABELS[broadcast.status]))
    if scheduled is not None:
        parts.append(tr._(texts.SCHEDULED_FOR) % {"time": tr.datetime(scheduled, zone)})
    if broadcast.urgent:
        parts.append(tr._(words.URGENT_ON))
    return f'<p class="state">{escape(" · ".join(parts))}</p>'


def _delivery(row: Row, tr: Translator, zone: ZoneInfo) -> str:
    """The figures, what still waits and why, and the failures by reason."""
    figures = row.figures
    if not figures.total:
        return ""
    html = markup.figures(figure_items(tr, row), "figures wrap")
    if figures.waiting and figures.next_due is not None:
        waiting = tr._(progress.WAITING) % {
            "count": tr.number(figures.waiting),
            "time": tr.datetime(figures.next_due, zone),
        }
        html += f"<p>{escape(waiting)}</p>"
    skipped = row.broadcast.skipped or {}
    if skipped.get("paused") or skipped.get("left"):
        numbers = {key: tr.number(int(skipped.get(key, 0))) for key in ("paused", "left")}
        html += f"<p>{escape(tr._(words.SKIPPED) % numbers)}</p>"
    if row.reasons:
        items = "".join(
            f"<li>{escape(tr.number(count))}: {escape(progress.reason_label(tr, reason))}</li>"
            for reason, count in row.reasons
        )
        html += f'<p>{escape(tr._(progress.NOT_DELIVERED))}</p><ul class="reasons">{items}</ul>'
    elif row.broadcast.status is BroadcastStatus.DONE:
        html += f"<p>{escape(tr._(progress.ALL_DELIVERED))}</p>"
    return html


def card(row: Row, tr: Translator, zone: ZoneInfo) -> str:
    broadcast = row.broadcast
    when = tr.datetime(broadcast.created_at, zone)
    head = f"#{broadcast.id} · {when} · {row.audience}"  # /broadcasts' head line
    return (
        f'<article class="broadcast"><h2>{escape(head)}</h2>{_state(row, tr, zone)}'
        f'<blockquote class="excerpt">{escape(row.excerpt)}</blockquote>'
        f"{_delivery(row, tr, zone)}</article>"
    )
