"""/broadcast: a coordinator writes a message, picks who gets it, previews, sends or schedules.

The draft lives in the ``broadcast`` table from the moment the text is given, so an
interrupted flow loses nothing. "Send now" writes the whole outbox in this update's
transaction; the sender worker (started here in ``on_start``) delivers it and edits one
progress message. /broadcasts lists past and scheduled broadcasts with their figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import IntEnum
from typing import Any

from telegram import InlineKeyboardMarkup, MessageEntity, Update

from bot.audit import audited
from bot.context import Ctx
from bot.drafts import end_with, with_draft
from bot.flow import END, Flow, MenuItem, on_button, on_command, on_text
from bot.flow_data import FlowData
from bot.i18n import ENDONYMS, LANGUAGES, N_, NP_
from bot.outbox.notices import WAKE_SENDER
from bot.outbox.sender import Tick
from bot.services import Services
from handlers.broadcast.outbox import (
    after_quiet_hours,
    cancel,
    choose_variant,
    entities_json,
    fallback_order,
    queue,
    schedule,
    variant_payload,
    zone_of,
)
from handlers.broadcast.progress import progress_text
from handlers.broadcast.ticks import BroadcastTicks
from storage.models import Broadcast, BroadcastStatus, Role
from storage.repos import broadcast as repo
from storage.repos.audit import Action

ASK_TEXT = N_(
    "Write the message to send. Bold, italics and links are kept. /cancel stops without sending."
)
NEED_TEXT = N_("Please send the message as text. /cancel stops without sending.")
ASK_VARIANTS = N_(
    "Your text is in %(language)s. Add the same message in another language? "
    "People whose language has no version get: %(order)s."
)
VERSIONS = N_("Versions so far: %(languages)s.")
THEIR_OWN = N_("their own language")
ASK_VARIANT_TEXT = N_("Write the message in %(language)s.")
CONTINUE = NP_("button", "Continue")
ASK_SEGMENT = N_("Who should get it?")
ASK_VALUE = N_("Choose one:")
NOTHING_TO_CHOOSE = N_("There is nothing to choose from yet. Choose another group.")
BACK = NP_("button", "Back")
PREVIEW_TITLE = N_("This is how the message looks:")
PREVIEW = N_("Broadcast #%(id)s to: %(segment)s")
RECIPIENTS = N_("Recipients: %(count)s")
LANGUAGE_LINE = N_("%(language)s: %(count)s, in %(text_language)s")
SKIPPED = N_("Skipped: %(paused)s paused messages, %(left)s have left.")
QUIET = N_("Quiet hours (%(hours)s): %(count)s will get it in the morning.")
NOBODY = N_("Nobody would get this message. Choose another group.")
URGENT_ON = N_("Urgent: yes, ignores quiet hours")
URGENT_OFF = N_("Urgent: no")
SEND_NOW = NP_("button", "Send now")
SCHEDULE = NP_("button", "Schedule")
CHANGE_GROUP = N_("Change the group")
CANCEL = NP_("button", "Cancel")
CANCELLED = N_("Cancelled. Nothing was sent.")
ASK_TIME = N_(
    "When should it be sent? Choose, or write a date and time such as %(example)s "
    "(time zone %(zone)s)."
)
IN_ONE_HOUR = N_("In one hour")
TOMORROW_AT = N_("Tomorrow %(time)s")
BAD_TIME = N_("I did not understand that time. Write it like %(example)s.")
PAST_TIME = N_("That time has already passed. Choose a later time.")
SCHEDULED = N_(
    "Broadcast #%(id)s is scheduled for %(time)s. /broadcasts shows it; you can cancel it there."
)
GONE = N_("This broadcast is no longer a draft. /broadcast starts a new one.")
NO_BROADCASTS = N_("No broadcasts yet. /broadcast starts one.")
LIST_TITLE = N_("Latest broadcasts:")
LIST_FIGURES = N_("sent %(sent)s/%(total)s · %(failed)s failed · %(blocked)s blocked")
LIST_SCHEDULED = N_("scheduled for %(time)s")
LIST_CANCELLED = NP_("broadcast state", "cancelled")
LIST_SENDING = NP_("broadcast state", "sending")
CANCEL_ONE = N_("Cancel #%(id)s")
SCHEDULE_CANCELLED = N_("Broadcast #%(id)s is cancelled. Nothing was sent.")
NOT_CANCELLABLE = N_("Broadcast #%(id)s can no longer be cancelled.")

TIME_EXAMPLE = "24.12. 18:00"
_TIME = re.compile(
    r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})?\s+(\d{1,2})[:.](\d{2})\s*$"
    r"|^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})\s*$"
)


class Step(IntEnum):
    TEXT = 1
    VARIANTS = 2
    VARIANT_TEXT = 3
    SEGMENT = 4
    VALUE = 5
    PREVIEW = 6
    SCHEDULE = 7
    LIST = 8


@dataclass
class Composing(FlowData):
    """The draft (a ``broadcast`` row), the language of the version being written, and the
    audience kind being chosen with the values its buttons stand for."""

    id: int | None = None
    variant: str | None = None
    kind: str | None = None
    options: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------ helpers


async def _draft(ctx: Ctx) -> Broadcast | None:
    broadcast_id = Composing.of(ctx).id
    if broadcast_id is None:
        return None
    broadcast = await ctx.session.get(Broadcast, broadcast_id)
    if broadcast is None or broadcast.status is not BroadcastStatus.DRAFT:
        return None
    return broadcast


_gone = end_with(GONE, edit=True)
# A step decorated with it gets the chat's broadcast draft, or the flow ends with GONE.
drafted = with_draft(_draft, _gone)


def _message_text(update: Update) -> tuple[str, list[Any]] | None:
    message = update.message
    if message is None or not message.text:
        return None
    entities: tuple[MessageEntity, ...] = message.entities or ()
    return message.text, entities_json(entities)


# ---------------------------------------------------------------------- composing the text


async def start(update: Update, ctx: Ctx) -> int | None:
    """Asks for the text."""
    await ctx.answer()
    await ctx.say(ctx._(ASK_TEXT))
    return Step.TEXT


async def got_text(update: Update, ctx: Ctx) -> int | None:
    """Stores the draft with its formatting and offers language versions."""
    given = _message_text(update)
    if given is None:
        return await reprompt(update, ctx)
    text, entities = given
    assert ctx.contact is not None
    broadcast = Broadcast(
        created_by_contact_id=ctx.contact.id,
        status=BroadcastStatus.DRAFT,
        base_language=ctx.tr.language,
        variants={ctx.tr.language: {"text": text, "entities": entities}},
        segment={},
        urgent=False,
        total=0,
        skipped={},
        progress_chat_id=ctx.chat_id,
        progress_language=ctx.tr.language,
        created_at=ctx.services.now(),
    )
    ctx.session.add(broadcast)
    await ctx.session.flush()
    Composing(id=broadcast.id).save(ctx)
    await _ask_variants(ctx, broadcast, edit=False)
    return Step.VARIANTS


def _variants_text(ctx: Ctx, broadcast: Broadcast) -> str:
    order = [ctx._(THEIR_OWN)] + [
        ENDONYMS[code] for code in fallback_order(broadcast.base_language)
    ]
    text = ctx._(ASK_VARIANTS) % {
        "language": ENDONYMS[broadcast.base_language],
        "order": " → ".join(order),
    }
    if len(broadcast.variants) > 1:
        names = ", ".join(ENDONYMS[code] for code in LANGUAGES if code in broadcast.variants)
        text += "\n" + ctx._(VERSIONS) % {"languages": names}
    return text


async def _ask_variants(ctx: Ctx, broadcast: Broadcast, *, edit: bool) -> None:
    missing = [code for code in LANGUAGES if code not in broadcast.variants]
    rows = [
        [(ENDONYMS[code], "bc_lang", code) for code in missing[i : i + 2]]
        for i in range(0, len(missing), 2)
    ]
    rows.append([(ctx._(CONTINUE), "bc_cont", "")])
    rows.append([(ctx._(CANCEL), "bc_cancel", "")])
    markup = ctx.keyboard(rows)
    if edit:
        await ctx.show(_variants_text(ctx, broadcast), markup)
    else:
        await ctx.say(_variants_text(ctx, broadcast), markup)


@drafted
async def pick_variant_language(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    if ctx.arg not in LANGUAGES:
        return None
    data = Composing.of(ctx)
    data.variant = ctx.arg
    data.save(ctx)
    await ctx.show(ctx._(ASK_VARIANT_TEXT) % {"language": ENDONYMS[ctx.arg]})
    return Step.VARIANT_TEXT


@drafted
async def got_variant(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    given = _message_text(update)
    language = Composing.of(ctx).variant
    if given is None or language is None or language not in LANGUAGES:
        return await reprompt(update, ctx)
    text, entities = given
    broadcast.variants = {**broadcast.variants, language: {"text": text, "entities": entities}}
    await _ask_variants(ctx, broadcast, edit=False)
    return Step.VARIANTS


# ------------------------------------------------------------------------------ segment


def _segment_keyboard(ctx: Ctx) -> InlineKeyboardMarkup:
    kinds = ctx.services.segments.visible()
    rows = [[(ctx._(kind.label), "bc_seg", kind.key)] for kind in kinds]
    rows.append([(ctx._(CANCEL), "bc_cancel", "")])
    return ctx.keyboard(rows)


@drafted
async def ask_segment(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    await ctx.show(ctx._(ASK_SEGMENT), _segment_keyboard(ctx))
    return Step.SEGMENT


@drafted
async def pick_segment(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    kind = ctx.services.segments.get(ctx.arg)
    if kind is None or not kind.visible:
        return None
    if kind.options is None:
        broadcast.segment = {"kind": kind.key}
        return await _preview(ctx, broadcast, edit=True, show_message=True)
    options = await kind.options(ctx.session, ctx.tr)
    if not options:
        await ctx.show(ctx._(NOTHING_TO_CHOOSE), _segment_keyboard(ctx))
        return Step.SEGMENT
    data = Composing.of(ctx)
    data.kind, data.options = kind.key, [value for value, _ in options]
    data.save(ctx)
    rows = [
        [(label, "bc_val", str(i + j)) for j, (_, label) in enumerate(options[i : i + 2])]
        for i in range(0, len(options), 2)
    ]
    rows.append([(ctx._(BACK), "bc_cont", "")])
    await ctx.show(ctx._(ASK_VALUE), ctx.keyboard(rows))
    return Step.VALUE


@drafted
async def pick_value(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    data = Composing.of(ctx)
    try:
        value = data.options[int(ctx.arg)]
    except (ValueError, IndexError):
        return None
    broadcast.segment = {"kind": data.kind, "value": value}
    return await _preview(ctx, broadcast, edit=True, show_message=True)


# ------------------------------------------------------------------------------ preview


async def _preview(ctx: Ctx, broadcast: Broadcast, *, edit: bool, show_message: bool) -> int:
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
    return await _preview(ctx, broadcast, edit=True, show_message=False)


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


# ----------------------------------------------------------------------------- schedule


def _schedule_keyboard(ctx: Ctx) -> InlineKeyboardMarkup:
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
        ctx._(ASK_TIME) % {"example": TIME_EXAMPLE, "zone": zone}, _schedule_keyboard(ctx)
    )
    return Step.SCHEDULE


def parse_local_time(text: str, now: datetime, zone: Any) -> datetime | None:
    """``24.12. 18:00``, ``24.12.2026 18:00`` or ``2026-12-24 18:00`` in ``zone``."""
    match = _TIME.match(text)
    if match is None:
        return None
    try:
        if match.group(1):
            day, month = int(match.group(1)), int(match.group(2))
            local_now = now.astimezone(zone)
            year = int(match.group(3)) if match.group(3) else local_now.year
            hour, minute = int(match.group(4)), int(match.group(5))
            moment = datetime(year, month, day, hour, minute, tzinfo=zone)
            if not match.group(3) and moment < local_now - timedelta(days=1):
                moment = moment.replace(year=year + 1)  # "24.12." in January: next December
        else:
            moment = datetime(
                int(match.group(6)),
                int(match.group(7)),
                int(match.group(8)),
                int(match.group(9)),
                int(match.group(10)),
                tzinfo=zone,
            )
    except ValueError:
        return None
    return moment


async def _schedule_at(ctx: Ctx, broadcast: Broadcast, when: datetime) -> int | None:
    now = ctx.services.now()
    if when <= now:
        await ctx.say(ctx._(PAST_TIME), _schedule_keyboard(ctx))
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
        await ctx.say(ctx._(BAD_TIME) % {"example": TIME_EXAMPLE}, _schedule_keyboard(ctx))
        return None
    return await _schedule_at(ctx, broadcast, when)


@drafted
async def back_to_preview(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    return await _preview(ctx, broadcast, edit=True, show_message=False)


async def cancel_draft(update: Update, ctx: Ctx) -> int | None:
    broadcast = await _draft(ctx)
    if broadcast is not None:
        cancel(broadcast)
    await ctx.answer()
    await ctx.show(ctx._(CANCELLED))
    return END


# --------------------------------------------------------------------------- reprompt


async def reprompt(update: Update, ctx: Ctx) -> int | None:
    """Asks the current question again; nothing stored changes."""
    state = ctx.conversation.state
    if state in (Step.TEXT, Step.VARIANT_TEXT, None):
        await ctx.say(ctx._(NEED_TEXT))
        return None
    broadcast = await _draft(ctx)
    if broadcast is None:
        return await _gone(ctx)  # a message, never a button here: the same as saying GONE
    if state == Step.VARIANTS:
        await _ask_variants(ctx, broadcast, edit=False)
    elif state in (Step.SEGMENT, Step.VALUE):
        await ctx.say(ctx._(ASK_SEGMENT), _segment_keyboard(ctx))
        return Step.SEGMENT
    elif state == Step.PREVIEW:
        await _preview(ctx, broadcast, edit=False, show_message=False)
    elif state == Step.SCHEDULE:
        zone = ctx.services.settings.timezone
        await ctx.say(
            ctx._(ASK_TIME) % {"example": TIME_EXAMPLE, "zone": zone}, _schedule_keyboard(ctx)
        )
    return None


# ---------------------------------------------------------------------------- listing


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
    try:
        broadcast = await ctx.session.get(Broadcast, int(ctx.arg))
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


# ---------------------------------------------------------------------- wiring, worker


def build_flow() -> Flow:
    coordinator = Role.COORDINATOR
    return Flow(
        name="broadcast",
        role=coordinator,
        entry_points=[
            on_command("broadcast", start),
            on_button("bc_new", start),
            on_command("broadcasts", listing),
        ],
        states={
            Step.TEXT: [on_text(got_text)],
            Step.VARIANTS: [
                on_button("bc_lang", pick_variant_language),
                on_button("bc_cont", ask_segment),
            ],
            Step.VARIANT_TEXT: [on_text(got_variant)],
            Step.SEGMENT: [on_button("bc_seg", pick_segment)],
            Step.VALUE: [
                on_button("bc_val", pick_value),
                on_button("bc_cont", ask_segment),
            ],
            Step.PREVIEW: [
                on_button("bc_send", send_now),
                on_button("bc_sched", ask_time),
                on_button("bc_urgent", toggle_urgent),
                on_button("bc_cont", ask_segment),
            ],
            Step.SCHEDULE: [
                on_button("bc_at", quick_time),
                on_button("bc_back", back_to_preview),
                on_text(typed_time),
            ],
            Step.LIST: [on_button("bc_drop", drop_scheduled)],
        },
        fallbacks=[
            on_button("bc_cancel", cancel_draft),
            on_command("cancel", cancel_draft),
        ],
        reprompt=reprompt,
        menu=[MenuItem(N_("Send a broadcast"), "bc_new", coordinator, 70)],
        commands=[
            ("broadcast", N_("Send a message to many contacts"), coordinator),
            ("broadcasts", N_("Past and scheduled broadcasts"), coordinator),
        ],
    )


def sender_ticks(services: Services) -> list[Tick]:
    """Scheduled broadcasts fire and progress is shown between the sender's batches."""
    return BroadcastTicks(
        services.sessionmaker,
        services.settings,
        services.catalogs,
        services.clock,
        services.segments,
        services.update_lock,
    ).ticks()
