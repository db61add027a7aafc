"""Messages the events feature starts, written to the outbox in the deciding transaction.

Invitations (with *Sign up* / *Not this time*), the seat someone got from the waitlist, a
change or cancellation with its calendar file. Each is a row addressed to the contact, so
/stop, /forget and a blocked bot still apply when its turn comes; each reads in the person's
own language. Invitations wait for the end of quiet hours in the person's time zone (they are
bulk); the others go at once: they are about something the person signed up for.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.flow import ButtonData
from bot.i18n import Catalogs, Translator
from bot.language import choose_language
from bot.outbox.notices import WAKE_SENDER, reachable
from bot.services import Services
from handlers.broadcast.outbox import after_quiet_hours, zone_of
from handlers.events import ics
from handlers.events import texts as tx
from storage.models import Contact, DeliveryStatus, Event, Priority, SignupStatus
from storage.repos import events as repo
from storage.repos.outbox import insert_one

DOMAIN = "events"
INVITE_CHUNK = 50  # invitations per transaction


def translator(catalogs: Catalogs, contact: Contact) -> Translator:
    return catalogs.get(choose_language(contact, None), DOMAIN)


def _button(label: str, action: str, arg: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=ButtonData(None, action, arg).encode())


def invitation_markup(tr: Translator, event_id: int) -> InlineKeyboardMarkup:
    """Buttons that work at any time (not tied to a conversation), like a round invitation."""
    return InlineKeyboardMarkup(
        [
            [
                _button(tr._(tx.SIGN_UP), "ev_join", str(event_id)),
                _button(tr._(tx.NOT_THIS_TIME), "ev_no", str(event_id)),
            ]
        ]
    )


async def _insert(
    session: AsyncSession,
    contact_id: int,
    method: str,
    payload: dict[str, Any],
    now: datetime,
    *,
    due: datetime | None = None,
    priority: Priority = Priority.NOTICE,
    document: bytes | None = None,
) -> int:
    session.info[WAKE_SENDER] = True
    return await insert_one(
        session,
        {
            "contact_id": contact_id,
            "method": method,
            "payload": payload,
            "document": document,
            "priority": int(priority),
            "status": DeliveryStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": due or now,
            "created_at": now,
        },
    )


async def send_calendar(
    session: AsyncSession,
    tr: Translator,
    contact: Contact,
    event: Event,
    caption: str,
    now: datetime,
    *,
    cancelled: bool = False,
) -> bool:
    """Writes the event's .ics with ``caption`` for ``contact`` unless they paused or left."""
    if not reachable(contact):
        return False
    content = ics.calendar_file(tx.calendar_entry(tr, event), now, cancelled=cancelled)
    payload = {"caption": caption, "_upload": "document", "_filename": tx.ics_name(event)}
    await _insert(session, contact.id, "sendDocument", payload, now, document=content)
    return True


async def send_text(
    session: AsyncSession,
    contact: Contact,
    text: str,
    now: datetime,
    markup: InlineKeyboardMarkup | None = None,
    *,
    entities: list[dict[str, Any]] | None = None,
) -> bool:
    """Writes a message for ``contact`` unless they paused or left."""
    if not reachable(contact):
        return False
    payload: dict[str, Any] = {"text": text}
    if markup is not None:
        payload["reply_markup"] = markup.to_dict()
    if entities:
        payload["entities"] = entities
    await _insert(session, contact.id, "sendMessage", payload, now)
    return True


async def tell_promoted(
    session: AsyncSession, catalogs: Catalogs, contact: Contact, event: Event, now: datetime
) -> bool:
    """The first on the waitlist got a seat: told at once, with the calendar file."""
    tr = translator(catalogs, contact)
    caption = tr._(tx.PROMOTED) % {
        "title": tx.event_title(event, tr.language),
        "start": tx.start_text(tr, event),
    }
    return await send_calendar(session, tr, contact, event, caption, now)


async def tell_changed(
    session: AsyncSession, catalogs: Catalogs, event: Event, now: datetime
) -> int:
    """Everyone with a seat gets the changed event and its new calendar file (a higher
    SEQUENCE); people on the waitlist get the new details without a file."""
    told = 0
    people = await repo.people(session, event.id, (SignupStatus.SEAT, SignupStatus.WAITING))
    for signup, contact in people:
        tr = translator(catalogs, contact)
        text = "\n".join(
            [
                tr._(tx.CHANGED) % {"title": tx.event_title(event, tr.language)},
                tx.when_line(tr, event),
                tx.where_line(tr, event),
            ]
        )
        if signup.status is SignupStatus.SEAT:
            caption = f"{text}\n\n{tr._(tx.NEW_CALENDAR_FILE)}"
            told += await send_calendar(session, tr, contact, event, caption, now)
        else:
            told += await send_text(session, contact, text, now)
    return told


async def tell_cancelled(
    session: AsyncSession, catalogs: Catalogs, event: Event, now: datetime
) -> int:
    """Everyone signed up or waiting is told; a seat's calendar file cancels the entry."""
    told = 0
    people = await repo.people(session, event.id, (SignupStatus.SEAT, SignupStatus.WAITING))
    for signup, contact in people:
        tr = translator(catalogs, contact)
        text = tr._(tx.CANCELLED_NOTICE) % {
            "title": tx.event_title(event, tr.language),
            "start": tx.start_text(tr, event),
        }
        if signup.status is SignupStatus.SEAT:
            caption = f"{text} {tr._(tx.CANCELLED_FILE)}"
            told += await send_calendar(session, tr, contact, event, caption, now, cancelled=True)
        else:
            told += await send_text(session, contact, text, now)
    return told


async def write_invitations(services: Services, limit: int = INVITE_CHUNK) -> int:
    """Writes up to ``limit`` pending invitations in one transaction; returns how many rows
    it handled (each marked invited, written or skipped, exactly once)."""
    settings = services.settings
    now = services.now()
    async with services.write() as session:
        pending = await repo.uninvited(session, limit)
        if not pending:
            return 0
        contacts = await repo.contacts_by_id(session, [p.contact_id for p in pending])
        events: dict[int, tuple[Event, int]] = {}
        for invitation in pending:
            invitation.invited_at = now
            contact = contacts.get(invitation.contact_id)
            if contact is None or not reachable(contact) or contact.forgotten_at is not None:
                invitation.skipped = True
                continue
            if invitation.event_id not in events:
                event = await session.get(Event, invitation.event_id)
                assert event is not None
                seats = await repo.count_status(session, event.id, SignupStatus.SEAT)
                events[invitation.event_id] = (event, seats)
            event, seats = events[invitation.event_id]
            tr = translator(services.catalogs, contact)
            payload = {
                "text": tx.summary(tr, event, seats),
                "reply_markup": invitation_markup(tr, event.id).to_dict(),
            }
            due = after_quiet_hours(
                now, zone_of(contact.timezone, settings.zone), settings.quiet_hours
            )
            await _insert(
                session, contact.id, "sendMessage", payload, now, due=due, priority=Priority.BULK
            )
    services.wake_sender()
    return len(pending)


async def invite_all(services: Services) -> int:
    """Writes every pending invitation, a chunk per transaction (the sender tick's work)."""
    total = 0
    while True:
        written = await write_invitations(services)
        total += written
        if written < INVITE_CHUNK:
            return total
