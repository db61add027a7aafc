"""What /event's steps share: the states, the draft, and saying no in one sentence.

The draft is the ``event`` row (status draft) whose id the conversation keeps; every step reads
it again, so a step after a restart, or a button from an old message, finds the same draft or
learns that it was published or deleted meanwhile.
"""

from __future__ import annotations

from enum import IntEnum

from telegram import InlineKeyboardMarkup, Update

from bot.context import Ctx
from bot.flow import END
from bot.i18n import N_
from handlers.broadcast.times import TIME_EXAMPLE
from handlers.events import rules
from storage.models import Event, EventStatus


class Step(IntEnum):
    RESUME = 1
    KIND = 2
    TITLE = 3
    DESCRIPTION = 4
    LANGUAGES = 5
    VARIANT_TITLE = 6
    VARIANT_DESCRIPTION = 7
    START = 8
    DURATION = 9
    WHERE = 10
    CAPACITY = 11
    AUDIENCE = 12
    AUDIENCE_VALUE = 13
    DEADLINE = 14
    PREVIEW = 15


GONE = N_("This event is no longer a draft. /event starts a new one.")
NEED_TEXT = N_("Please write it as text. /cancel stops; the draft is kept.")
USE_BUTTONS = N_("Please choose with the buttons.")
ASK_START = N_(
    "When does it start? Write a date and time such as %(example)s (time zone %(zone)s)."
)
BAD_TIME = N_("I did not understand that time. Write it like %(example)s.")
ASK_WHERE = N_("Where? Send the online link (https://…) or write the place.")


async def draft(ctx: Ctx) -> Event | None:
    """The conversation's draft, or None once it was published or deleted."""
    event_id = ctx.data.get("id")
    event = await ctx.session.get(Event, event_id) if isinstance(event_id, int) else None
    if event is None or event.status is not EventStatus.DRAFT:
        return None
    return event


async def gone(ctx: Ctx) -> int:
    await ctx.answer()
    await ctx.say(ctx._(GONE))
    return END


def typed(update: Update) -> str | None:
    message = update.message
    return message.text if message is not None and message.text else None


async def refuse(
    ctx: Ctx, refusal: rules.Refusal, markup: InlineKeyboardMarkup | None = None
) -> None:
    """The refusal's one sentence, its numbers in the reader's format."""
    values = {k: ctx.tr.number(v) if isinstance(v, int) else v for k, v in refusal.values.items()}
    await ctx.say(ctx._(refusal.message) % values, markup)


def touch(ctx: Ctx, event: Event) -> None:
    event.updated_at = ctx.services.now()


def ask_start_text(ctx: Ctx) -> str:
    zone = ctx.services.settings.timezone
    return ctx._(ASK_START) % {"example": TIME_EXAMPLE, "zone": zone}


async def reprompt(update: Update, ctx: Ctx) -> int | None:
    """Asks the current question again; nothing stored changes."""
    answered_by_typing = (
        Step.TITLE,
        Step.DESCRIPTION,
        Step.VARIANT_TITLE,
        Step.VARIANT_DESCRIPTION,
        Step.START,
        Step.DURATION,
        Step.WHERE,
        Step.CAPACITY,
        Step.DEADLINE,
    )
    state = ctx.conversation.state
    await ctx.say(ctx._(NEED_TEXT if state in answered_by_typing else USE_BUTTONS))
    return None
