"""The summary's buttons: Send (a sent report is read-only for the reporter), Edit one answer,
or Delete the draft."""

from __future__ import annotations

from telegram import Update

from bot.context import Ctx
from bot.flow import END
from handlers.phenomena.questions import (
    Drafting,
    Step,
    ask,
    ask_edit,
    drafted,
    load_report,
    show_summary,
)
from handlers.phenomena.report_texts import DISCARDED, SENT, SUMMARY_TITLE
from handlers.phenomena.service import summary
from storage.models import PhenomenonReport, ReportStatus


def _first_missing(report: PhenomenonReport) -> Step | None:
    if report.category is None:
        return Step.CATEGORY
    if not report.text.strip() and not report.media:
        return Step.TEXT
    if report.place_kind is None:
        return Step.PLACE
    if report.frequency is None:
        return Step.FREQUENCY
    if not report.affected:
        return Step.AFFECTED
    if report.show_name is None:
        return Step.NAME
    return None


@drafted
async def send(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Sends the report: from now on it is read-only for the reporter."""
    missing = _first_missing(report)
    if missing is not None:
        await ctx.close_keyboard()
        return await ask(ctx, report, missing)
    now = ctx.services.now()
    report.status = ReportStatus.SENT
    report.sent_at = now
    report.updated_at = now
    report.step = None
    await ctx.show(f"{ctx._(SUMMARY_TITLE)}\n\n{summary(ctx.tr, report)}")
    await ctx.say(ctx._(SENT) % {"id": report.id})
    return END


@drafted
async def edit(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Offers the steps that can be changed."""
    report.step = int(Step.EDIT)
    await ask_edit(ctx)
    return Step.EDIT


@drafted
async def goto(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Opens one step again; answering it leads back to the summary."""
    try:
        step = Step(int(ctx.arg))
    except ValueError:
        await ctx.answer()
        return None
    await ctx.close_keyboard()
    if step == Step.SUMMARY:
        return await show_summary(ctx, report)
    with Drafting.edit(ctx) as data:
        data.editing = True
    return await ask(ctx, report, step)


async def discard(update: Update, ctx: Ctx) -> int | None:
    """Deletes the draft."""
    report = await load_report(ctx)
    if report is not None:
        await ctx.session.delete(report)
    await ctx.show(ctx._(DISCARDED))
    return END
