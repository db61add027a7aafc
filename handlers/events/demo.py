"""The events part of ``make demo``: after the check-in, the contact signs up for a virtual coffee.

A coordinator's virtual coffee next week (as ``kylabot event create`` would make it) invites
everyone; the demo contact gets the invitation in their language, taps *Sign up*, and gets
the confirmation with the calendar file. The epilogue is the coordinator's attendee export.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import update

from bot.emulator import EmulatedUser, SentMessage
from handlers.events import notices, publish
from handlers.events.export import collect, csv_bytes
from handlers.events.texts import SIGN_UP
from storage.models import Delivery, DeliveryStatus, Event, EventKind

if TYPE_CHECKING:  # the harness runs the application, which lists this feature
    from bot.harness import LocalBot

TITLE = {  # shown after the kind: "☕ Virtuaalikahvit: Kylien turvallisuus"
    "fi": "Kylien turvallisuus",
    "fi@selko": "Turvallinen kylä",  # a plain-Finnish variant, as a coordinator adds one
    "sv": "Byarnas säkerhet",
    "se": "Gilážiid dorvvolašvuohta",
    "smn": "Siijdâi torvolâšvuotâ",
    "sms": "Siidi staanvuõtt",
    "en": "Village safety",
}
DESCRIPTION = {
    "fi": "Puoli tuntia kahvia ja kuulumisia verkossa. Kamera saa olla kiinni.",
    "fi@selko": "Juomme kahvia ja juttelemme verkossa. Se kestää 30 minuuttia. Kameraa ei tarvita.",
    "en": "Half an hour of coffee and news online. Your camera may stay off.",
}
LINK = "https://meet.example.fi/kylakahvit"


def _has_signup(message: SentMessage) -> bool:
    return "~ev_join~" in str(message.reply_markup)


def _is_calendar(message: SentMessage) -> bool:
    return message.kind == "document" and (message.file_name or "").endswith(".ics")


async def _daytime(bot: LocalBot) -> None:
    """The demo may run at night, when invitations wait for the end of quiet hours: it sends
    them now, as the morning would."""
    services = bot.services
    async with services.write() as session:
        await session.execute(
            update(Delivery)
            .where(Delivery.status == DeliveryStatus.PENDING, Delivery.contact_id.is_not(None))
            .values(next_attempt_at=services.now())
        )
    services.wake_sender()


async def coffee_signup_step(bot: LocalBot, user: EmulatedUser, language: str) -> str:
    services = bot.services
    now = services.now()
    zone = services.settings.zone
    day = now.astimezone(zone).date() + timedelta(days=7)
    start = datetime.combine(day, time(10, 0), tzinfo=zone)
    async with services.write() as session:
        event = publish.new_event(
            now,
            EventKind.COFFEE,
            title=TITLE,
            description=DESCRIPTION,
            starts_at=start,
            minutes=30,
            timezone=services.settings.timezone,
            link=LINK,
            capacity=12,
            audience={"kind": "all"},
            deadline=start - timedelta(hours=2),
        )
        await publish.publish_new(session, services.segments, event, now)
        event_id = event.id
    await notices.invite_all(services)
    await _daytime(bot)
    tr = services.catalogs.get(language, notices.DOMAIN)
    await user.wait_for_message(_has_signup, timeout=10.0)
    await user.tap(tr._(SIGN_UP))
    await user.wait_for_message(_is_calendar, timeout=10.0)
    await user.wait_idle(quiet=0.1)
    async with services.sessionmaker() as session:
        found = await session.get(Event, event_id)
        assert found is not None
        table = csv_bytes(await collect(session, found)).decode("utf-8-sig")
    return f"--- the virtual coffee's sign-ups (kylabot event attendees {event_id}) ---\n{table}"
