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
    EventKind.COFFEE: NP_("event kind", "Virtual coffee"),
    EventKind.CLINIC: NP_("event kind", "HYTU clinic"),
    EventKind.WORKSHOP: NP_("event kind", "Workshop"),
    EventKind.TRAINING: NP_("event kind", "Training"),
    EventKind.OTHER: NP_("event kind", "Other event"),
}
KIND_ICONS: dict[EventKind, str] = {
    EventKind.COFFEE: "☕",
    EventKind.CLINIC: "🩺",
    EventKind.WORKSHOP: "🛠",
    EventKind.TRAINING: "🎓",
    EventKind.OTHER: "📅",
}

ONLINE = N_("Online: %(link)s")
PLACE = N_("Place: %(place)s")
SEATS = N_("Free seats: %(free)s of %(capacity)s")
FULL = N_("The event is full; a new sign-up goes to the waitlist.")
DEADLINE = N_("Sign up by %(time)s.")

SIGN_UP = NP_("button", "Sign up")
NOT_THIS_TIME = NP_("button", "Not this time")
GIVE_UP_SEAT = NP_("button", "Cancel my sign-up")
LEAVE_WAITLIST = NP_("button", "Leave the waitlist")

# Answers to a tap on Sign up, Not this time or Cancel my sign-up.
SIGNED_UP = N_(
    "You are signed up for %(title)s. The calendar file is below; a reminder comes a day and "
    "an hour before."
)
ALREADY_SEAT = N_("You are already signed up for %(title)s.")
WAITING = N_(
    "%(title)s is full. You are number %(place)s on the waitlist: if a seat frees up, it is "
    "yours at once and you are told."
)
ALREADY_WAITING = N_("You are number %(place)s on the waitlist of %(title)s.")
DECLINED = N_("Thank you for answering. /events lists the events if you change your mind.")
GAVE_UP = N_("Your sign-up for %(title)s is cancelled.")
LEFT_WAITLIST = N_("You left the waitlist of %(title)s.")
NOT_SIGNED_UP = N_("You are not signed up for %(title)s.")
CLOSED = N_("Sign-ups for %(title)s closed on %(time)s.")
STARTED = N_("%(title)s has already started.")
EVENT_CANCELLED = N_("%(title)s has been cancelled.")
UNKNOWN = N_("This event is no longer available.")

# Messages the bot starts.
PROMOTED = N_(
    "A seat freed up: you are now signed up for %(title)s, %(start)s. The calendar file is "
    "attached."
)
CHANGED = N_("%(title)s has changed:")
NEW_CALENDAR_FILE = N_("The updated calendar file is attached.")
CANCELLED_NOTICE = N_("%(title)s on %(start)s has been cancelled.")
CANCELLED_FILE = N_("This calendar file removes it from your calendar.")
REMINDER = N_("Reminder: %(title)s starts %(start)s.")
REMINDER_SOON = N_("%(title)s starts soon, at %(time)s.")

STATUS_LABELS: dict[SignupStatus, str] = {
    SignupStatus.SEAT: NP_("event status", "signed up"),
    SignupStatus.DECLINED: NP_("event status", "declined"),
    SignupStatus.CANCELLED: NP_("event status", "cancelled"),
}
STATUS_WAITING = N_("on the waitlist, number %(place)s")
STATUS_NONE = NP_("event status", "not answered")
YOUR_STATUS = N_("You: %(status)s")
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
