"""One report on the desk (``/desk/page/phenomenon?id=N``): the report, its photos, its status,
the answers and additions, and the two things a coordinator does with it.

The words and lines are the chat's (``handlers/phenomena/reading.py``, ``service.py``): who
sent it shows the organisation and the name only where the reporter allowed it, and an
anonymous report's place is its pin rounded as on the map. The photos are fetched by
``static/phenomena.js`` from ``/desk/photo`` with the sign-in (``photo.py``), never linked to
Telegram. Answering and marking handled are forms posted to the desk's actions
(``phenomena_actions.py``); where the desk is read-only their buttons are off.
"""

from __future__ import annotations

from html import escape
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from bot.i18n import ENDONYMS, Translator
from bot.language import choose_language
from bot.services import Services
from handlers.desk import phenomena_texts as pt
from handlers.desk.auth import Viewer
from handlers.desk.phenomena_data import photo_ids, report_id_of, sent_report
from handlers.desk.phenomena_page import status_key, status_label
from handlers.phenomena import coordinator_texts as chat
from handlers.phenomena.reading import FLAGGED, handled_line, history
from handlers.phenomena.replying import MAX_REPLY, reporter_of
from handlers.phenomena.service import (
    category_label,
    media_lines,
    place_label,
    report_date,
    reporter_label,
)
from storage.models import PhenomenonReport

ANSWER_ACTION = "phenomenon-answer"
HANDLED_ACTION = "phenomenon-handled"


def _language(report: PhenomenonReport, reporter_language: str | None) -> str:
    code = reporter_language or report.language or ""
    return ENDONYMS.get(code, code or "-")


def facts(report: PhenomenonReport, tr: Translator, zone: ZoneInfo, language: str) -> str:
    status = status_label(tr, report)
    handled = handled_line(tr, report, zone)
    rows = [
        (pt.SENT, report_date(tr, report, zone)),
        (chat.CHOOSE_CATEGORY, category_label(tr, report.category)),
        (pt.WHERE, place_label(tr, report, coarse=True)),
        (pt.FROM, reporter_label(tr, report)),
        (pt.LANGUAGE, language),
        (pt.STATUS, f"{status} ({handled})" if handled else status),
    ]
    items = "".join(
        f"<div><dt>{escape(tr._(label))}</dt><dd>{escape(value)}</dd></div>"
        for label, value in rows
    )
    return f'<dl class="facts {status_key(report)}">{items}</dl>'


def photos(report: PhenomenonReport, tr: Translator) -> str:
    """Empty images the page script fills from ``/desk/photo`` (with the sign-in header)."""
    count = len(photo_ids(report))
    if not count:
        return ""
    failed = escape(tr._(pt.PHOTO_FAILED))
    images = "".join(
        f'<img data-photo="desk/photo?id={report.id}&amp;n={n}" data-failed="{failed}" '
        f'alt="{escape(tr._(pt.PHOTO) % {"number": tr.number(n + 1), "count": tr.number(count)})}">'
        for n in range(count)
    )
    return f'<div class="photos">{images}</div>'


def answer_form(report: PhenomenonReport, tr: Translator, language: str) -> str:
    hint = tr._(pt.ANSWER_HINT) % {"limit": tr.number(MAX_REPLY), "language": language}
    return (
        f'<form class="answer" data-action="{ANSWER_ACTION}">'
        f'<input type="hidden" name="id" value="{report.id}">'
        f'<label for="answer-text">{escape(tr._(pt.ANSWER))}</label>'
        f'<textarea id="answer-text" name="text" rows="4" maxlength="{MAX_REPLY}" '
        f'aria-describedby="answer-hint"></textarea>'
        f'<p id="answer-hint" class="hint">{escape(hint)}</p>'
        f'<button type="submit">{escape(tr._(pt.SEND_ANSWER))}</button></form>'
    )


def handled_form(report: PhenomenonReport, tr: Translator) -> str:
    if report.handled_at is not None:
        return ""
    return (
        f'<form class="handled" data-action="{HANDLED_ACTION}">'
        f'<input type="hidden" name="id" value="{report.id}">'
        f'<button type="submit">{escape(tr._(pt.MARK_HANDLED))}</button></form>'
    )


def render(
    report: PhenomenonReport, tr: Translator, zone: ZoneInfo, reporter_language: str | None
) -> str:
    """The report's fragment; ``reporter_language`` is the language the answer reaches them in
    (their own now, which may differ from the report's)."""
    language = _language(report, reporter_language)
    text = report.text.strip()
    lines = history(tr, report, zone)
    past = (
        '<ul class="history">' + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"
        if lines
        else f'<p class="hint">{escape(tr._(pt.NO_HISTORY))}</p>'
    )
    flagged = f'<p class="notice">⚠️ {escape(tr._(FLAGGED))}</p>' if report.emergency_words else ""
    media = media_lines(tr, report).strip()
    return (
        '<section class="report" data-scripts="phenomena.js">'
        f'<p><a href="#phenomena" data-page="phenomena" data-query="">'
        f"{escape(tr._(pt.BACK_TO_MAP))}</a></p>"
        f"<h2>{escape(tr._(pt.REPORT_TITLE) % {'id': report.id})}</h2>"
        + facts(report, tr, zone, language)
        + flagged
        + (f'<p class="report-text">{escape(text)}</p>' if text else "")
        + photos(report, tr)
        + (f'<p class="hint media">{escape(media)}</p>' if media else "")
        + f"<h3>{escape(tr._(pt.HISTORY))}</h3>{past}"
        + answer_form(report, tr, language)
        + handled_form(report, tr)
        + "</section>"
    )


async def page(
    query: QueryParams, services: Services, session: AsyncSession, viewer: Viewer
) -> str:
    """``/desk/page/phenomenon?id=N``: one sent report, or one line saying it is not there."""
    tr = services.catalogs.get(viewer.language, "desk")
    report_id = report_id_of(query)
    report = await sent_report(session, report_id) if report_id is not None else None
    if report is None:
        return f'<p class="empty">{escape(tr._(chat.NOT_FOUND))}</p>'
    reporter = await reporter_of(session, report)
    language = choose_language(reporter, None) if reporter is not None else None
    return render(report, tr, services.settings.zone, language)
