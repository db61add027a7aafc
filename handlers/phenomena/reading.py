"""How a report reads for coordinators: a line in the inbox's list, and the whole report with
its replies and the reporter's additions in time order (also what "Open #12" shows)."""

from __future__ import annotations

from bot.context import Ctx
from bot.i18n import ENDONYMS, N_, Translator
from bot.services import Services
from handlers.phenomena.follow_up import ADDITIONS, history_line
from handlers.phenomena.service import (
    category_label,
    excerpt,
    place_label,
    report_date,
    reporter_label,
    summary,
)
from storage.models import PhenomenonReport

# Translators: /phenomena (coordinators read and answer phenomenon reports), the list: a
# report's line after 💬. %(count)s = number of coordinators' replies, a numeral.
REPLIES = N_("Replies: %(count)s")
# Translators: /phenomena (coordinators read and answer phenomenon reports), the list:
# opens one report; also under a reporter's addition. %(id)s = the report's number.
# Button; at most 36 characters on a phone.
OPEN = N_("Open #%(id)s")
# Translators: /phenomena (coordinators read and answer phenomenon reports), a report
# opened: its head. %(id)s = the report's number; %(date)s = the day it was sent;
# %(reporter)s = the organisation (and name, if shown); %(language)s = the reporter's
# language, its own name. Keep the line breaks.
DETAIL = N_("Report #%(id)s, sent %(date)s\nFrom: %(reporter)s\nLanguage: %(language)s")
# Translators: /phenomena (coordinators read and answer phenomenon reports), a report
# opened, after ⚠️, when its text mentioned an emergency.
FLAGGED = N_("Marked: the report's text suggested an emergency.")
# Translators: /phenomena (coordinators read and answer phenomenon reports), a report
# opened: one coordinator's reply in its history, after 💬. %(date)s = the day; %(text)s =
# the reply.
REPLY_BY = N_("Reply %(date)s: %(text)s")


def list_item(ctx: Ctx, report: PhenomenonReport) -> str:
    zone = ctx.services.settings.zone
    head = (
        f"#{report.id} · {report_date(ctx.tr, report, zone)} · "
        f"{category_label(ctx.tr, report.category)} · {place_label(ctx.tr, report)}"
    )
    lines = [head, reporter_label(ctx.tr, report), excerpt(ctx.tr, report.text, 200)]
    if report.replies:
        lines.append("💬 " + ctx._(REPLIES) % {"count": ctx.tr.number(len(report.replies))})
    if report.sent_follow_ups:
        count = ctx.tr.number(len(report.sent_follow_ups))
        lines.append("➕ " + ctx._(ADDITIONS) % {"count": count})
    return "\n".join(line for line in lines if line)


def detail_text(tr: Translator, report: PhenomenonReport, services: Services) -> str:
    """The report in full, then its replies and the reporter's additions in time order."""
    zone = services.settings.zone
    head = tr._(DETAIL) % {
        "id": report.id,
        "date": report_date(tr, report, zone),
        "reporter": reporter_label(tr, report),
        "language": ENDONYMS.get(report.language or "", report.language or "-"),
    }
    parts = [head, summary(tr, report, for_reporter=False)]
    if report.emergency_words:
        parts.append("⚠️ " + tr._(FLAGGED))
    history = [
        (
            reply.created_at,
            "💬 "
            + tr._(REPLY_BY)
            % {"date": tr.date(reply.created_at.astimezone(zone).date()), "text": reply.text},
        )
        for reply in report.replies
    ]
    history += [
        (follow_up.sent_at or follow_up.created_at, history_line(tr, follow_up, zone))
        for follow_up in report.sent_follow_ups
    ]
    parts += [line for _, line in sorted(history, key=lambda entry: entry[0])]
    text = "\n\n".join(parts)
    return text if len(text) <= 4000 else text[:3990] + "…"
