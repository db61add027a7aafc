"""The preview of a broadcast draft (who gets it, in which language, who waits for the
morning), the Urgent switch, and "Send now", which writes the whole outbox in this update's
transaction and shows the progress message the sender keeps up to date."""

from __future__ import annotations

from telegram import Update

from bot.audit import audited
from bot.context import Ctx
from bot.flow import END
from bot.i18n import ENDONYMS, LANGUAGES
from bot.outbox.notices import WAKE_SENDER
from handlers.broadcast.draft import Step, drafted
from handlers.broadcast.outbox import (
    after_quiet_hours,
    choose_variant,
    queue,
    variant_payload,
    zone_of,
)
from handlers.broadcast.progress import progress_text
from handlers.broadcast.texts import (
    CANCEL,
    CHANGE_GROUP,
    LANGUAGE_LINE,
    NOBODY,
    PREVIEW,
    PREVIEW_TITLE,
    QUIET,
    RECIPIENTS,
    SCHEDULE,
    SEND_NOW,
    SKIPPED,
    URGENT_OFF,
    URGENT_ON,
)
from storage.models import Broadcast
from storage.repos import broadcast as repo
from storage.repos.audit import Action


async def show_preview(ctx: Ctx, broadcast: Broadcast, *, edit: bool, show_message: bool) -> int:
    settings = ctx.services.settings
    audience = await ctx.services.segments.resolve(ctx.session, broadcast.segment)
    now = ctx.services.now()
    lines = [
        ctx._(PREVIEW)
        % {
            "id": broadcast.id,
            "segment": await ctx.services.segments.describe(ctx.session, ctx.tr, broadcast.segment),
        },
        ctx._(RECIPIENTS) % {"count": ctx.tr.number(len(audience.recipients))},
    ]
    counts = audience.by_language
    for code in LANGUAGES:
        if counts[code]:
            variant = choose_variant(code, broadcast.variants, broadcast.base_language)
            lines.append(
                "• "
                + ctx._(LANGUAGE_LINE)
                % {
                    "language": ENDONYMS[code],
                    "count": ctx.tr.number(counts[code]),
                    "text_language": ENDONYMS[variant],
                }
            )
    if audience.paused or audience.left:
        lines.append(
            ctx._(SKIPPED)
            % {"paused": ctx.tr.number(audience.paused), "left": ctx.tr.number(audience.left)}
        )
    if not broadcast.urgent:
        waiting = sum(
            1
            for r in audience.recipients
            if after_quiet_hours(now, zone_of(r.timezone, settings.zone), settings.quiet_hours)
            > now
        )
        if waiting:
            lines.append(
                ctx._(QUIET) % {"hours": settings.quiet_hours, "count": ctx.tr.number(waiting)}
            )
    if not audience.recipients:
        lines.append(ctx._(NOBODY))
        rows = [[(ctx._(CHANGE_GROUP), "bc_cont", "")], [(ctx._(CANCEL), "bc_cancel", "")]]
    else:
        urgent = ctx._(URGENT_ON) if broadcast.urgent else ctx._(URGENT_OFF)
        rows = [
            [(ctx._(SEND_NOW), "bc_send", ""), (ctx._(SCHEDULE), "bc_sched", "")],
            [(urgent, "bc_urgent", "")],
            [(ctx._(CHANGE_GROUP), "bc_cont", ""), (ctx._(CANCEL), "bc_cancel", "")],
        ]
    text = "\n".join(lines)
    if show_message:
        text_, entities = variant_payload(broadcast.variants[broadcast.base_language])
        if edit:
            await ctx.show(ctx._(PREVIEW_TITLE))
        else:
            await ctx.say(ctx._(PREVIEW_TITLE))
        await ctx.say(text_, entities=entities)
        await ctx.say(text, ctx.keyboard(rows))
    elif edit:
        await ctx.show(text, ctx.keyboard(rows))
    else:
        await ctx.say(text, ctx.keyboard(rows))
    return Step.PREVIEW


@drafted
async def toggle_urgent(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    broadcast.urgent = not broadcast.urgent
    return await show_preview(ctx, broadcast, edit=True, show_message=False)


@drafted
async def send_now(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    """Writes the outbox in this transaction and shows the progress message."""
    now = ctx.services.now()
    queued = await queue(ctx.session, broadcast, now, ctx.services.settings, ctx.services.segments)
    audited(ctx, Action.BROADCAST_QUEUED, broadcast=broadcast.id, recipients=queued.total)
    figures = await repo.figures(ctx.session, broadcast.id, now)
    text = progress_text(ctx.tr, broadcast.id, figures, ctx.services.settings.zone)
    await ctx.answer()
    shown = await ctx.show(text)
    edited = ctx.pressed_message_id()
    if edited is not None:
        broadcast.progress_message_id = edited
    else:
        await ctx.write_effects()  # the progress message's row id; its message id comes later
        broadcast.progress_delivery_id = shown.id
    broadcast.progress_text = text
    broadcast.progress_edited_at = now
    ctx.session.info[WAKE_SENDER] = True
    return END
