"""Following up one's own sent report: /myreports, or "Add to my report" under a reply.

A sent report never changes. What the reporter learns later (the road was mended, it happened
again, a photo) is added beside it: written in parts like the report's description (text,
photos, voice messages, with the same limits and hints) and sent with one press. The addition
is a row of its own from the first part, so an interruption loses nothing: pressing Add on the
same report again continues it. The safety notice comes first, and again whenever the text
suggests an emergency. Coordinators who replied to the report are told, naming the reporter
only as the report itself may (handlers/phenomena/service.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Final

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import ButtonSpec, Ctx
from bot.drafts import with_draft
from bot.flow import (
    END,
    ButtonData,
    Flow,
    MenuItem,
    on_button,
    on_command,
    on_media,
    on_text,
)
from bot.flow_data import FlowData
from bot.i18n import N_, NP_, Translator
from bot.outbox.notices import notify
from bot.router import NOT_REGISTERED
from handlers.phenomena.compose import (
    SAFETY,
    Wording,
    take_part,
    warn_if_emergency,
)
from handlers.phenomena.follow_up import ADD_ACTION, ADDITIONS, content
from handlers.phenomena.reading import OPEN, REPLIES
from handlers.phenomena.report_texts import DISCARD, SEND
from handlers.phenomena.service import category_label, excerpt, report_date, reporter_label
from storage.models import Contact, PhenomenonFollowUp, PhenomenonReport, ReportStatus, Role
from storage.repos.phenomena import (
    follow_up_draft,
    get_report,
    new_follow_up,
    repliers,
    sent_reports_of,
)


class Step(IntEnum):
    CHOOSE = 1
    WRITE = 2


@dataclass
class Adding(FlowData):
    """The sent report the addition is for."""

    report: int | None = None


LISTED: Final = 10  # latest sent reports shown by /myreports
LIST_EXCERPT: Final = 120
NOTICE_EXCERPT: Final = 3000  # leaves room for the frame within Telegram's 4,096

# Translators: Main menu: opens /myreports. Button; at most 36 characters on a phone.
MENU_LABEL = N_("My reports")
# Translators: Command list (Telegram's / menu and /help): what the command /myreports
# does; short, no full stop.
COMMAND = N_("Your sent reports, and adding to them")
# Translators: /myreports (a reporter adds to a sent report), the title above the person's
# ten latest reports.
LIST_TITLE = N_("Your latest reports. A sent report stays as it is, but you can add to it:")
# Translators: /myreports (a reporter adds to a sent report), the list is empty.
# /phenomenon is a command: keep it.
NO_REPORTS = N_("You have not sent any reports yet. /phenomenon starts one.")
# Translators: /myreports (a reporter adds to a sent report), the list: adds to one
# report. %(id)s = the report's number. Button; at most 36 characters on a phone.
ADD_TO = N_("Add to #%(id)s")
# Translators: /myreports (a reporter adds to a sent report), asks for the addition.
# %(date)s = the day the report was sent; %(category)s = its category.
ASK = N_(
    "What would you like to add to your report of %(date)s (%(category)s)? Write it, or send "
    "photos or voice messages. The report itself stays as it was."
)
# Translators: /myreports (a reporter adds to a sent report), resumed with an addition
# begun, above Send / Delete draft. %(date)s = the day the report was sent.
RESUME = N_(
    "You started an addition to your report of %(date)s. It is kept: send more, or press Send."
)
# Translators: /myreports (a reporter adds to a sent report), after each message added.
# "Send" is the button below.
ADDED = N_("Added. Send more, or press Send when you are done.")
# Translators: /myreports (a reporter adds to a sent report), done. %(date)s = the day the
# report was sent.
SENT = N_("Thank you! Your addition to the report of %(date)s was sent to the coordinators.")
# Translators: /myreports (a reporter adds to a sent report), after Delete draft or
# Cancel.
DISCARDED = N_("Nothing was added. Your report is as it was.")
# Translators: /myreports (a reporter adds to a sent report), pop-up box (at most 200
# characters): a report not the person's, or deleted.
NOT_YOURS = N_("That is not one of your sent reports, or it no longer exists. Nothing was changed.")
# Translators: /myreports (a reporter adds to a sent report), the addition has reached its
# limit. %(limit)s = the limit, a numeral. "Send" is the button.
TOTAL_TOO_LONG = N_(
    "Your addition would be longer than %(limit)s characters. Nothing more was added; what you "
    "sent before is kept. Press Send to send it."
)
# Translators: /myreports (a reporter adds to a sent report), too many photos or voice
# messages. %(limit)s = the limit, a numeral.
TOO_MANY_MEDIA = N_("An addition can have at most %(limit)s attachments. This one was not added.")
# Translators: /myreports (a reporter adds to a sent report), a sticker, file or the like
# was sent.
UNSUPPORTED = N_(
    "I cannot store that kind of message. Please send text, a photo or a voice message, or use "
    "the buttons."
)
WORDING = Wording(TOTAL_TOO_LONG, TOO_MANY_MEDIA, UNSUPPORTED)
# Translators: /myreports (a reporter adds to a sent report), pop-up box (at most 200
# characters): Send with nothing added.
NEED_CONTENT = N_("Please write something or send a photo first.")
# Translators: /myreports (a reporter adds to a sent report), a button of an addition
# already sent or dropped. /myreports is a command: keep it.
GONE = N_("This addition is no longer open. /myreports lists your reports.")
# Translators: /myreports (a reporter adds to a sent report), text written before a report
# was chosen.
CHOOSE_FIRST = N_("Please choose a report with the buttons first.")
CANCEL = NP_("button", "Cancel")
# Translators: Sent unprompted to the coordinators who answered a report when its reporter
# adds to it, above the button Open #... . %(id)s = the report's number; %(date)s = the
# day it was sent; %(reporter)s = the organisation (and name, if shown); %(text)s = the
# addition.
NOTICE = N_("The reporter of report #%(id)s of %(date)s (%(reporter)s) added:\n\n%(text)s")


# ----------------------------------------------------------------------------- helpers


def _contact(ctx: Ctx) -> Contact:
    assert ctx.contact is not None  # the routes require a role; _own_report checked it too
    return ctx.contact


async def _own_report(ctx: Ctx, report_id: Any) -> PhenomenonReport | None:
    """The sent report ``report_id`` if it belongs to this person; None for anything else."""
    if ctx.contact is None or ctx.role is None or not str(report_id).isdigit():
        return None
    report = await get_report(ctx.session, int(report_id))
    if report is None or report.status != ReportStatus.SENT:
        return None
    return report if report.contact_id == ctx.contact.id else None


async def _gone(ctx: Ctx) -> int:
    """Ends the flow with an explanation when the report or the person is no longer there."""
    await ctx.answer()
    await ctx.say(ctx._(NOT_REGISTERED if ctx.role is None else GONE))
    return END


async def _chosen_report(ctx: Ctx) -> PhenomenonReport | None:
    """The report this addition is for, while it is still the person's and sent."""
    return await _own_report(ctx, Adding.of(ctx).report)


# A step decorated with it gets the chosen report, or the flow ends with GONE.
drafted = with_draft(_chosen_report, _gone)


def _date(ctx: Ctx, report: PhenomenonReport) -> str:
    return report_date(ctx.tr, report, ctx.services.settings.zone)


def _has_content(follow_up: PhenomenonFollowUp | None) -> bool:
    return follow_up is not None and bool(follow_up.text.strip() or follow_up.media)


def _writing_rows(ctx: Ctx) -> list[list[ButtonSpec]]:
    return [[(ctx._(SEND), "pf_send", "")], [(ctx._(DISCARD), "pf_discard", "")]]


async def _ask(ctx: Ctx, report: PhenomenonReport) -> int:
    """Asks for the addition, or offers to go on with the one already started."""
    draft = await follow_up_draft(ctx.session, report, _contact(ctx))
    if _has_content(draft):
        text = ctx._(RESUME) % {"date": _date(ctx, report)}
        await ctx.say(text, ctx.keyboard(_writing_rows(ctx)))
    else:
        text = ctx._(ASK) % {
            "date": _date(ctx, report),
            "category": category_label(ctx.tr, report.category),
        }
        await ctx.say(text, ctx.keyboard([[(ctx._(CANCEL), "pf_discard", "")]]))
    return Step.WRITE


async def _start(ctx: Ctx, report: PhenomenonReport) -> PhenomenonFollowUp:
    """Stores the addition as a draft with its first part, so an interruption loses nothing."""
    return await new_follow_up(ctx.session, report, _contact(ctx), ctx.services.now())


async def _store(
    ctx: Ctx,
    report: PhenomenonReport,
    current: PhenomenonFollowUp | None,
    text: str,
    emergency: bool,
    attachment: dict[str, str] | None = None,
) -> int:
    """Saves one more part into the draft (created with the first part) at once."""
    draft = current or await _start(ctx, report)
    draft.text = text
    if attachment is not None:
        draft.media = [*draft.media, attachment]
    draft.emergency_words = draft.emergency_words or emergency
    draft.updated_at = ctx.services.now()
    return await _added(ctx)


async def _added(ctx: Ctx) -> int:
    await ctx.say(ctx._(ADDED), ctx.keyboard(_writing_rows(ctx)))
    return Step.WRITE


def _list_item(ctx: Ctx, report: PhenomenonReport) -> str:
    head = f"#{report.id} · {_date(ctx, report)} · {category_label(ctx.tr, report.category)}"
    counts = []
    if report.replies:
        counts.append("💬 " + ctx._(REPLIES) % {"count": ctx.tr.number(len(report.replies))})
    if report.sent_follow_ups:
        count = ctx.tr.number(len(report.sent_follow_ups))
        counts.append("➕ " + ctx._(ADDITIONS) % {"count": count})
    lines = [head, excerpt(ctx.tr, report.text, LIST_EXCERPT), " · ".join(counts)]
    return "\n".join(line for line in lines if line)


# --------------------------------------------------------------------------- callbacks


async def my_reports(update: Update, ctx: Ctx) -> int | None:
    """Lists the person's latest sent reports, each with a button to add to it."""
    await ctx.answer()
    reports = await sent_reports_of(ctx.session, _contact(ctx), LISTED)
    if not reports:
        await ctx.say(ctx._(NO_REPORTS))
        return END
    text = "\n\n".join([ctx._(LIST_TITLE), *(_list_item(ctx, r) for r in reports)])
    if len(text) > 4000:
        text = text[:3990] + "…"
    rows: list[list[ButtonSpec]] = [
        [(ctx._(ADD_TO) % {"id": r.id}, ADD_ACTION, str(r.id))] for r in reports
    ]
    await ctx.say(text, ctx.keyboard(rows))
    return Step.CHOOSE


async def choose(update: Update, ctx: Ctx) -> int | None:
    """Shows the safety notice and asks for the addition to the chosen report."""
    report = await _own_report(ctx, ctx.arg)
    if report is None:
        await ctx.answer(ctx._(NOT_YOURS), alert=True)
        return None
    await ctx.answer()
    Adding(report=report.id).save(ctx)
    await ctx.say("⚠️ " + ctx._(SAFETY))
    return await _ask(ctx, report)


@drafted
async def add_part(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Adds a text, or a photo, voice message or video with its caption, to the addition."""
    current = await follow_up_draft(ctx.session, report, _contact(ctx))
    text = current.text if current is not None else ""
    media = len(current.media) if current is not None else 0
    part = await take_part(ctx, update.message, text, media, WORDING)
    if part.text is None:
        return None
    return await _store(ctx, report, current, part.text, part.emergency, part.attachment)


@drafted
async def send(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Sends the addition: read-only from now on; coordinators who replied are told."""
    draft = await follow_up_draft(ctx.session, report, _contact(ctx))
    if draft is None or not _has_content(draft):
        await ctx.answer(ctx._(NEED_CONTENT), alert=True)
        return None
    draft.sent_at = ctx.services.now()
    await ctx.close_keyboard()
    await ctx.say(ctx._(SENT) % {"date": _date(ctx, report)})
    await _notify_repliers(ctx, report, draft)
    return END


async def discard(update: Update, ctx: Ctx) -> int | None:
    """Deletes the unsent addition; the report is untouched."""
    report = await _chosen_report(ctx)
    if report is not None:
        draft = await follow_up_draft(ctx.session, report, _contact(ctx))
        if draft is not None:
            await ctx.session.delete(draft)
    await ctx.show(ctx._(DISCARDED))
    return END


async def _warn(update: Update, ctx: Ctx) -> None:
    """Every reprompt first shows the 112 notice again if the input suggests an emergency."""
    message = update.message
    if message is not None:
        await warn_if_emergency(ctx, message.text or message.caption)


async def reprompt_choose(update: Update, ctx: Ctx) -> int | None:
    """A report is chosen with the buttons first."""
    await _warn(update, ctx)
    await ctx.say(ctx._(CHOOSE_FIRST))
    return None


async def reprompt(update: Update, ctx: Ctx) -> int | None:
    """Explains what fits here and asks again; nothing already stored is touched."""
    await _warn(update, ctx)
    message = update.message
    report = await _chosen_report(ctx)
    if report is None:
        return await _gone(ctx)
    if message is not None:
        await ctx.say(ctx._(UNSUPPORTED))
    draft = await follow_up_draft(ctx.session, report, _contact(ctx))
    if _has_content(draft):
        await ctx.say(ctx._(ADDED), ctx.keyboard(_writing_rows(ctx)))
        return None
    await _ask(ctx, report)
    return None


async def _notify_repliers(
    ctx: Ctx, report: PhenomenonReport, follow_up: PhenomenonFollowUp
) -> None:
    """Tells the coordinators who replied to the report, each in their language."""
    zone = ctx.services.settings.zone
    opening = ButtonData(None, "pc_open", str(report.id)).encode()

    def compose(tr: Translator) -> tuple[str, InlineKeyboardMarkup | None]:
        text = tr._(NOTICE) % {
            "id": report.id,
            "date": report_date(tr, report, zone),
            "reporter": reporter_label(tr, report),
            "text": content(tr, follow_up, NOTICE_EXCERPT),
        }
        if follow_up.emergency_words:
            text = "⚠️ " + text
        button = InlineKeyboardButton(tr._(OPEN) % {"id": report.id}, callback_data=opening)
        return text, InlineKeyboardMarkup([[button]])

    for coordinator in await repliers(ctx.session, report):
        if coordinator.id != _contact(ctx).id:
            await notify(
                ctx.session, ctx.services.catalogs, coordinator, compose, ctx.services.now()
            )


def build_flow() -> Flow:
    return Flow(
        name="phenomena_follow_up",
        entry_points=[
            on_command("myreports", my_reports),
            on_button("pf_list", my_reports),  # the main menu
            on_button(ADD_ACTION, choose),  # under a coordinator's reply, any time
        ],
        states={
            Step.CHOOSE: [on_button(ADD_ACTION, choose)],
            Step.WRITE: [
                on_text(add_part),
                on_media(add_part),
                on_button("pf_send", send),
                on_button("pf_discard", discard),
                on_button(ADD_ACTION, choose),
            ],
        },
        reprompt=reprompt,
        reprompts={Step.CHOOSE: reprompt_choose},
        menu=[MenuItem(MENU_LABEL, "pf_list", Role.CONTACT, position=25)],
        commands=[("myreports", COMMAND, Role.CONTACT)],
    )
