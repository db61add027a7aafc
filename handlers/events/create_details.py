"""/event, second half: when, how long, where, how many seats, who is invited, when sign-ups
close; then the preview of the invitation and Publish.

Each answer is checked as ``kylabot event create`` checks it (``rules``): a start in the past, a
length of zero, a link that is not https, a deadline after the start are refused in one sentence
and asked again, and nothing stored is lost.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardMarkup, Update

from bot.audit import audited
from bot.context import ButtonSpec, Ctx
from bot.flow import END
from bot.i18n import N_, NP_
from handlers.broadcast.texts import ASK_VALUE
from handlers.broadcast.times import TIME_EXAMPLE, parse_local_time
from handlers.events import draft as d
from handlers.events import publish, rules
from handlers.events import texts as tx
from handlers.menu.conversation import cancel_row
from storage.models import Event
from storage.repos.audit import Action

# Translators: /event (a coordinator creates an event people sign up for), step 6: asks
# the length, above buttons like 30 min, 1 h. Keep 45 and 1:30 as they are.
ASK_DURATION = N_(
    "How long does it last? Choose, or write minutes (45) or hours and minutes (1:30)."
)
# Translators: /event (a coordinator creates an event people sign up for), step 8: asks
# the number of seats. "No limit" is the button below.
ASK_CAPACITY = N_("How many seats? Write a number, or tap No limit.")
# Translators: /event (a coordinator creates an event people sign up for), step 8: any
# number of people may sign up. Button; at most 36 characters on a phone.
NO_LIMIT = NP_("button", "No limit")
# Translators: /event (a coordinator creates an event people sign up for), step 9: the
# question above the buttons of the groups.
ASK_AUDIENCE = N_("Who is invited?")
# Translators: /event (a coordinator creates an event people sign up for), step 9b: the
# chosen group has no values yet (e.g. no themes).
NOTHING_TO_CHOOSE = N_("There is nothing to choose from yet. Choose another group.")
# Translators: /event (a coordinator creates an event people sign up for), step 9b: back
# to the groups. Button; at most 36 characters on a phone.
BACK = NP_("button", "Back")
# Translators: /event (a coordinator creates an event people sign up for), step 10: asks
# the sign-up deadline. %(example)s = an example like 24.12. 18:00.
ASK_DEADLINE = N_("When do sign-ups close? Choose, or write a date and time such as %(example)s.")
# Translators: /event (a coordinator creates an event people sign up for), step 10:
# sign-ups close when the event starts. Button; at most 36 characters on a phone.
AT_START = N_("When it starts")
# Translators: /event (a coordinator creates an event people sign up for), step 10:
# sign-ups close a day before it starts. Button; at most 36 characters on a phone.
DAY_BEFORE = N_("A day before")
# Translators: /event (a coordinator creates an event people sign up for), step 11,
# preview: the line above a copy of the invitation.
PREVIEW_TITLE = N_("The invitation will look like this:")
# Translators: /event (a coordinator creates an event people sign up for), step 11,
# preview. %(id)s = the event's number; %(audience)s = the group, e.g. Everyone or
# Municipality: Inari.
PREVIEW = N_("Event #%(id)s for: %(audience)s")
# Translators: /event (a coordinator creates an event people sign up for), step 11,
# preview. %(count)s = number of people who will be invited, a numeral.
RECIPIENTS = N_("Recipients: %(count)s")
# Translators: /event (a coordinator creates an event people sign up for), step 11,
# preview. %(paused)s = people who paused messages (/stop), a numeral; %(left)s = people
# who left or blocked the bot, a numeral.
SKIPPED = N_("Skipped: %(paused)s paused messages, %(left)s have left.")
# Translators: /event (a coordinator creates an event people sign up for), step 11,
# preview: the group is empty.
NOBODY = N_("Nobody would be invited. Choose another group.")
# Translators: /event (a coordinator creates an event people sign up for), step 11,
# preview: publishes the event and sends the invitations.
# Button; at most 36 characters on a phone.
PUBLISH = NP_("button", "Publish")
# Translators: /event (a coordinator creates an event people sign up for), step 11,
# preview: back to step 9. Button; at most 36 characters on a phone.
CHANGE_AUDIENCE = N_("Change who is invited")
# Translators: /event (a coordinator creates an event people sign up for), step 11,
# preview, and a phenomenon report's summary: deletes the draft.
# Button; at most 36 characters on a phone.
DELETE = NP_("button", "Delete draft")
# Translators: /event (a coordinator creates an event people sign up for), done. %(id)s =
# the event's number; %(count)s = number of people invited, a numeral. /events is a
# command: keep it.
PUBLISHED = N_(
    "Event #%(id)s is published and its invitations are on their way (recipients: %(count)s). "
    "/events shows the sign-ups."
)

DURATIONS = (30, 60, 90, 120, 180)


@d.drafted
async def got_start(update: Update, ctx: Ctx, event: Event) -> int | None:
    text = d.typed(update)
    if text is None:
        return await d.reprompt(update, ctx)
    now = ctx.services.now()
    when = parse_local_time(text, now, ctx.services.settings.zone)
    if when is None:
        await ctx.say(ctx._(d.BAD_TIME) % {"example": TIME_EXAMPLE})
        return None
    refusal = rules.check_start(when, now)
    if refusal is not None:
        await d.refuse(ctx, refusal)
        return None
    event.starts_at = when
    d.touch(ctx, event)
    return await ask_duration(ctx, edit=False)


def duration_label(ctx: Ctx, minutes: int) -> str:
    """ "30 min", "1 h", "1,5 h": units every language here reads."""
    return f"{minutes} min" if minutes < 60 else f"{ctx.tr.number(minutes / 60)} h"


async def ask_duration(ctx: Ctx, *, edit: bool) -> int:
    rows = [[(duration_label(ctx, minutes), "evc_len", str(minutes)) for minutes in DURATIONS]]
    if edit:
        await ctx.show(ctx._(ASK_DURATION), ctx.keyboard(rows))
    else:
        await ctx.say(ctx._(ASK_DURATION), ctx.keyboard(rows))
    return d.Step.DURATION


@d.drafted
async def got_duration(update: Update, ctx: Ctx, event: Event) -> int | None:
    given = ctx.arg if update.callback_query is not None else d.typed(update)
    if given is None:
        return await d.reprompt(update, ctx)
    minutes = rules.parse_minutes(given)
    if isinstance(minutes, rules.Refusal):
        await d.refuse(ctx, minutes)
        return None
    event.duration_minutes = minutes
    d.touch(ctx, event)
    await ctx.answer()
    await ctx.say(ctx._(d.ASK_WHERE))
    return d.Step.WHERE


@d.drafted
async def got_where(update: Update, ctx: Ctx, event: Event) -> int | None:
    text = d.typed(update)
    if text is None:
        return await d.reprompt(update, ctx)
    if rules.looks_like_link(text):
        link = rules.check_link(text)
        if isinstance(link, rules.Refusal):
            await d.refuse(ctx, link)
            return None
        event.link, event.place = link, None
    else:
        place = rules.check_text(text, rules.PLACE_LIMIT)
        if isinstance(place, rules.Refusal):
            await d.refuse(ctx, place)
            return None
        event.link, event.place = None, place
    d.touch(ctx, event)
    return await ask_capacity(ctx, edit=False)


async def ask_capacity(ctx: Ctx, *, edit: bool) -> int:
    markup = ctx.keyboard([[(ctx._(NO_LIMIT), "evc_nolimit", "")]])
    if edit:
        await ctx.show(ctx._(ASK_CAPACITY), markup)
    else:
        await ctx.say(ctx._(ASK_CAPACITY), markup)
    return d.Step.CAPACITY


@d.drafted
async def got_capacity(update: Update, ctx: Ctx, event: Event) -> int | None:
    if update.callback_query is not None:
        event.capacity = None
    else:
        text = d.typed(update)
        if text is None:
            return await d.reprompt(update, ctx)
        seats = rules.parse_capacity(text)
        if isinstance(seats, rules.Refusal):
            await d.refuse(ctx, seats)
            return None
        event.capacity = seats
    d.touch(ctx, event)
    await ctx.answer()
    return await _ask_audience(ctx, edit=update.callback_query is not None)


# -------------------------------------------------------------------- audience, deadline


def _audience_keyboard(ctx: Ctx) -> InlineKeyboardMarkup:
    kinds = ctx.services.segments.visible()
    rows = [[(ctx._(kind.label), "evc_seg", kind.key)] for kind in kinds]
    return ctx.keyboard([*rows, cancel_row(ctx)])


async def _ask_audience(ctx: Ctx, *, edit: bool) -> int:
    if edit:
        await ctx.show(ctx._(ASK_AUDIENCE), _audience_keyboard(ctx))
    else:
        await ctx.say(ctx._(ASK_AUDIENCE), _audience_keyboard(ctx))
    return d.Step.AUDIENCE


@d.drafted
async def change_audience(update: Update, ctx: Ctx, event: Event) -> int | None:
    await ctx.answer()
    return await _ask_audience(ctx, edit=True)


@d.drafted
async def pick_segment(update: Update, ctx: Ctx, event: Event) -> int | None:
    kind = ctx.services.segments.get(ctx.arg)
    if kind is None or not kind.visible:
        return None
    await ctx.answer()
    if kind.options is None:
        event.audience = {"kind": kind.key}
        return await _after_audience(ctx, event)
    options = await kind.options(ctx.session, ctx.tr)
    if not options:
        await ctx.show(ctx._(NOTHING_TO_CHOOSE), _audience_keyboard(ctx))
        return d.Step.AUDIENCE
    with d.Creating.edit(ctx) as data:
        data.kind, data.options = kind.key, [value for value, _ in options]
    rows: list[list[ButtonSpec]] = [
        [(label, "evc_val", str(i + j)) for j, (_, label) in enumerate(options[i : i + 2])]
        for i in range(0, len(options), 2)
    ]
    rows.append([(ctx._(BACK), "evc_aud", "")])
    await ctx.show(ctx._(ASK_VALUE), ctx.keyboard(rows))
    return d.Step.AUDIENCE_VALUE


@d.drafted
async def pick_value(update: Update, ctx: Ctx, event: Event) -> int | None:
    data = d.Creating.of(ctx)
    try:
        value = data.options[int(ctx.arg)]
    except (ValueError, IndexError):
        return None
    await ctx.answer()
    event.audience = {"kind": data.kind, "value": value}
    return await _after_audience(ctx, event)


async def _after_audience(ctx: Ctx, event: Event) -> int:
    d.touch(ctx, event)
    if event.signup_deadline is None:
        return await ask_deadline(ctx, edit=True)
    return await preview(ctx, event, edit=True)


async def ask_deadline(ctx: Ctx, *, edit: bool) -> int:
    rows = [[(ctx._(AT_START), "evc_dl", "start")], [(ctx._(DAY_BEFORE), "evc_dl", "day")]]
    text = ctx._(ASK_DEADLINE) % {"example": TIME_EXAMPLE}
    if edit and ctx.pressed_message_id() is not None:
        await ctx.show(text, ctx.keyboard(rows))
    else:
        await ctx.say(text, ctx.keyboard(rows))
    return d.Step.DEADLINE


@d.drafted
async def got_deadline(update: Update, ctx: Ctx, event: Event) -> int | None:
    assert event.starts_at is not None
    now = ctx.services.now()
    if update.callback_query is not None:
        if ctx.arg not in ("start", "day"):
            return None
        deadline = event.starts_at - (timedelta(days=1) if ctx.arg == "day" else timedelta())
    else:
        text = d.typed(update)
        if text is None:
            return await d.reprompt(update, ctx)
        parsed = parse_local_time(text, now, ctx.services.settings.zone)
        if parsed is None:
            await ctx.say(ctx._(d.BAD_TIME) % {"example": TIME_EXAMPLE})
            return None
        deadline = parsed
    refusal = rules.check_deadline(deadline, event.starts_at, now, tx.start_text(ctx.tr, event))
    if refusal is not None:
        await ctx.answer()
        await d.refuse(ctx, refusal)
        return None
    event.signup_deadline = deadline
    d.touch(ctx, event)
    await ctx.answer()
    return await preview(ctx, event, edit=update.callback_query is not None)


# ------------------------------------------------------------------- preview, publish


async def preview(ctx: Ctx, event: Event, *, edit: bool) -> int:
    services = ctx.services
    found = await services.segments.resolve(ctx.session, event.audience)
    lines = [
        ctx._(PREVIEW)
        % {
            "id": event.id,
            "audience": await services.segments.describe(ctx.session, ctx.tr, event.audience),
        },
        ctx._(RECIPIENTS) % {"count": ctx.tr.number(len(found.recipients))},
    ]
    if found.paused or found.left:
        lines.append(
            ctx._(SKIPPED)
            % {"paused": ctx.tr.number(found.paused), "left": ctx.tr.number(found.left)}
        )
    rows: list[list[ButtonSpec]] = []
    if found.recipients:
        rows.append([(ctx._(PUBLISH), "evc_publish", "")])
    else:
        lines.append(ctx._(NOBODY))
    rows.append([(ctx._(CHANGE_AUDIENCE), "evc_aud", "")])
    rows.append([(ctx._(DELETE), "evc_delete", "")])
    if edit and ctx.pressed_message_id() is not None:
        await ctx.show(ctx._(PREVIEW_TITLE))
    else:
        await ctx.say(ctx._(PREVIEW_TITLE))
    await ctx.say(tx.summary(ctx.tr, event, 0))
    await ctx.say("\n".join(lines), ctx.keyboard(rows))
    return d.Step.PREVIEW


@d.drafted
async def do_publish(update: Update, ctx: Ctx, event: Event) -> int | None:
    """Publishes the event and lists its invitees; the invitations follow from the outbox."""
    await ctx.answer()
    refusal = publish.refusal(event, ctx.services.now(), tx.start_text(ctx.tr, event))
    if refusal is not None:
        await d.refuse(ctx, refusal)  # the time has passed while the draft waited: ask again
        await ctx.say(d.ask_start_text(ctx))
        return d.Step.START
    count = await publish.publish(ctx.session, ctx.services.segments, event, ctx.services.now())
    audited(ctx, Action.EVENT_PUBLISHED, event=event.id, invitees=count)
    await ctx.show(ctx._(PUBLISHED) % {"id": event.id, "count": ctx.tr.number(count)})
    return END
