"""/events: upcoming events with the person's own status; sign up, decline, cancel.

The buttons of an invitation and of /events work at any time (they carry no conversation
generation), so a tap on an invitation from last week still signs the person up, or says
clearly why not (full: the waitlist; the deadline passed; the event was cancelled). The answer
replaces the buttons of the message that was tapped and keeps the event's details on it; a
seat comes with the calendar file. Coordinators see every event with its figures (invited,
signed up, waitlisted, declined, attended) and open it to manage it (``manage_flow``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Update

from bot.context import ButtonSpec, Ctx
from bot.flow import Flow, MenuItem, on_button, on_command
from bot.i18n import N_
from handlers.events import ics, notices, signup
from handlers.events import texts as tx
from handlers.events.signup import Answer, Outcome
from storage.models import Event, EventStatus, Role, SignupStatus
from storage.repos import events as repo

# signup.decline or signup.give_up: (session, event id, contact id, now) -> outcome
Leave = Callable[[AsyncSession, int, int, datetime], Awaitable[Outcome]]

# Translators: Events (/events: people sign up for events coordinators publish), /events:
# the title above the events a contact is invited to.
LIST_TITLE = N_("Upcoming events:")
# Translators: Events (/events: people sign up for events coordinators publish), /events
# for coordinators: the title above all recent and coming events.
COORDINATOR_TITLE = N_("Events of the last two weeks and to come:")
# Translators: Events (/events: people sign up for events coordinators publish), /events:
# a contact has no event to come.
NO_EVENTS = N_("No upcoming events for you right now.")
# Translators: Events (/events: people sign up for events coordinators publish), /events
# for coordinators: there are no events. /event is a command: keep it.
NO_EVENTS_AT_ALL = N_("No events yet. /event creates one.")
# Translators: Events (/events: people sign up for events coordinators publish), /events:
# opens one event of the list. %(id)s = the event's number.
# Button; at most 36 characters on a phone.
OPEN_ONE = N_("Open #%(id)s")
# Translators: Events (/events: people sign up for events coordinators publish), an event
# opened by a coordinator: opens its management menu. %(id)s = the event's number.
# Button; at most 36 characters on a phone.
MANAGE = N_("Manage #%(id)s")
# Translators: Events (/events: people sign up for events coordinators publish), /events
# for coordinators: one event's figures. %(invited)s = people invited; %(seats)s = people
# with a seat; %(waiting)s = people on the waitlist; %(declined)s = people who declined;
# %(attended)s = people marked as attended; all numerals.
FIGURES = N_(
    "Invited %(invited)s · signed up %(seats)s · waitlist %(waiting)s · declined %(declined)s"
    " · attended %(attended)s"
)
# Translators: Events (/events: people sign up for events coordinators publish), /events:
# a line under an event that was cancelled.
CANCELLED_LABEL = N_("Cancelled.")
# Translators: Main menu: opens /events. Button; at most 36 characters on a phone.
MENU_LABEL = N_("Events")


def _event_id(ctx: Ctx) -> int | None:
    try:
        return int(ctx.arg)
    except ValueError:
        return None


def buttons_for(ctx: Ctx, event: Event, status: SignupStatus | None) -> list[list[ButtonSpec]]:
    """What the person can do next about ``event``."""
    rows: list[list[ButtonSpec]] = []
    upcoming = event.starts_at is not None and event.starts_at > ctx.services.now()
    if event.status is EventStatus.PUBLISHED and upcoming:
        if status is SignupStatus.SEAT:
            rows.append([(ctx._(tx.GIVE_UP_SEAT), "ev_quit", str(event.id))])
        elif status is SignupStatus.WAITING:
            rows.append([(ctx._(tx.LEAVE_WAITLIST), "ev_quit", str(event.id))])
        else:
            rows.append([(ctx._(tx.SIGN_UP), "ev_join", str(event.id))])
    if ctx.has_role(Role.COORDINATOR):
        rows.append([(ctx._(MANAGE) % {"id": event.id}, "ev_manage", str(event.id))])
    return rows


def _markup(ctx: Ctx, rows: list[list[ButtonSpec]]) -> InlineKeyboardMarkup | None:
    return ctx.keyboard(rows, scoped=False) if rows else None


async def detail_text(ctx: Ctx, event: Event) -> str:
    """The event's summary with the reader's own status (and figures for coordinators)."""
    seats = await repo.count_status(ctx.session, event.id, SignupStatus.SEAT)
    lines = [tx.summary(ctx.tr, event, seats)]
    if event.status is EventStatus.CANCELLED:
        lines.append(ctx._(CANCELLED_LABEL))
    if ctx.contact is not None:
        own = await repo.signup_of(ctx.session, event.id, ctx.contact.id)
        place = await repo.waiting_place(ctx.session, own) if own is not None else 0
        lines.append(ctx._(tx.YOUR_STATUS) % {"status": tx.status_text(ctx.tr, own, place)})
    if ctx.has_role(Role.COORDINATOR):
        lines.append(figures_line(ctx, await repo.figures(ctx.session, event.id)))
    return "\n\n".join(lines)


def figures_line(ctx: Ctx, figures: repo.Figures) -> str:
    return ctx._(FIGURES) % {
        "invited": ctx.tr.number(figures.invited),
        "seats": ctx.tr.number(figures.seats),
        "waiting": ctx.tr.number(figures.waiting),
        "declined": ctx.tr.number(figures.declined),
        "attended": ctx.tr.number(figures.attended),
    }


async def listing(update: Update, ctx: Ctx) -> int | None:
    """Lists the events with the person's status (coordinators: all, with figures)."""
    await ctx.answer()
    assert ctx.contact is not None
    coordinator = ctx.has_role(Role.COORDINATOR)
    found = await repo.visible_events(
        ctx.session, None if coordinator else ctx.contact.id, ctx.services.now()
    )
    if not found:
        await ctx.say(ctx._(NO_EVENTS_AT_ALL if coordinator else NO_EVENTS))
        return None
    blocks = [ctx._(COORDINATOR_TITLE if coordinator else LIST_TITLE)]
    rows: list[list[ButtonSpec]] = []
    for event, own in found:
        head = (
            f"#{event.id} {tx.kind_label(ctx.tr, event)}: {tx.event_title(event, ctx.tr.language)}"
        )
        lines = [head, tx.when_line(ctx.tr, event)]
        if event.status is EventStatus.CANCELLED:
            lines.append(ctx._(CANCELLED_LABEL))
        if coordinator:
            lines.append(figures_line(ctx, await repo.figures(ctx.session, event.id)))
        else:
            place = await repo.waiting_place(ctx.session, own) if own is not None else 0
            lines.append(ctx._(tx.YOUR_STATUS) % {"status": tx.status_text(ctx.tr, own, place)})
        blocks.append("\n".join(lines))
        rows.append([(ctx._(OPEN_ONE) % {"id": event.id}, "ev_open", str(event.id))])
    await ctx.say("\n\n".join(blocks), _markup(ctx, rows))
    return None


async def open_event(update: Update, ctx: Ctx) -> int | None:
    """Shows one event with what the person can do."""
    await ctx.answer()
    event_id = _event_id(ctx)
    event = await ctx.session.get(Event, event_id) if event_id is not None else None
    if event is None or event.status is EventStatus.DRAFT:
        await ctx.say(ctx._(tx.UNKNOWN))
        return None
    own = await repo.signup_of(ctx.session, event.id, ctx.contact.id) if ctx.contact else None
    rows = buttons_for(ctx, event, own.status if own is not None else None)
    await ctx.say(await detail_text(ctx, event), _markup(ctx, rows))
    return None


def answer_text(ctx: Ctx, outcome: Outcome) -> str:
    event = outcome.event
    if event is None:
        return ctx._(tx.UNKNOWN)
    values = {
        "title": tx.event_title(event, ctx.tr.language),
        "place": ctx.tr.number(outcome.place),
    }
    if outcome.answer is Answer.CLOSED and event.signup_deadline is not None:
        values["time"] = ctx.tr.datetime(event.signup_deadline, tx.zone_of(event))
    message = {
        Answer.SEAT: tx.SIGNED_UP,
        Answer.ALREADY_SEAT: tx.ALREADY_SEAT,
        Answer.WAITING: tx.WAITING,
        Answer.ALREADY_WAITING: tx.ALREADY_WAITING,
        Answer.DECLINED: tx.DECLINED,
        Answer.GAVE_UP: tx.GAVE_UP,
        Answer.NOT_SIGNED_UP: tx.NOT_SIGNED_UP,
        Answer.CLOSED: tx.CLOSED,
        Answer.STARTED: tx.STARTED,
        Answer.EVENT_CANCELLED: tx.EVENT_CANCELLED,
        Answer.UNKNOWN: tx.UNKNOWN,
    }[outcome.answer]
    return ctx._(message) % values


async def _respond(ctx: Ctx, outcome: Outcome, gave_up_waiting: bool = False) -> None:
    """Rewrites the tapped message: the event, the answer, the next possible action."""
    event = outcome.event
    text = answer_text(ctx, outcome)
    if gave_up_waiting:
        assert event is not None
        text = ctx._(tx.LEFT_WAITLIST) % {"title": tx.event_title(event, ctx.tr.language)}
    if event is None:
        await ctx.answer(text, alert=True)
        await ctx.close_keyboard()
        return
    await ctx.answer()
    seats = outcome.seats
    if seats is None:
        seats = await repo.count_status(ctx.session, event.id, SignupStatus.SEAT)
    status = outcome.signup.status if outcome.signup is not None else None
    rows = buttons_for(ctx, event, status)
    body = f"{tx.summary(ctx.tr, event, seats)}\n\n{text}"
    if ctx.pressed_message_id() is not None:
        await ctx.show(body, _markup(ctx, rows))
    else:
        await ctx.say(body, _markup(ctx, rows))
    if outcome.answer is Answer.SEAT:
        content = ics.calendar_file(tx.calendar_entry(ctx.tr, event), ctx.services.now())
        await ctx.send_file("document", tx.ics_name(event), content)


async def join(update: Update, ctx: Ctx) -> int | None:
    """Signs the person up: a seat, or the waitlist with their place."""
    event_id = _event_id(ctx)
    assert ctx.contact is not None
    if event_id is None:
        return None
    now = ctx.services.now()
    outcome = await signup.sign_up(
        ctx.session, event_id, ctx.contact.id, now, order=update.update_id
    )
    await _respond(ctx, outcome)
    return None


async def decline(update: Update, ctx: Ctx) -> int | None:
    """Records "Not this time" (and gives up a seat or place held)."""
    await _leave(ctx, signup.decline)
    return None


async def give_up(update: Update, ctx: Ctx) -> int | None:
    """Cancels the person's seat (the first on the waitlist gets it) or waitlist place."""
    await _leave(ctx, signup.give_up)
    return None


async def _leave(ctx: Ctx, change: Leave) -> None:
    """Applies "Not this time" or a cancellation, tells the promoted, answers the person."""
    event_id = _event_id(ctx)
    assert ctx.contact is not None
    if event_id is None:
        return
    now = ctx.services.now()
    before = await repo.signup_of(ctx.session, event_id, ctx.contact.id)
    waiting = before is not None and before.status is SignupStatus.WAITING
    outcome = await change(ctx.session, event_id, ctx.contact.id, now)
    await _after_giving_up(ctx, outcome)
    await _respond(ctx, outcome, gave_up_waiting=waiting and outcome.answer is Answer.GAVE_UP)


async def _after_giving_up(ctx: Ctx, outcome: Outcome) -> None:
    """Tells whoever got the freed seat, at once, in their language, with the calendar file."""
    if outcome.promoted is None or outcome.event is None:
        return
    person = await repo.contact_with_organisation(ctx.session, outcome.promoted.contact_id)
    if person is not None:
        await notices.tell_promoted(
            ctx.session, ctx.services.catalogs, person, outcome.event, ctx.services.now()
        )


def build_flow() -> Flow:
    contact = Role.CONTACT
    return Flow(
        domain="events",
        name="events",
        entry_points=[
            on_command("events", listing, min_role=contact),
            on_button("ev_menu", listing, min_role=contact),
            on_button("ev_open", open_event, min_role=contact),
            on_button("ev_join", join, min_role=contact),
            on_button("ev_no", decline, min_role=contact),
            on_button("ev_quit", give_up, min_role=contact),
        ],
        states={},
        menu=[MenuItem(MENU_LABEL, "ev_menu", contact, position=40)],
        # Translators: Command list (Telegram's / menu and /help): what the command /events does;
        # short, no full stop.
        commands=[("events", N_("Upcoming events: sign up or cancel"), contact)],
    )
