"""/event: a coordinator creates an event step by step, the draft stored from the first answer.

Like /broadcast: the kind, the title and description in Finnish (other languages optional,
read with the broadcasts' fallback order), the start in the configured time zone, the length,
the link (https only) or place, the seats, the audience (any broadcast segment) and when
sign-ups close; then a preview of the invitation with the number of recipients, and Publish.
An impossible answer (a start in the past, a length of zero, a deadline after the start, a
link that is not https) is refused with one sentence and asked again; nothing stored is lost.
The draft is an ``event`` row from the kind on: after an interruption /event offers to go on.
Publishing lists the invitees (``event_invitation``); the sender's tick writes the invitations.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from enum import IntEnum
from typing import Any

from sqlalchemy import select
from telegram import InlineKeyboardMarkup, Update

from bot.audit import audited
from bot.context import ButtonSpec, Ctx
from bot.flow import END, Flow, MenuItem, on_button, on_command, on_text
from bot.i18n import ENDONYMS, LANGUAGES, N_, NP_
from handlers.broadcast.conversation import ASK_VALUE, TIME_EXAMPLE, parse_local_time
from handlers.events import publish, rules
from handlers.events import texts as tx
from handlers.menu.conversation import cancel_row
from storage.models import Event, EventKind, EventStatus, Role
from storage.repos.audit import Action


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


RESUME = N_("You have an unfinished event from %(date)s: %(title)s. Continue it?")
CONTINUE = NP_("button", "Continue")
START_OVER = NP_("button", "Start over")
DELETE = NP_("button", "Delete draft")
DELETED = N_("The draft was deleted. Nothing was sent.")
ASK_KIND = N_("What kind of event? (/cancel stops; the draft is kept.)")
ASK_TITLE = N_("Write the title in Finnish (Suomi). Other languages can be added next.")
ASK_DESCRIPTION = N_("Write a short description in Finnish, or tap Skip.")
SKIP = NP_("button", "Skip")
NEED_TEXT = N_("Please write it as text. /cancel stops; the draft is kept.")
ASK_LANGUAGES = N_(
    "Add the title and description in another language? People whose language has none "
    "get: %(order)s."
)
VERSIONS = N_("Versions so far: %(languages)s.")
THEIR_OWN = N_("their own language")
ASK_VARIANT_TITLE = N_("Write the title in %(language)s.")
ASK_VARIANT_DESCRIPTION = N_("Write the description in %(language)s, or tap Skip.")
ASK_START = N_(
    "When does it start? Write a date and time such as %(example)s (time zone %(zone)s)."
)
BAD_TIME = N_("I did not understand that time. Write it like %(example)s.")
ASK_DURATION = N_(
    "How long does it last? Choose, or write minutes (45) or hours and minutes (1:30)."
)
ASK_WHERE = N_("Where? Send the online link (https://…) or write the place.")
ASK_CAPACITY = N_("How many seats? Write a number, or tap No limit.")
NO_LIMIT = NP_("button", "No limit")
ASK_AUDIENCE = N_("Who is invited?")
NOTHING_TO_CHOOSE = N_("There is nothing to choose from yet. Choose another group.")
BACK = NP_("button", "Back")
ASK_DEADLINE = N_("When do sign-ups close? Choose, or write a date and time such as %(example)s.")
AT_START = N_("When it starts")
DAY_BEFORE = N_("A day before")
PREVIEW_TITLE = N_("The invitation will look like this:")
PREVIEW = N_("Event #%(id)s for: %(audience)s")
RECIPIENTS = N_("Recipients: %(count)s")
SKIPPED = N_("Skipped: %(paused)s paused messages, %(left)s have left.")
NOBODY = N_("Nobody would be invited. Choose another group.")
PUBLISH = NP_("button", "Publish")
CHANGE_AUDIENCE = N_("Change who is invited")
PUBLISHED = N_(
    "Event #%(id)s is published and its invitations are on their way (recipients: %(count)s). "
    "/events shows the sign-ups."
)
GONE = N_("This event is no longer a draft. /event starts a new one.")
MENU_LABEL = N_("Create an event")
USE_BUTTONS = N_("Please choose with the buttons.")

DURATIONS = (30, 60, 90, 120, 180)


# ------------------------------------------------------------------------------ helpers


async def _draft(ctx: Ctx) -> Event | None:
    event_id = ctx.data.get("id")
    event = await ctx.session.get(Event, event_id) if isinstance(event_id, int) else None
    if event is None or event.status is not EventStatus.DRAFT:
        return None
    return event


async def _gone(ctx: Ctx) -> int:
    await ctx.answer()
    await ctx.say(ctx._(GONE))
    return END


def _text(update: Update) -> str | None:
    message = update.message
    return message.text if message is not None and message.text else None


async def refuse(
    ctx: Ctx, refusal: rules.Refusal, markup: InlineKeyboardMarkup | None = None
) -> None:
    values = {k: ctx.tr.number(v) if isinstance(v, int) else v for k, v in refusal.values.items()}
    await ctx.say(ctx._(refusal.message) % values, markup)


def _touch(ctx: Ctx, event: Event) -> None:
    event.updated_at = ctx.services.now()


# --------------------------------------------------------------------- start and resume


async def start(update: Update, ctx: Ctx) -> int | None:
    """Offers the unfinished draft, or asks the kind of a new event."""
    await ctx.answer()
    assert ctx.contact is not None
    draft = await ctx.session.scalar(
        select(Event)
        .where(Event.status == EventStatus.DRAFT, Event.created_by_contact_id == ctx.contact.id)
        .order_by(Event.updated_at.desc())
        .limit(1)
    )
    if draft is None:
        return await _ask_kind(ctx)
    ctx.save_data(id=draft.id)
    title = tx.event_title(draft, ctx.tr.language) or ctx._(tx.KIND_LABELS[draft.kind])
    rows = [
        [(ctx._(CONTINUE), "evc_resume", "go")],
        [(ctx._(START_OVER), "evc_resume", "new")],
    ]
    await ctx.say(
        ctx._(RESUME)
        % {
            "date": ctx.tr.date(draft.created_at.astimezone(ctx.services.settings.zone).date()),
            "title": title,
        },
        ctx.keyboard(rows),
    )
    return Step.RESUME


async def resume(update: Update, ctx: Ctx) -> int | None:
    """Goes on where the draft stopped, or deletes it and starts again."""
    await ctx.answer()
    event = await _draft(ctx)
    if ctx.arg == "new" or event is None:
        if event is not None:
            await ctx.session.delete(event)
        ctx.data = {}
        return await _ask_kind(ctx, edit=True)
    return await _next_missing(ctx, event)


async def _next_missing(ctx: Ctx, event: Event) -> int:
    if not event.title.get("fi"):
        await ctx.show(ctx._(ASK_TITLE))
        return Step.TITLE
    if event.starts_at is None:
        return await _ask_languages(ctx, event, edit=True)
    if event.duration_minutes is None:
        return await _ask_duration(ctx, edit=True)
    if not event.link and not event.place:
        await ctx.show(ctx._(ASK_WHERE))
        return Step.WHERE
    if not event.audience:
        return await _ask_capacity(ctx, edit=True)
    if event.signup_deadline is None:
        return await _ask_deadline(ctx, edit=True)
    return await _preview(ctx, event, edit=True)


async def _ask_kind(ctx: Ctx, edit: bool = False) -> int:
    rows = [[(ctx._(label), "evc_kind", kind.value)] for kind, label in tx.KIND_LABELS.items()]
    markup = ctx.keyboard([*rows, cancel_row(ctx)])
    if edit:
        await ctx.show(ctx._(ASK_KIND), markup)
    else:
        await ctx.say(ctx._(ASK_KIND), markup)
    return Step.KIND


async def pick_kind(update: Update, ctx: Ctx) -> int | None:
    """Stores the draft (the first answer) and asks the Finnish title."""
    try:
        kind = EventKind(ctx.arg)
    except ValueError:
        return None
    assert ctx.contact is not None
    now = ctx.services.now()
    event = Event(
        uid=uuid.uuid4().hex,
        kind=kind,
        status=EventStatus.DRAFT,
        title={},
        description={},
        timezone=ctx.services.settings.timezone,
        audience={},
        sequence=0,
        created_by_contact_id=ctx.contact.id,
        created_at=now,
        updated_at=now,
    )
    ctx.session.add(event)
    await ctx.session.flush()
    ctx.save_data(id=event.id)
    await ctx.answer()
    await ctx.show(ctx._(ASK_TITLE))
    return Step.TITLE


# ------------------------------------------------------------------------------- texts


async def got_title(update: Update, ctx: Ctx) -> int | None:
    event = await _draft(ctx)
    if event is None:
        return await _gone(ctx)
    text = _text(update)
    if text is None:
        return await reprompt(update, ctx)
    checked = rules.check_text(text, rules.TITLE_LIMIT)
    if isinstance(checked, rules.Refusal):
        await refuse(ctx, checked)
        return None
    event.title = {**event.title, "fi": checked}
    _touch(ctx, event)
    await ctx.say(ctx._(ASK_DESCRIPTION), ctx.keyboard([[(ctx._(SKIP), "evc_skip", "")]]))
    return Step.DESCRIPTION


async def got_description(update: Update, ctx: Ctx) -> int | None:
    event = await _draft(ctx)
    if event is None:
        return await _gone(ctx)
    text = _text(update)
    if text is None and update.callback_query is None:
        return await reprompt(update, ctx)
    if text is not None:
        checked = rules.check_text(text, rules.DESCRIPTION_LIMIT)
        if isinstance(checked, rules.Refusal):
            await refuse(ctx, checked)
            return None
        event.description = {**event.description, "fi": checked}
        _touch(ctx, event)
    await ctx.answer()
    return await _ask_languages(ctx, event, edit=False)


def _languages_text(ctx: Ctx, event: Event) -> str:
    order = " → ".join([ctx._(THEIR_OWN), ENDONYMS["fi"]])
    text = ctx._(ASK_LANGUAGES) % {"order": order}
    if len(event.title) > 1:
        names = ", ".join(ENDONYMS[code] for code in LANGUAGES if code in event.title)
        text += "\n" + ctx._(VERSIONS) % {"languages": names}
    return text


async def _ask_languages(ctx: Ctx, event: Event, *, edit: bool) -> int:
    missing = [code for code in LANGUAGES if code not in event.title]
    rows: list[list[ButtonSpec]] = [
        [(ENDONYMS[code], "evc_lang", code) for code in missing[i : i + 2]]
        for i in range(0, len(missing), 2)
    ]
    rows.append([(ctx._(CONTINUE), "evc_langs_done", "")])
    if edit and ctx.pressed_message_id() is not None:
        await ctx.show(_languages_text(ctx, event), ctx.keyboard(rows))
    else:
        await ctx.say(_languages_text(ctx, event), ctx.keyboard(rows))
    return Step.LANGUAGES


async def pick_language(update: Update, ctx: Ctx) -> int | None:
    if await _draft(ctx) is None:
        return await _gone(ctx)
    if ctx.arg not in LANGUAGES:
        return None
    ctx.save_data(variant=ctx.arg)
    await ctx.answer()
    await ctx.show(ctx._(ASK_VARIANT_TITLE) % {"language": ENDONYMS[ctx.arg]})
    return Step.VARIANT_TITLE


async def got_variant_title(update: Update, ctx: Ctx) -> int | None:
    event = await _draft(ctx)
    if event is None:
        return await _gone(ctx)
    text, language = _text(update), ctx.data.get("variant")
    if text is None or language not in LANGUAGES:
        return await reprompt(update, ctx)
    checked = rules.check_text(text, rules.TITLE_LIMIT)
    if isinstance(checked, rules.Refusal):
        await refuse(ctx, checked)
        return None
    event.title = {**event.title, str(language): checked}
    _touch(ctx, event)
    await ctx.say(
        ctx._(ASK_VARIANT_DESCRIPTION) % {"language": ENDONYMS[str(language)]},
        ctx.keyboard([[(ctx._(SKIP), "evc_skip", "")]]),
    )
    return Step.VARIANT_DESCRIPTION


async def got_variant_description(update: Update, ctx: Ctx) -> int | None:
    event = await _draft(ctx)
    if event is None:
        return await _gone(ctx)
    text, language = _text(update), ctx.data.get("variant")
    if (text is None and update.callback_query is None) or language not in LANGUAGES:
        return await reprompt(update, ctx)
    if text is not None:
        checked = rules.check_text(text, rules.DESCRIPTION_LIMIT)
        if isinstance(checked, rules.Refusal):
            await refuse(ctx, checked)
            return None
        event.description = {**event.description, str(language): checked}
        _touch(ctx, event)
    await ctx.answer()
    return await _ask_languages(ctx, event, edit=False)


# -------------------------------------------------------------------- time, place, seats


def _ask_start_text(ctx: Ctx) -> str:
    zone = ctx.services.settings.timezone
    return ctx._(ASK_START) % {"example": TIME_EXAMPLE, "zone": zone}


async def languages_done(update: Update, ctx: Ctx) -> int | None:
    if await _draft(ctx) is None:
        return await _gone(ctx)
    await ctx.answer()
    await ctx.show(_ask_start_text(ctx))
    return Step.START


async def got_start(update: Update, ctx: Ctx) -> int | None:
    event = await _draft(ctx)
    if event is None:
        return await _gone(ctx)
    text = _text(update)
    if text is None:
        return await reprompt(update, ctx)
    now = ctx.services.now()
    when = parse_local_time(text, now, ctx.services.settings.zone)
    if when is None:
        await ctx.say(ctx._(BAD_TIME) % {"example": TIME_EXAMPLE})
        return None
    refusal = rules.check_start(when, now)
    if refusal is not None:
        await refuse(ctx, refusal)
        return None
    event.starts_at = when
    _touch(ctx, event)
    return await _ask_duration(ctx, edit=False)


def duration_label(ctx: Ctx, minutes: int) -> str:
    """ "30 min", "1 h", "1,5 h": units every language here reads."""
    return f"{minutes} min" if minutes < 60 else f"{ctx.tr.number(minutes / 60)} h"


async def _ask_duration(ctx: Ctx, *, edit: bool) -> int:
    rows = [[(duration_label(ctx, minutes), "evc_len", str(minutes)) for minutes in DURATIONS]]
    if edit:
        await ctx.show(ctx._(ASK_DURATION), ctx.keyboard(rows))
    else:
        await ctx.say(ctx._(ASK_DURATION), ctx.keyboard(rows))
    return Step.DURATION


async def got_duration(update: Update, ctx: Ctx) -> int | None:
    event = await _draft(ctx)
    if event is None:
        return await _gone(ctx)
    given = ctx.arg if update.callback_query is not None else _text(update)
    if given is None:
        return await reprompt(update, ctx)
    minutes = rules.parse_minutes(given)
    if isinstance(minutes, rules.Refusal):
        await refuse(ctx, minutes)
        return None
    event.duration_minutes = minutes
    _touch(ctx, event)
    await ctx.answer()
    await ctx.say(ctx._(ASK_WHERE))
    return Step.WHERE


async def got_where(update: Update, ctx: Ctx) -> int | None:
    event = await _draft(ctx)
    if event is None:
        return await _gone(ctx)
    text = _text(update)
    if text is None:
        return await reprompt(update, ctx)
    if rules.looks_like_link(text):
        link = rules.check_link(text)
        if isinstance(link, rules.Refusal):
            await refuse(ctx, link)
            return None
        event.link, event.place = link, None
    else:
        place = rules.check_text(text, rules.PLACE_LIMIT)
        if isinstance(place, rules.Refusal):
            await refuse(ctx, place)
            return None
        event.link, event.place = None, place
    _touch(ctx, event)
    return await _ask_capacity(ctx, edit=False)


async def _ask_capacity(ctx: Ctx, *, edit: bool) -> int:
    markup = ctx.keyboard([[(ctx._(NO_LIMIT), "evc_nolimit", "")]])
    if edit:
        await ctx.show(ctx._(ASK_CAPACITY), markup)
    else:
        await ctx.say(ctx._(ASK_CAPACITY), markup)
    return Step.CAPACITY


async def got_capacity(update: Update, ctx: Ctx) -> int | None:
    event = await _draft(ctx)
    if event is None:
        return await _gone(ctx)
    if update.callback_query is not None:
        event.capacity = None
    else:
        text = _text(update)
        if text is None:
            return await reprompt(update, ctx)
        seats = rules.parse_capacity(text)
        if isinstance(seats, rules.Refusal):
            await refuse(ctx, seats)
            return None
        event.capacity = seats
    _touch(ctx, event)
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
    return Step.AUDIENCE


async def change_audience(update: Update, ctx: Ctx) -> int | None:
    if await _draft(ctx) is None:
        return await _gone(ctx)
    await ctx.answer()
    return await _ask_audience(ctx, edit=True)


async def pick_segment(update: Update, ctx: Ctx) -> int | None:
    event = await _draft(ctx)
    if event is None:
        return await _gone(ctx)
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
        return Step.AUDIENCE
    ctx.save_data(kind=kind.key, options=[value for value, _ in options])
    rows: list[list[ButtonSpec]] = [
        [(label, "evc_val", str(i + j)) for j, (_, label) in enumerate(options[i : i + 2])]
        for i in range(0, len(options), 2)
    ]
    rows.append([(ctx._(BACK), "evc_aud", "")])
    await ctx.show(ctx._(ASK_VALUE), ctx.keyboard(rows))
    return Step.AUDIENCE_VALUE


async def pick_value(update: Update, ctx: Ctx) -> int | None:
    event = await _draft(ctx)
    if event is None:
        return await _gone(ctx)
    options: list[str] = ctx.data.get("options", [])
    try:
        value = options[int(ctx.arg)]
    except (ValueError, IndexError):
        return None
    await ctx.answer()
    event.audience = {"kind": ctx.data.get("kind"), "value": value}
    return await _after_audience(ctx, event)


async def _after_audience(ctx: Ctx, event: Event) -> int:
    _touch(ctx, event)
    if event.signup_deadline is None:
        return await _ask_deadline(ctx, edit=True)
    return await _preview(ctx, event, edit=True)


async def _ask_deadline(ctx: Ctx, *, edit: bool) -> int:
    rows = [[(ctx._(AT_START), "evc_dl", "start")], [(ctx._(DAY_BEFORE), "evc_dl", "day")]]
    text = ctx._(ASK_DEADLINE) % {"example": TIME_EXAMPLE}
    if edit and ctx.pressed_message_id() is not None:
        await ctx.show(text, ctx.keyboard(rows))
    else:
        await ctx.say(text, ctx.keyboard(rows))
    return Step.DEADLINE


async def got_deadline(update: Update, ctx: Ctx) -> int | None:
    event = await _draft(ctx)
    if event is None:
        return await _gone(ctx)
    assert event.starts_at is not None
    now = ctx.services.now()
    if update.callback_query is not None:
        if ctx.arg not in ("start", "day"):
            return None
        deadline = event.starts_at - (timedelta(days=1) if ctx.arg == "day" else timedelta())
    else:
        text = _text(update)
        if text is None:
            return await reprompt(update, ctx)
        parsed = parse_local_time(text, now, ctx.services.settings.zone)
        if parsed is None:
            await ctx.say(ctx._(BAD_TIME) % {"example": TIME_EXAMPLE})
            return None
        deadline = parsed
    refusal = rules.check_deadline(deadline, event.starts_at, now, tx.start_text(ctx.tr, event))
    if refusal is not None:
        await ctx.answer()
        await refuse(ctx, refusal)
        return None
    event.signup_deadline = deadline
    _touch(ctx, event)
    await ctx.answer()
    return await _preview(ctx, event, edit=update.callback_query is not None)


# ------------------------------------------------------------------- preview, publish


async def _preview(ctx: Ctx, event: Event, *, edit: bool) -> int:
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
    return Step.PREVIEW


async def do_publish(update: Update, ctx: Ctx) -> int | None:
    """Publishes the event and lists its invitees; the invitations follow from the outbox."""
    event = await _draft(ctx)
    if event is None:
        return await _gone(ctx)
    await ctx.answer()
    refusal = publish.refusal(event, ctx.services.now(), tx.start_text(ctx.tr, event))
    if refusal is not None:
        await refuse(ctx, refusal)
        return await _next_missing(ctx, event)
    count = await publish.publish(ctx.session, ctx.services.segments, event, ctx.services.now())
    audited(ctx, Action.EVENT_PUBLISHED, event=event.id, invitees=count)
    await ctx.show(ctx._(PUBLISHED) % {"id": event.id, "count": ctx.tr.number(count)})
    return END


async def delete_draft(update: Update, ctx: Ctx) -> int | None:
    event = await _draft(ctx)
    if event is not None:
        await ctx.session.delete(event)
    await ctx.answer()
    await ctx.show(ctx._(DELETED))
    return END


async def reprompt(update: Update, ctx: Ctx) -> int | None:
    """Asks the current question again; nothing stored changes."""
    typed = (
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
    await ctx.say(ctx._(NEED_TEXT if ctx.conversation.state in typed else USE_BUTTONS))
    return None


def build_flow() -> Flow:
    role = Role.COORDINATOR
    text_or: dict[int, Any] = {
        Step.DESCRIPTION: [on_text(got_description), on_button("evc_skip", got_description, role)],
        Step.VARIANT_DESCRIPTION: [
            on_text(got_variant_description),
            on_button("evc_skip", got_variant_description, role),
        ],
    }
    states: dict[int, Any] = {
        Step.RESUME: [on_button("evc_resume", resume, role)],
        Step.KIND: [on_button("evc_kind", pick_kind, role)],
        Step.TITLE: [on_text(got_title)],
        **text_or,
        Step.LANGUAGES: [
            on_button("evc_lang", pick_language, role),
            on_button("evc_langs_done", languages_done, role),
        ],
        Step.VARIANT_TITLE: [on_text(got_variant_title)],
        Step.START: [on_text(got_start)],
        Step.DURATION: [on_button("evc_len", got_duration, role), on_text(got_duration)],
        Step.WHERE: [on_text(got_where)],
        Step.CAPACITY: [on_button("evc_nolimit", got_capacity, role), on_text(got_capacity)],
        Step.AUDIENCE: [on_button("evc_seg", pick_segment, role)],
        Step.AUDIENCE_VALUE: [
            on_button("evc_val", pick_value, role),
            on_button("evc_aud", change_audience, role),
        ],
        Step.DEADLINE: [on_button("evc_dl", got_deadline, role), on_text(got_deadline)],
        Step.PREVIEW: [
            on_button("evc_publish", do_publish, role),
            on_button("evc_aud", change_audience, role),
        ],
    }
    return Flow(
        domain="events",
        name="event_create",
        entry_points=[
            on_command("event", start, min_role=role),
            on_button("evc_new", start, min_role=role),
        ],
        states=states,
        fallbacks=[on_button("evc_delete", delete_draft, role)],
        reprompt=reprompt,
        menu=[MenuItem(MENU_LABEL, "evc_new", role, position=72)],
        commands=[("event", N_("Create an event with sign-ups"), role)],
    )
