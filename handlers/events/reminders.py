"""Reminders 24 hours and 1 hour before an event, through the outbox, each written once.

A reminder is written in the transaction that records it on the sign-up
(``reminded_24h_at`` / ``reminded_1h_at``), so however often this runs, and across restarts,
nobody gets one twice. The one-hour reminder is looked at first: after downtime that ends
inside the last hour only that one is sent (the day-before one is marked as no longer
needed). Someone who signs up within a reminder's window never gets it (``signup._seat``).
Reminders are not held by quiet hours: they are about something the person signed up for,
and a reminder held until morning could come after the start.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.services import Services
from handlers.events import notices
from handlers.events import texts as tx
from storage.repos import events as repo

log = logging.getLogger(__name__)

DAY = timedelta(hours=24)
HOUR = timedelta(hours=1)
EVERY = 20.0  # seconds between looks, as a sender tick


async def remind_due(services: Services) -> int:
    """Writes the reminders that are due now; returns how many were written."""
    now = services.now()
    written = 0
    for ahead in (HOUR, DAY):
        async with services.write() as session:
            for signup, event in await repo.reminders_due(session, now, ahead):
                contact = await repo.contact_with_organisation(session, signup.contact_id)
                signup.reminded_1h_at = signup.reminded_1h_at or (now if ahead == HOUR else None)
                signup.reminded_24h_at = signup.reminded_24h_at or now
                if contact is None:
                    continue
                tr = notices.translator(services.catalogs, contact)
                title = tx.event_title(event, tr.language)
                if ahead == HOUR:
                    assert event.starts_at is not None
                    head = tr._(tx.REMINDER_SOON) % {
                        "title": title,
                        "time": tr.time(event.starts_at, tx.zone_of(event)),
                    }
                else:
                    head = tr._(tx.REMINDER) % {"title": title, "start": tx.start_text(tr, event)}
                text = f"{head}\n{tx.where_line(tr, event)}"
                written += await notices.send_text(session, contact, text, now)
    if written:
        services.wake_sender()
        log.info("events: %d reminders written", written)
    return written
