"""/phenomena for coordinators: filter and read the reports, answer their reporters.

Filters (category, municipality, period) are buttons; the list is edited in place page by
page. A reply is stored with the report and reaches the reporter in their own language, framed
("A coordinator answered your report of 3 May: ..."), by the rules of bot/outbox/notices.py, with a
button to add to the report. What the reporter adds shows in the report's history, in time
order with the replies. This module also starts the weekly digest and the clean-up of
abandoned drafts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import IntEnum
from typing import Final

from telegram import Update

from bot.audit import audited
from bot.context import ButtonSpec, Ctx
from bot.flow import END, Flow, MenuItem, on_button, on_command, on_text
from bot.flow_data import FlowData
from bot.i18n import ENDONYMS, Translator
from bot.language import choose_language
from bot.municipalities import MUNICIPALITY_KEYS, municipality_name
from bot.paging import in_rows, page_of
from bot.services import Services
from handlers.phenomena.categories import CATEGORIES
from handlers.phenomena.coordinator_texts import (
    ALL,
    ALL_TIME,
    ASK_REPLY,
    BACK_TO_LIST,
    CANCEL,
    CHOOSE_CATEGORY,
    CHOOSE_MUNICIPALITY,
    CHOOSE_PERIOD,
    FILTERS,
    INBOX,
    LAST_DAYS,
    NONE_FOUND,
    NOT_FOUND,
    PAGE_TITLE,
    PANEL,
    REPLY,
    REPLY_EMPTY,
    REPLY_NOT_DELIVERED,
    REPLY_SENT,
    REPLY_TOO_LONG,
    SHOW,
    USE_BUTTONS,
)
from handlers.phenomena.digest import start_jobs
from handlers.phenomena.reading import OPEN, detail_text, list_item
from handlers.phenomena.replying import MAX_REPLY, reporter_of, send_reply
from handlers.phenomena.service import category_label
from storage.models import Role
from storage.repos.audit import Action
from storage.repos.phenomena import ReportFilter, count_reports, get_report, list_reports


class Step(IntEnum):
    BROWSE = 1
    REPLY = 2


PER_PAGE: Final = 5
MUNICIPALITY_PAGE: Final = 8
PERIODS: Final = (7, 30, 90, 365, 0)  # days; 0 = all time
DEFAULT_PERIOD: Final = 30


@dataclass
class Browsing(FlowData):
    """The filters (period in days, 0 = all time; municipality as its index; category), the
    page of the list to go back to, and the report being answered."""

    days: int = DEFAULT_PERIOD
    mun: int | None = None
    cat: str | None = None
    page: int = 0
    reply_to: int | None = None


# ----------------------------------------------------------------------------- filters


def _filter(ctx: Ctx, data: Browsing) -> ReportFilter:
    days = data.days
    return ReportFilter(
        category=data.cat or None,
        municipality=MUNICIPALITY_KEYS[data.mun] if data.mun is not None else None,
        since=ctx.services.now() - timedelta(days=days) if days else None,
    )


def _period_label(tr: Translator, days: int) -> str:
    return tr.counted(LAST_DAYS, days) % {"days": tr.number(days)} if days else tr._(ALL_TIME)


async def _panel(ctx: Ctx, *, edit: bool) -> int:
    data = Browsing.of(ctx)
    flt = _filter(ctx, data)
    count = await count_reports(ctx.session, flt)
    text = ctx._(PANEL) % {
        "category": category_label(ctx.tr, flt.category) if flt.category else ctx._(ALL),
        "municipality": municipality_name(flt.municipality, ctx.tr.language) or ctx._(ALL),
        "period": _period_label(ctx.tr, data.days),
        "count": ctx.tr.number(count),
    }
    rows: list[list[ButtonSpec]] = [
        [(ctx._(CHOOSE_CATEGORY), "pc_cat", ""), (ctx._(CHOOSE_MUNICIPALITY), "pc_mun", "0")],
        [(ctx._(CHOOSE_PERIOD), "pc_per", "")],
        [(f"{ctx._(SHOW)} ({ctx.tr.number(count)})", "pc_list", "0")],
    ]
    markup = ctx.keyboard(rows)
    if edit:
        await ctx.show(text, markup)
    else:
        await ctx.say(text, markup)
    return Step.BROWSE


async def start(update: Update, ctx: Ctx) -> int | None:
    """Shows the filter panel with the number of matching reports."""
    with Browsing.edit(ctx) as data:
        data.days = DEFAULT_PERIOD
    return await _panel(ctx, edit=False)


async def panel(update: Update, ctx: Ctx) -> int | None:
    """Goes back to the filter panel."""
    return await _panel(ctx, edit=True)


async def pick_category(update: Update, ctx: Ctx) -> int | None:
    """Offers the categories as a filter."""
    rows: list[list[ButtonSpec]] = [[(ctx._(ALL), "pc_setcat", "")]]
    rows += [[(ctx._(label), "pc_setcat", key)] for key, label in CATEGORIES.items()]
    await ctx.show(ctx._(CHOOSE_CATEGORY), ctx.keyboard(rows))
    return None


async def set_category(update: Update, ctx: Ctx) -> int | None:
    """Sets or clears the category filter."""
    with Browsing.edit(ctx) as data:
        data.cat = ctx.arg if ctx.arg in CATEGORIES else None
    return await _panel(ctx, edit=True)


async def pick_municipality(update: Update, ctx: Ctx) -> int | None:
    """Offers the municipalities as a filter, a page at a time."""
    page = page_of(ctx.arg, len(MUNICIPALITY_KEYS), MUNICIPALITY_PAGE)
    chunk = page.items(list(enumerate(MUNICIPALITY_KEYS)))
    rows: list[list[ButtonSpec]] = [[(ctx._(ALL), "pc_setmun", "")]]
    rows += in_rows(
        [(municipality_name(key, ctx.tr.language), "pc_setmun", str(i)) for i, key in chunk]
    )
    rows += page.nav("pc_mun")
    await ctx.show(ctx._(CHOOSE_MUNICIPALITY), ctx.keyboard(rows))
    return None


async def set_municipality(update: Update, ctx: Ctx) -> int | None:
    """Sets or clears the municipality filter."""
    valid = ctx.arg.isdigit() and int(ctx.arg) < len(MUNICIPALITY_KEYS)
    with Browsing.edit(ctx) as data:
        data.mun = int(ctx.arg) if valid else None
    return await _panel(ctx, edit=True)


async def pick_period(update: Update, ctx: Ctx) -> int | None:
    """Offers the periods as a filter."""
    rows: list[list[ButtonSpec]] = [
        [(_period_label(ctx.tr, days), "pc_setper", str(days))] for days in PERIODS
    ]
    await ctx.show(ctx._(CHOOSE_PERIOD), ctx.keyboard(rows))
    return None


async def set_period(update: Update, ctx: Ctx) -> int | None:
    """Sets the period filter."""
    days = int(ctx.arg) if ctx.arg.isdigit() and int(ctx.arg) in PERIODS else DEFAULT_PERIOD
    with Browsing.edit(ctx) as data:
        data.days = days
    return await _panel(ctx, edit=True)


# ------------------------------------------------------------------------- list, detail


async def show_list(update: Update, ctx: Ctx) -> int | None:
    """Shows one page of matching reports, each with a button to open it."""
    data = Browsing.of(ctx)
    flt = _filter(ctx, data)
    count = await count_reports(ctx.session, flt)
    page = page_of(ctx.arg, count, PER_PAGE)
    data.page = page.number
    data.save(ctx)
    if count == 0:
        await ctx.show(ctx._(NONE_FOUND), ctx.keyboard([[(ctx._(FILTERS), "pc_panel", "")]]))
        return Step.BROWSE
    reports = await list_reports(ctx.session, flt, offset=page.offset, limit=PER_PAGE)
    title = ctx._(PAGE_TITLE) % {
        "first": ctx.tr.number(page.offset + 1),
        "last": ctx.tr.number(page.offset + len(reports)),
        "count": ctx.tr.number(count),
    }
    text = "\n\n".join([title, *(list_item(ctx, r) for r in reports)])
    if len(text) > 4000:
        text = text[:3990] + "…"
    rows: list[list[ButtonSpec]] = [
        [(ctx._(OPEN) % {"id": r.id}, "pc_open", str(r.id))] for r in reports
    ]
    rows += page.nav("pc_list")
    rows.append([(ctx._(FILTERS), "pc_panel", "")])
    await ctx.show(text, ctx.keyboard(rows))
    return Step.BROWSE


async def open_report(update: Update, ctx: Ctx) -> int | None:
    """Shows one report in full, sends its photos and voice messages, offers Reply."""
    report = await get_report(ctx.session, int(ctx.arg)) if ctx.arg.isdigit() else None
    if report is None or report.sent_at is None:
        await ctx.answer(ctx._(NOT_FOUND), alert=True)
        return None
    page = str(Browsing.of(ctx).page)
    rows: list[list[ButtonSpec]] = [
        [(ctx._(REPLY), "pc_reply", str(report.id))],
        [(ctx._(BACK_TO_LIST), "pc_list", page)],
    ]
    await ctx.close_keyboard()
    for item in report.media:
        await _send_media(ctx, str(item.get("kind")), str(item.get("file_id")), f"#{report.id}")
    zone = ctx.services.settings.zone
    for follow_up in report.sent_follow_ups:
        when = follow_up.sent_at or follow_up.created_at
        caption = f"#{report.id} ➕ {ctx.tr.date(when.astimezone(zone).date())}"
        for item in follow_up.media:
            await _send_media(ctx, str(item.get("kind")), str(item.get("file_id")), caption)
    await ctx.say(detail_text(ctx.tr, report, ctx.services), ctx.keyboard(rows))
    return Step.BROWSE


async def _send_media(ctx: Ctx, kind: str, file_id: str, caption: str) -> None:
    if kind in ("photo", "voice", "video", "video_note"):
        await ctx.send_media(kind, file_id, caption)


# --------------------------------------------------------------------------------- reply


async def ask_reply(update: Update, ctx: Ctx) -> int | None:
    """Asks for the reply text."""
    report = await get_report(ctx.session, int(ctx.arg)) if ctx.arg.isdigit() else None
    if report is None or report.sent_at is None:
        await ctx.answer(ctx._(NOT_FOUND), alert=True)
        return None
    with Browsing.edit(ctx) as data:
        data.reply_to = report.id
    await ctx.close_keyboard()
    rows: list[list[ButtonSpec]] = [[(ctx._(CANCEL), "pc_list", str(data.page))]]
    reporter = await reporter_of(ctx.session, report)
    language = choose_language(reporter, None) if reporter is not None else report.language
    name = ENDONYMS.get(language or "", language or "-")
    await ctx.say(ctx._(ASK_REPLY) % {"id": report.id, "language": name}, ctx.keyboard(rows))
    return Step.REPLY


async def reply(update: Update, ctx: Ctx) -> int | None:
    """Stores the reply and sends it to the reporter in their language."""
    assert update.message is not None  # the flow's role keeps anyone else out (bot/flow.py)
    text = (update.message.text or "").strip()
    if not text:
        await ctx.say(ctx._(REPLY_EMPTY))
        return None
    if len(text) > MAX_REPLY:
        await ctx.say(
            ctx._(REPLY_TOO_LONG)
            % {"length": ctx.tr.number(len(text)), "limit": ctx.tr.number(MAX_REPLY)}
        )
        return None
    data = Browsing.of(ctx)
    report = await get_report(ctx.session, data.reply_to) if data.reply_to is not None else None
    if report is None:
        await ctx.say(ctx._(NOT_FOUND))
        return END
    stored = await send_reply(
        ctx.session, ctx.services, report, ctx.contact.id if ctx.contact else None, text
    )
    delivered = stored.delivery == "queued"
    audited(ctx, Action.REPLY_SENT, report=report.id, delivery=stored.delivery)
    done = REPLY_SENT if delivered else REPLY_NOT_DELIVERED
    rows: list[list[ButtonSpec]] = [[(ctx._(BACK_TO_LIST), "pc_list", str(data.page))]]
    await ctx.say(ctx._(done) % {"id": report.id}, ctx.keyboard(rows))
    return Step.BROWSE


async def reprompt(update: Update, ctx: Ctx) -> int | None:
    """Explains that the buttons are what fits here."""
    await ctx.say(ctx._(USE_BUTTONS))
    return None


async def reprompt_reply(update: Update, ctx: Ctx) -> int | None:
    """Explains that a reply must be text."""
    await ctx.say(ctx._(REPLY_EMPTY))
    return None


async def on_start(services: Services) -> None:
    await start_jobs(services)


def build_flow() -> Flow:
    coordinator = Role.COORDINATOR
    browse = [
        on_button("pc_panel", panel),
        on_button("pc_cat", pick_category),
        on_button("pc_setcat", set_category),
        on_button("pc_mun", pick_municipality),
        on_button("pc_setmun", set_municipality),
        on_button("pc_per", pick_period),
        on_button("pc_setper", set_period),
        on_button("pc_list", show_list),
        on_button("pc_open", open_report),
        on_button("pc_reply", ask_reply),
    ]
    return Flow(
        name="phenomena_coord",
        role=coordinator,
        entry_points=[
            on_command("phenomena", start),
            on_button("pc_menu", start),
            # "Open #12" under a notice that a reporter added to their report
            on_button("pc_open", open_report),
        ],
        states={
            Step.BROWSE: browse,
            Step.REPLY: [
                on_text(reply),
                on_button("pc_list", show_list),
            ],
        },
        reprompt=reprompt,
        reprompts={Step.REPLY: reprompt_reply},
        menu=[MenuItem(INBOX, "pc_menu", coordinator, position=50)],
        commands=[("phenomena", INBOX, coordinator)],
    )
