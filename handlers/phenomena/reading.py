"""How a report reads for coordinators: a line in the inbox's list, and the whole report with
its replies and the reporter's additions in time order (also what "Open #12" shows)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

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
from storage.models import PhenomenonReply, PhenomenonReport

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
# Translators: a line of a phenomenon report, in /phenomena and on the coordinator desk, once a
# coordinator has marked it handled; %(date)s = that day.
HANDLED = N_("Marked handled %(date)s")


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


def reply_line(tr: Translator, reply: PhenomenonReply, zone: ZoneInfo) -> str:
    """One coordinator's reply as a line of the report's history."""
    when = tr.date(reply.created_at.astimezone(zone).date())
    return "💬 " + tr._(REPLY_BY) % {"date": when, "text": reply.text}


def history(tr: Translator, report: PhenomenonReport, zone: ZoneInfo) -> list[str]:
    """The replies and the reporter's sent additions, one line each, in time order (the chat's
    report and the desk's show the same history)."""
    entries = [(reply.created_at, reply_line(tr, reply, zone)) for reply in report.replies]
    entries += [
        (follow_up.sent_at or follow_up.created_at, history_line(tr, follow_up, zone))
        for follow_up in report.sent_follow_ups
    ]
    return [line for _, line in sorted(entries, key=lambda entry: entry[0])]


def handled_line(tr: Translator, report: PhenomenonReport, zone: ZoneInfo) -> str | None:
    """When the report was marked handled (on the desk), or None while it is not."""
    if report.handled_at is None:
        return None
    return tr._(HANDLED) % {"date": tr.date(report.handled_at.astimezone(zone).date())}


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
    parts += history(tr, report, zone)
    handled = handled_line(tr, report, zone)
    if handled is not None:
        parts.append("✅ " + handled)
    text = "\n\n".join(parts)
    return text if len(text) <= 4000 else text[:3990] + "…"
