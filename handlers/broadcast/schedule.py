"""Scheduling a broadcast draft: in an hour, tomorrow morning or noon, or a typed time."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from telegram import InlineKeyboardMarkup, Update

from bot.audit import audited
from bot.context import Ctx
from bot.flow import END
from handlers.broadcast.draft import Step, drafted
from handlers.broadcast.outbox import schedule
from handlers.broadcast.preview import show_preview
from handlers.broadcast.texts import (
    ASK_TIME,
    BACK,
    BAD_TIME,
    IN_ONE_HOUR,
    PAST_TIME,
    SCHEDULED,
    TOMORROW_AT,
)
from handlers.broadcast.times import TIME_EXAMPLE, parse_local_time
from storage.models import Broadcast
from storage.repos.audit import Action


def schedule_keyboard(ctx: Ctx) -> InlineKeyboardMarkup:
    rows = [
        [(ctx._(IN_ONE_HOUR), "bc_at", "1h")],
        [(ctx._(TOMORROW_AT) % {"time": ctx.tr.time(time(9, 0))}, "bc_at", "t9")],
        [(ctx._(TOMORROW_AT) % {"time": ctx.tr.time(time(12, 0))}, "bc_at", "t12")],
        [(ctx._(BACK), "bc_back", "")],
    ]
    return ctx.keyboard(rows)


@drafted
async def ask_time(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    zone = ctx.services.settings.timezone
    await ctx.show(
        ctx._(ASK_TIME) % {"example": TIME_EXAMPLE, "zone": zone}, schedule_keyboard(ctx)
    )
    return Step.SCHEDULE


async def _schedule_at(ctx: Ctx, broadcast: Broadcast, when: datetime) -> int | None:
    now = ctx.services.now()
    if when <= now:
        await ctx.say(ctx._(PAST_TIME), schedule_keyboard(ctx))
        return Step.SCHEDULE
    schedule(broadcast, when)
    audited(ctx, Action.BROADCAST_SCHEDULED, broadcast=broadcast.id, send_at=when)
    text = ctx._(SCHEDULED) % {
        "id": broadcast.id,
        "time": ctx.tr.datetime(when, ctx.services.settings.zone),
    }
    await ctx.show(text)
    return END


@drafted
async def quick_time(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    zone = ctx.services.settings.zone
    now = ctx.services.now()
    if ctx.arg == "1h":
        when = now + timedelta(hours=1)
    elif ctx.arg in ("t9", "t12"):
        day = now.astimezone(zone).date() + timedelta(days=1)
        when = datetime.combine(day, time(9 if ctx.arg == "t9" else 12), tzinfo=zone)
    else:
        return None
    return await _schedule_at(ctx, broadcast, when)


@drafted
async def typed_time(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    text = update.message.text if update.message and update.message.text else ""
    when = parse_local_time(text, ctx.services.now(), ctx.services.settings.zone)
    if when is None:
        await ctx.say(ctx._(BAD_TIME) % {"example": TIME_EXAMPLE}, schedule_keyboard(ctx))
        return None
    return await _schedule_at(ctx, broadcast, when)


@drafted
async def back_to_preview(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    return await show_preview(ctx, broadcast, edit=True, show_message=False)
