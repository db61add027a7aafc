"""What /event's steps share: the states, the flow's data, the draft, and saying no in one
sentence.

The draft is the ``event`` row (status draft) whose id the conversation keeps; every step reads
it again, so a step after a restart, or a button from an old message, finds the same draft or
learns that it was published or deleted meanwhile: a step decorated with ``drafted`` gets it, or
the flow ends with GONE (issue 9).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from telegram import InlineKeyboardMarkup, Update

from bot.context import Ctx
from bot.drafts import end_with, with_draft
from bot.flow_data import FlowData
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


# The steps answered with buttons only; the others are answered by typing (some also by a button).
BUTTON_STEPS = (
    Step.RESUME,
    Step.KIND,
    Step.LANGUAGES,
    Step.AUDIENCE,
    Step.AUDIENCE_VALUE,
    Step.PREVIEW,
)


@dataclass
class Creating(FlowData):
    """The draft (an ``event`` row), the language of the version being written, and the
    audience kind being chosen with the values its buttons stand for."""

    id: int | None = None
    variant: str | None = None
    kind: str | None = None
    options: list[str] = field(default_factory=list)


# Translators: /event (a coordinator creates an event people sign up for), a button of a
# draft that was published or deleted was pressed. /event is a command: keep it.
GONE = N_("This event is no longer a draft. /event starts a new one.")
# Translators: /event (a coordinator creates an event people sign up for), the steps
# answered by typing: a photo, sticker or the like was sent. /cancel is a command: keep
# it.
NEED_TEXT = N_("Please write it as text. /cancel stops; the draft is kept.")
# Translators: /event (a coordinator creates an event people sign up for), and managing an
# event: the steps answered with buttons got typed text.
USE_BUTTONS = N_("Please choose with the buttons.")
# Translators: /event (a coordinator creates an event people sign up for), step 5, and
# Change the time when managing an event. %(example)s = an example like 24.12. 18:00;
# %(zone)s = the time zone's name, e.g. Europe/Helsinki.
ASK_START = N_(
    "When does it start? Write a date and time such as %(example)s (time zone %(zone)s)."
)
# Translators: /event (a coordinator creates an event people sign up for), steps 5 and 10,
# and Change the time: the typed time could not be read. %(example)s = an example like
# 24.12. 18:00.
BAD_TIME = N_("I did not understand that time. Write it like %(example)s.")
# Translators: /event (a coordinator creates an event people sign up for), step 7, and
# Change the link or place when managing an event. Keep https:// as it is.
ASK_WHERE = N_("Where? Send the online link (https://…) or write the place.")


async def draft(ctx: Ctx) -> Event | None:
    """The conversation's draft, or None once it was published or deleted."""
    event_id = Creating.of(ctx).id
    event = await ctx.session.get(Event, event_id) if event_id is not None else None
    if event is None or event.status is not EventStatus.DRAFT:
        return None
    return event


# A step decorated with it gets the conversation's draft, or the flow ends with GONE.
drafted = with_draft(draft, end_with(GONE))


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


# Each asks its state's question again; nothing stored changes. The router picks one by the
# current state (Flow.reprompts).


async def reprompt(update: Update, ctx: Ctx) -> int | None:
    """The steps answered by typing: the message must be text."""
    await ctx.say(ctx._(NEED_TEXT))
    return None


async def reprompt_buttons(update: Update, ctx: Ctx) -> int | None:
    """The steps answered with buttons only."""
    await ctx.say(ctx._(USE_BUTTONS))
    return None
