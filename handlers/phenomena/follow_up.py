"""How a reporter's follow-up reads, and the button that starts one.

Shared by the reporter's conversation (handlers/phenomena/follow_up_flow.py) and the coordinators'
(handlers/phenomena/coordinator.py): the "Add to my report" button under a coordinator's reply,
and a follow-up as one line of a report's history.
"""

from __future__ import annotations

from typing import Final
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.flow import ButtonData
from bot.i18n import N_, Translator
from handlers.phenomena.service import excerpt, media_summary
from storage.models import PhenomenonFollowUp

ADD_ACTION: Final = "pf_add"
LINE_EXCERPT: Final = 1000  # characters of one follow-up in a report's history

# Translators: A coordinator's answer to a reporter: opens /myreports' addition for that
# report. Button; at most 36 characters on a phone.
ADD_TO_REPORT = N_("Add to my report")
# Translators: /phenomena (coordinators read and answer phenomenon reports), a report
# opened: one addition in its history, after ➕. %(date)s = the day it was added; %(text)s
# = what the reporter wrote.
ADDED_BY_REPORTER = N_("The reporter added on %(date)s: %(text)s")
# Translators: /phenomena (coordinators read and answer phenomenon reports), under an
# addition that mentioned an emergency, after ⚠️.
FLAGGED = N_("Marked: this addition suggested an emergency.")
# Translators: /phenomena (coordinators read and answer phenomenon reports), and
# /myreports: the list's line after ➕. %(count)s = number of additions, a numeral.
ADDITIONS = N_("Additions: %(count)s")


def add_markup(tr: Translator, report_id: int) -> InlineKeyboardMarkup:
    """The "Add to my report" button for a message the bot starts (a coordinator's reply).

    The button carries no conversation generation: the reporter may press it days later,
    whatever they are doing then, and the flow checks the report is still theirs.
    """
    data = ButtonData(None, ADD_ACTION, str(report_id)).encode()
    return InlineKeyboardMarkup([[InlineKeyboardButton(tr._(ADD_TO_REPORT), callback_data=data)]])


def content(tr: Translator, follow_up: PhenomenonFollowUp, limit: int = LINE_EXCERPT) -> str:
    """The follow-up's text (cut at ``limit``) and a line per kind of attachment."""
    parts = [excerpt(tr, follow_up.text, limit), media_summary(tr, follow_up.media).strip()]
    return "\n".join(part for part in parts if part)


def history_line(tr: Translator, follow_up: PhenomenonFollowUp, zone: ZoneInfo) -> str:
    """One sent follow-up as a line of the report's history in /phenomena."""
    when = follow_up.sent_at or follow_up.created_at
    line = tr._(ADDED_BY_REPORTER) % {
        "date": tr.date(when.astimezone(zone).date()),
        "text": content(tr, follow_up),
    }
    if follow_up.emergency_words:
        line += "\n⚠️ " + tr._(FLAGGED)
    return "➕ " + line
