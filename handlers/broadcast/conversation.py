"""/broadcast: a coordinator writes a message, picks who gets it, previews, sends or schedules.

This module is the flow: writing the text and its language versions, choosing the audience,
and the builder. The draft and what every step shares are in ``draft.py``, the preview and
"Send now" in ``preview.py``, scheduling in ``schedule.py`` (the typed time in ``times.py``),
/broadcasts in ``listing.py``, the words in ``texts.py``. The sender delivers what "Send now"
writes and edits one progress message (``ticks.py``).
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.context import Ctx
from bot.flow import END, Flow, MenuItem, on_button, on_command, on_text
from bot.i18n import ENDONYMS, LANGUAGES, N_
from handlers.broadcast.draft import Composing, Step, drafted, gone, load_draft, message_text
from handlers.broadcast.listing import drop_scheduled, listing
from handlers.broadcast.outbox import cancel, fallback_order
from handlers.broadcast.preview import send_now, show_preview, toggle_urgent
from handlers.broadcast.schedule import (
    ask_time,
    back_to_preview,
    quick_time,
    schedule_keyboard,
    typed_time,
)
from handlers.broadcast.texts import (
    ASK_SEGMENT,
    ASK_TEXT,
    ASK_TIME,
    ASK_VALUE,
    ASK_VARIANT_TEXT,
    ASK_VARIANTS,
    BACK,
    CANCEL,
    CANCELLED,
    CONTINUE,
    NEED_TEXT,
    NOTHING_TO_CHOOSE,
    THEIR_OWN,
    VERSIONS,
)
from handlers.broadcast.times import TIME_EXAMPLE
from storage.models import Broadcast, BroadcastStatus, Role

# ---------------------------------------------------------------------- composing the text


async def start(update: Update, ctx: Ctx) -> int | None:
    """Asks for the text."""
    await ctx.answer()
    await ctx.say(ctx._(ASK_TEXT))
    return Step.TEXT


async def got_text(update: Update, ctx: Ctx) -> int | None:
    """Stores the draft with its formatting and offers language versions."""
    given = message_text(update)
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
    with Composing.edit(ctx) as data:  # a preset audience stays
        data.id = broadcast.id
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
    given = message_text(update)
    language = Composing.of(ctx).variant
    if given is None or language is None or language not in LANGUAGES:
        return await reprompt(update, ctx)
    text, entities = given
    broadcast.variants = {**broadcast.variants, language: {"text": text, "entities": entities}}
    await _ask_variants(ctx, broadcast, edit=False)
    return Step.VARIANTS


# ------------------------------------------------------------------------------ audience


def _segment_keyboard(ctx: Ctx) -> InlineKeyboardMarkup:
    kinds = ctx.services.segments.visible()
    rows = [[(ctx._(kind.label), "bc_seg", kind.key)] for kind in kinds]
    rows.append([(ctx._(CANCEL), "bc_cancel", "")])
    return ctx.keyboard(rows)


@drafted
async def ask_segment(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    """Asks who gets it, or goes straight to the preview with an audience chosen before."""
    data = Composing.of(ctx)
    if data.preset:
        broadcast.segment, data.preset = dict(data.preset), None
        data.save(ctx)
        return await show_preview(ctx, broadcast, edit=True, show_message=True)
    await ctx.show(ctx._(ASK_SEGMENT), _segment_keyboard(ctx))
    return Step.SEGMENT


@drafted
async def pick_segment(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    kind = ctx.services.segments.get(ctx.arg)
    if kind is None or not kind.visible:
        return None
    if kind.options is None:
        broadcast.segment = {"kind": kind.key}
        return await show_preview(ctx, broadcast, edit=True, show_message=True)
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
    return await show_preview(ctx, broadcast, edit=True, show_message=True)


async def cancel_draft(update: Update, ctx: Ctx) -> int | None:
    broadcast = await load_draft(ctx)
    if broadcast is not None:
        cancel(broadcast)
    await ctx.answer()
    await ctx.show(ctx._(CANCELLED))
    return END


# --------------------------------------------------------------------------- reprompt


# Each asks its state's question again; nothing stored changes. The router picks the one of
# the current state (Flow.reprompts); a reprompt with a draft that has gone ends the flow, and
# is only ever a message (buttons that fit nothing are stale), so GONE is said, not edited in.


async def reprompt(update: Update, ctx: Ctx) -> int | None:
    """The text steps: the message must be text."""
    await ctx.say(ctx._(NEED_TEXT))
    return None


@drafted
async def reprompt_variants(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    await _ask_variants(ctx, broadcast, edit=False)
    return None


@drafted
async def reprompt_segment(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    await ctx.say(ctx._(ASK_SEGMENT), _segment_keyboard(ctx))
    return Step.SEGMENT


@drafted
async def reprompt_preview(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    await show_preview(ctx, broadcast, edit=False, show_message=False)
    return None


@drafted
async def reprompt_schedule(update: Update, ctx: Ctx, broadcast: Broadcast) -> int | None:
    zone = ctx.services.settings.timezone
    await ctx.say(ctx._(ASK_TIME) % {"example": TIME_EXAMPLE, "zone": zone}, schedule_keyboard(ctx))
    return None


async def reprompt_list(update: Update, ctx: Ctx) -> int | None:
    """/broadcasts keeps no draft to ask about again: the flow ends with GONE, as it did."""
    return await gone(ctx)


# ------------------------------------------------------------------------------ wiring


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
        reprompts={
            Step.VARIANTS: reprompt_variants,
            Step.SEGMENT: reprompt_segment,
            Step.VALUE: reprompt_segment,
            Step.PREVIEW: reprompt_preview,
            Step.SCHEDULE: reprompt_schedule,
            Step.LIST: reprompt_list,
        },
        # Translators: Main menu (coordinators): starts /broadcast.
        # Button; at most 36 characters on a phone.
        menu=[MenuItem(N_("Send a broadcast"), "bc_new", coordinator, 70)],
        commands=[
            # Translators: Command list (Telegram's / menu and /help): what the command /broadcast
            # does; short, no full stop.
            ("broadcast", N_("Send a message to many contacts"), coordinator),
            # Translators: Command list (Telegram's / menu and /help): what the command /broadcasts
            # does; short, no full stop.
            ("broadcasts", N_("Past and scheduled broadcasts"), coordinator),
        ],
    )
