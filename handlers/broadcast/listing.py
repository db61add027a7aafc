"""/broadcasts: the latest broadcasts with their delivery figures; a scheduled one can be
cancelled until it fires."""

from __future__ import annotations

from telegram import Update

from bot.audit import audited
from bot.context import Ctx
from bot.flow import END
from handlers.broadcast.draft import Step
from handlers.broadcast.outbox import cancel
from handlers.broadcast.texts import (
    CANCEL_ONE,
    LIST_CANCELLED,
    LIST_FIGURES,
    LIST_SCHEDULED,
    LIST_SENDING,
    LIST_TITLE,
    NO_BROADCASTS,
    NOT_CANCELLABLE,
    SCHEDULE_CANCELLED,
)
from storage.models import BroadcastStatus
from storage.repos import broadcast as repo
from storage.repos.audit import Action


async def listing(update: Update, ctx: Ctx) -> int | None:
    """The latest broadcasts with their delivery figures; scheduled ones can be cancelled."""
    await ctx.answer()
    broadcasts = await repo.recent(ctx.session, 10)
    if not broadcasts:
        await ctx.say(ctx._(NO_BROADCASTS))
        return END
    zone = ctx.services.settings.zone
    now = ctx.services.now()
    blocks = [ctx._(LIST_TITLE)]
    rows: list[list[tuple[str, str, str]]] = []
    for broadcast in broadcasts:
        when = ctx.tr.datetime(broadcast.created_at, zone)
        segment = await ctx.services.segments.describe(ctx.session, ctx.tr, broadcast.segment)
        head = f"#{broadcast.id} · {when} · {segment}"  # no words to translate
        if broadcast.status is BroadcastStatus.SCHEDULED and broadcast.scheduled_for:
            detail = ctx._(LIST_SCHEDULED) % {
                "time": ctx.tr.datetime(broadcast.scheduled_for, zone)
            }
            rows.append([(ctx._(CANCEL_ONE) % {"id": broadcast.id}, "bc_drop", str(broadcast.id))])
        elif broadcast.status is BroadcastStatus.CANCELLED:
            detail = ctx._(LIST_CANCELLED)
        else:
            figures = await repo.figures(ctx.session, broadcast.id, now)
            detail = ctx._(LIST_FIGURES) % {
                "sent": ctx.tr.number(figures.sent),
                "total": ctx.tr.number(figures.total),
                "failed": ctx.tr.number(figures.failed),
                "blocked": ctx.tr.number(figures.blocked),
            }
            if broadcast.status is BroadcastStatus.QUEUED:
                detail += " · " + ctx._(LIST_SENDING)
        blocks.append(f"{head}\n   {detail}")
    text = "\n\n".join(blocks)
    if rows:
        await ctx.say(text, ctx.keyboard(rows))
        return Step.LIST
    await ctx.say(text)
    return END


async def drop_scheduled(update: Update, ctx: Ctx) -> int | None:
    """Cancels the scheduled broadcast, or says it is too late: it has fired meanwhile."""
    try:
        broadcast = await repo.locked(ctx.session, int(ctx.arg))
    except ValueError:
        return None
    if broadcast is None:
        return None
    if cancel(broadcast):
        audited(ctx, Action.BROADCAST_CANCELLED, broadcast=broadcast.id)
        await ctx.answer(ctx._(SCHEDULE_CANCELLED) % {"id": broadcast.id}, alert=True)
        await ctx.say(ctx._(SCHEDULE_CANCELLED) % {"id": broadcast.id})
    else:
        await ctx.answer(ctx._(NOT_CANCELLABLE) % {"id": broadcast.id}, alert=True)
    return None
