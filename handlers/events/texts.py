"""Texts shared by the events feature: kinds, statuses, an event's summary, answers to taps.

An event's title and description are read in the reader's language, else Finnish, else the
language they were written in: the order broadcasts use (``choose_variant``).
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.i18n import DEFAULT_LANGUAGE, N_, NP_, Translator
from handlers.broadcast.outbox import choose_variant
from handlers.events.ics import CalendarEntry
from storage.models import Contact, Event, EventKind, EventSignup, SignupStatus

KIND_LABELS: dict[EventKind, str] = {
    # Translators: An event's kind: a button of /event's first step, and after the icon in
    # every event's summary. Button; at most 36 characters on a phone. Virtual coffee is also
    # the monthly coffee roulette (/coffee).
    EventKind.COFFEE: NP_("event kind", "Virtual coffee"),
    # Translators: An event's kind: a button of /event's first step, and after the icon in
    # every event's summary. Button; at most 36 characters on a phone. HYTU is a name: keep it
    # as is (a clinic = an advice session).
    EventKind.CLINIC: NP_("event kind", "HYTU clinic"),
    # Translators: An event's kind: a button of /event's first step, and after the icon in
    # every event's summary. Button; at most 36 characters on a phone.
    EventKind.WORKSHOP: NP_("event kind", "Workshop"),
    # Translators: An event's kind: a button of /event's first step, and after the icon in
    # every event's summary. Button; at most 36 characters on a phone.
    EventKind.TRAINING: NP_("event kind", "Training"),
    # Translators: An event's kind: a button of /event's first step, and after the icon in
    # every event's summary. Button; at most 36 characters on a phone.
    EventKind.OTHER: NP_("event kind", "Other event"),
}
KIND_ICONS: dict[EventKind, str] = {
    EventKind.COFFEE: "☕",
    EventKind.CLINIC: "🩺",
    EventKind.WORKSHOP: "🛠",
    EventKind.TRAINING: "🎓",
    EventKind.OTHER: "📅",
}

# Translators: Events (/events: people sign up for events coordinators publish), an
# event's summary (invitation, /events, the event opened): the line after 🔗. %(link)s =
# the meeting link.
ONLINE = N_("Online: %(link)s")
# Translators: Events (/events: people sign up for events coordinators publish), an
# event's summary (invitation, /events, the event opened): the line after 📍. %(place)s =
# the place as the coordinator wrote it.
PLACE = N_("Place: %(place)s")
# Translators: Events (/events: people sign up for events coordinators publish), an
# event's summary (invitation, /events, the event opened): %(free)s = seats still free, a
# numeral; %(capacity)s = all seats, a numeral.
SEATS = N_("Free seats: %(free)s of %(capacity)s")
# Translators: Events (/events: people sign up for events coordinators publish), an
# event's summary (invitation, /events, the event opened): instead of the free seats when
# none are left.
FULL = N_("The event is full; a new sign-up goes to the waitlist.")
# Translators: Events (/events: people sign up for events coordinators publish), an
# event's summary (invitation, /events, the event opened): the deadline, when it is before
# the start. %(time)s = date and time.
DEADLINE = N_("Sign up by %(time)s.")

# Translators: Events (/events: people sign up for events coordinators publish), the
# invitation and an event opened: takes a seat (or a waitlist place).
# Button; at most 17 characters on a phone.
SIGN_UP = NP_("button", "Sign up")
# Translators: Events (/events: people sign up for events coordinators publish), the
# invitation: declines this event. Button; at most 17 characters on a phone.
NOT_THIS_TIME = NP_("button", "Not this time")
# Translators: Events (/events: people sign up for events coordinators publish), an event
# opened by someone with a seat: gives the seat up.
# Button; at most 36 characters on a phone.
GIVE_UP_SEAT = NP_("button", "Cancel my sign-up")
# Translators: Events (/events: people sign up for events coordinators publish), an event
# opened by someone on the waitlist: leaves it. Button; at most 36 characters on a phone.
LEAVE_WAITLIST = NP_("button", "Leave the waitlist")

# Answers to a tap on Sign up, Not this time or Cancel my sign-up.
# Translators: Events (/events: people sign up for events coordinators publish), the
# answer under the event's summary after a tap on Sign up, Not this time or Cancel my
# sign-up: a seat was taken; a calendar (.ics) file follows. %(title)s = the event's
# title.
SIGNED_UP = N_(
    "You are signed up for %(title)s. The calendar file is below; a reminder comes a day and "
    "an hour before."
)
# Translators: Events (/events: people sign up for events coordinators publish), the
# answer under the event's summary after a tap on Sign up, Not this time or Cancel my
# sign-up: %(title)s = the event's title.
ALREADY_SEAT = N_("You are already signed up for %(title)s.")
# Translators: Events (/events: people sign up for events coordinators publish), the
# answer under the event's summary after a tap on Sign up, Not this time or Cancel my
# sign-up: %(title)s = the event's title; %(place)s = the place on the waitlist, a
# numeral.
WAITING = N_(
    "%(title)s is full. You are number %(place)s on the waitlist: if a seat frees up, it is "
    "yours at once and you are told."
)
# Translators: Events (/events: people sign up for events coordinators publish), the
# answer under the event's summary after a tap on Sign up, Not this time or Cancel my
# sign-up: Sign up pressed again. %(place)s = the place on the waitlist, a numeral;
# %(title)s = the event's title.
ALREADY_WAITING = N_("You are number %(place)s on the waitlist of %(title)s.")
# Translators: Events (/events: people sign up for events coordinators publish), the
# answer under the event's summary after a tap on Sign up, Not this time or Cancel my
# sign-up: after Not this time. /events is a command: keep it.
DECLINED = N_("Thank you for answering. /events lists the events if you change your mind.")
# Translators: Events (/events: people sign up for events coordinators publish), the
# answer under the event's summary after a tap on Sign up, Not this time or Cancel my
# sign-up: after Cancel my sign-up. %(title)s = the event's title.
GAVE_UP = N_("Your sign-up for %(title)s is cancelled.")
# Translators: Events (/events: people sign up for events coordinators publish), the
# answer under the event's summary after a tap on Sign up, Not this time or Cancel my
# sign-up: after Leave the waitlist. %(title)s = the event's title.
LEFT_WAITLIST = N_("You left the waitlist of %(title)s.")
# Translators: Events (/events: people sign up for events coordinators publish), the
# answer under the event's summary after a tap on Sign up, Not this time or Cancel my
# sign-up: cancelling a sign-up that did not exist. %(title)s = the event's title.
NOT_SIGNED_UP = N_("You are not signed up for %(title)s.")
# Translators: Events (/events: people sign up for events coordinators publish), the
# answer under the event's summary after a tap on Sign up, Not this time or Cancel my
# sign-up: the deadline has passed. %(title)s = the event's title; %(time)s = the
# deadline's date and time.
CLOSED = N_("Sign-ups for %(title)s closed on %(time)s.")
# Translators: Events (/events: people sign up for events coordinators publish), the
# answer under the event's summary after a tap on Sign up, Not this time or Cancel my
# sign-up: %(title)s = the event's title.
STARTED = N_("%(title)s has already started.")
# Translators: Events (/events: people sign up for events coordinators publish), the
# answer under the event's summary after a tap on Sign up, Not this time or Cancel my
# sign-up: the coordinator cancelled the event. %(title)s = the event's title.
EVENT_CANCELLED = N_("%(title)s has been cancelled.")
# Translators: Events (/events: people sign up for events coordinators publish), the event
# was deleted or is unknown; may show in a pop-up box (at most 200 characters).
UNKNOWN = N_("This event is no longer available.")

# Messages the bot starts.
# Translators: Events (/events: people sign up for events coordinators publish), sent
# unprompted to the first on the waitlist when a seat frees up; the caption of a calendar
# file (at most 1024 characters). %(title)s = the event's title; %(start)s = date and time
# it starts.
PROMOTED = N_(
    "A seat freed up: you are now signed up for %(title)s, %(start)s. The calendar file is "
    "attached."
)
# Translators: Events (/events: people sign up for events coordinators publish), sent
# unprompted when a coordinator changes the time or place; the new time and place follow.
# %(title)s = the event's title.
CHANGED = N_("%(title)s has changed:")
# Translators: Events (/events: people sign up for events coordinators publish), after
# "... has changed:" for people with a seat, in the caption of the new calendar file.
NEW_CALENDAR_FILE = N_("The updated calendar file is attached.")
# Translators: Events (/events: people sign up for events coordinators publish), sent
# unprompted to everyone signed up or waiting when the event is cancelled. %(title)s = the
# event's title; %(start)s = date and time it would have started.
CANCELLED_NOTICE = N_("%(title)s on %(start)s has been cancelled.")
# Translators: Events (/events: people sign up for events coordinators publish), after
# "... has been cancelled." for people with a seat, in the caption of a calendar file that
# cancels the entry.
CANCELLED_FILE = N_("This calendar file removes it from your calendar.")
# Translators: Events (/events: people sign up for events coordinators publish), the
# reminder a day before, to people with a seat. %(title)s = the event's title; %(start)s =
# date and time it starts.
REMINDER = N_("Reminder: %(title)s starts %(start)s.")
# Translators: Events (/events: people sign up for events coordinators publish), the
# reminder an hour before. %(title)s = the event's title; %(time)s = the time it starts.
REMINDER_SOON = N_("%(title)s starts soon, at %(time)s.")

STATUS_LABELS: dict[SignupStatus, str] = {
    # Translators: Events (/events: people sign up for events coordinators publish), after
    # "You: " in /events and an event opened: the person has a seat; lower case.
    SignupStatus.SEAT: NP_("event status", "signed up"),
    # Translators: Events (/events: people sign up for events coordinators publish), after
    # "You: ": the person answered Not this time; lower case.
    SignupStatus.DECLINED: NP_("event status", "declined"),
    # Translators: Events (/events: people sign up for events coordinators publish), after
    # "You: ": the person cancelled their sign-up; lower case.
    SignupStatus.CANCELLED: NP_("event status", "cancelled"),
}
# Translators: Events (/events: people sign up for events coordinators publish), after
# "You: ": the person waits for a seat; lower case. %(place)s = the place on the waitlist,
# a numeral.
STATUS_WAITING = N_("on the waitlist, number %(place)s")
# Translators: Events (/events: people sign up for events coordinators publish), after
# "You: ": the person has not answered the invitation; lower case.
STATUS_NONE = NP_("event status", "not answered")
# Translators: Events (/events: people sign up for events coordinators publish), /events
# and an event opened: the person's own status. %(status)s = e.g. signed up, on the
# waitlist, number 2.
YOUR_STATUS = N_("You: %(status)s")
# Translators: Managing an event (a coordinator: Manage #... under an event), Attendees
# and waitlist, the desk's event lists, and a button of the attendance list (✅ or ▫️, this,
# then the organisation in brackets): a person who erased their identity.
# Button; at most 20 characters on a phone.
NO_NAME = N_("(name erased)")


def localized(texts: dict[str, str] | None, language: str) -> str:
    """The text in ``language``, else Finnish, else the first written (as broadcasts do)."""
    if not texts:
        return ""
    return texts.get(choose_variant(language, texts, DEFAULT_LANGUAGE)) or next(
        iter(texts.values())
    )


def event_title(event: Event, language: str) -> str:
    return localized(event.title, language)


def kind_label(tr: Translator, event: Event) -> str:
    return f"{KIND_ICONS[event.kind]} {tr._(KIND_LABELS[event.kind])}"


def zone_of(event: Event) -> ZoneInfo:
    return ZoneInfo(event.timezone)


def start_text(tr: Translator, event: Event) -> str:
    assert event.starts_at is not None
    return tr.datetime(event.starts_at, zone_of(event))


def when_line(tr: Translator, event: Event) -> str:
    """ "🗓 30. maaliskuuta 2026 10.00–11.00" in the event's zone."""
    return f"🗓 {when_text(tr, event)}"


def when_text(tr: Translator, event: Event) -> str:
    """ "30. maaliskuuta 2026 10.00–11.00": ``when_line`` without its icon (the desk)."""
    assert event.starts_at is not None and event.duration_minutes is not None
    end = event.starts_at + timedelta(minutes=event.duration_minutes)
    zone = zone_of(event)
    same_day = event.starts_at.astimezone(zone).date() == end.astimezone(zone).date()
    until = tr.time(end, zone) if same_day else tr.datetime(end, zone)
    return f"{start_text(tr, event)}–{until}"


def where_line(tr: Translator, event: Event) -> str:
    if event.link:
        return "🔗 " + tr._(ONLINE) % {"link": event.link}
    return "📍 " + tr._(PLACE) % {"place": event.place or ""}


def summary(tr: Translator, event: Event, seats_taken: int | None = None) -> str:
    """The event as people see it: kind, title, time, link or place, description, seats."""
    lines = [f"{kind_label(tr, event)}: {event_title(event, tr.language)}", when_line(tr, event)]
    lines.append(where_line(tr, event))
    description = localized(event.description, tr.language)
    if description:
        lines += ["", description]
    extra = []
    if event.capacity is not None and seats_taken is not None:
        free = max(event.capacity - seats_taken, 0)
        extra.append(
            tr._(SEATS) % {"free": tr.number(free), "capacity": tr.number(event.capacity)}
            if free
            else tr._(FULL)
        )
    if event.signup_deadline is not None and event.signup_deadline != event.starts_at:
        extra.append(tr._(DEADLINE) % {"time": tr.datetime(event.signup_deadline, zone_of(event))})
    if extra:
        lines += ["", *extra]
    return "\n".join(lines)


def person_name(tr: Translator, person: Contact) -> str:
    """ "Aino (Sevettijärven kyläyhdistys)"; a person who used /forget shows no name. The
    coordinator's lists in the chat and on the desk."""
    name = person.display_name if person.forgotten_at is None else None
    organisation = person.organisation.name if person.organisation is not None else ""
    shown = name or tr._(NO_NAME)
    return f"{shown} ({organisation})" if organisation else shown


def status_text(tr: Translator, signup: EventSignup | None, place: int = 0) -> str:
    if signup is None:
        return tr._(STATUS_NONE)
    if signup.status is SignupStatus.WAITING:
        return tr._(STATUS_WAITING) % {"place": tr.number(place)}
    return tr._(STATUS_LABELS[signup.status])


def calendar_entry(tr: Translator, event: Event) -> CalendarEntry:
    """The event's calendar file contents in the reader's language."""
    assert event.starts_at is not None and event.duration_minutes is not None
    description = localized(event.description, tr.language)
    if event.link:
        description = f"{description}\n\n{event.link}".strip()
    return CalendarEntry(
        uid=event.uid,
        sequence=event.sequence,
        starts_at=event.starts_at,
        minutes=event.duration_minutes,
        timezone=event.timezone,
        title=event_title(event, tr.language),
        description=description,
        location=event.link or event.place,
        url=event.link,
    )


def ics_name(event: Event) -> str:
    return f"event-{event.id}.ics"
