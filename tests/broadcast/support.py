"""Shared helpers for the broadcast tests: a bot without quiet hours, contacts in bulk."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.emulator import EmulatedUser, SentMessage
from bot.features import FEATURES
from bot.harness import LocalBot
from bot.segments import Segments
from handlers.broadcast import texts as words
from handlers.broadcast.outbox import queue
from storage.models import Broadcast, BroadcastStatus, Contact, Delivery, Organisation, Role
from storage.types import utcnow
from tests.helpers import has_buttons, onboard

COORDINATOR_ID = 9100


class Clock:
    """A clock that runs at real speed from ``start``; the test can jump it forward."""

    def __init__(self, start: datetime) -> None:
        self.base = start
        self.started = time.monotonic()

    def __call__(self) -> datetime:
        return self.base + timedelta(seconds=time.monotonic() - self.started)

    @property
    def now(self) -> datetime:
        return self()

    @now.setter
    def now(self, value: datetime) -> None:
        self.base = value
        self.started = time.monotonic()

    def advance(self, **delta: float) -> None:
        self.base += timedelta(**delta)


def helsinki(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Europe/Helsinki")).astimezone(
        UTC
    )


@pytest.fixture
async def bc_bot(database_url: str) -> AsyncIterator[LocalBot]:
    """The real bot; no quiet hours (so the tests do not depend on the time of day)."""
    async with LocalBot(
        database_url, admins=frozenset({9000}), quiet_hours="00:00-00:00", global_rate=200.0
    ) as bot:
        yield bot


async def add_contact(
    bot: LocalBot,
    organisation: Organisation,
    telegram_id: int,
    language: str | None = "fi",
    *,
    opted_out: bool = False,
    active: bool = True,
    forgotten: bool = False,
    timezone: str | None = None,
    role: Role = Role.CONTACT,
) -> Contact:
    """A contact stored as onboarding leaves them, with a chat the emulator knows."""
    user = bot.emulator.user(telegram_id, f"User {telegram_id}", language_code=language or "fi")
    async with bot.services.sessionmaker() as session, session.begin():
        contact = Contact(
            telegram_user_id=None if forgotten else user.id,
            organisation_id=organisation.id,
            role=role,
            language=language,
            display_name=None if forgotten else user.first_name,
            timezone=timezone,
            consent_at=utcnow(),
            active=active,
            opted_out=opted_out,
            forgotten_at=utcnow() if forgotten else None,
        )
        session.add(contact)
    return contact


async def coordinator(
    bot: LocalBot, organisation: Organisation, language: str = "fi"
) -> EmulatedUser:
    user = bot.emulator.user(COORDINATOR_ID, "Kaisa", language_code=language)
    await onboard(bot, user, organisation, language, Role.COORDINATOR)
    return user


async def queue_broadcast(bot: LocalBot, text: str, *, urgent: bool = False) -> int:
    """Queues a Finnish broadcast to everyone, as the coordinator's "Send now" does."""
    services = bot.services
    return await queue_to_all(
        services.sessionmaker,
        services.settings,
        text,
        services.now(),
        urgent=urgent,
        segments=services.segments,
    )


def tr(bot: LocalBot, language: str = "fi") -> Callable[[str], str]:
    return bot.services.catalogs.get(language)._


async def wait_until(check: Callable[[], Any], timeout: float = 10.0) -> None:  # noqa: ASYNC109
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if loop.time() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.05)


async def broadcasts(bot: LocalBot) -> list[Broadcast]:
    async with bot.services.sessionmaker() as session:
        return list(await session.scalars(select(Broadcast).order_by(Broadcast.id)))


async def deliveries(bot: LocalBot) -> list[Delivery]:
    """A broadcast's outbox rows (replies and notices share the table)."""
    async with bot.services.sessionmaker() as session:
        return list(
            await session.scalars(
                select(Delivery).where(Delivery.broadcast_id.is_not(None)).order_by(Delivery.id)
            )
        )


async def is_done(bot: LocalBot) -> bool:
    found = await broadcasts(bot)
    return bool(found) and all(b.status is BroadcastStatus.DONE for b in found)


def received(user: EmulatedUser, text: str) -> list[SentMessage]:
    return [m for m in user.messages if m.text == text]


async def queue_to_all(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    text: str,
    now: datetime,
    *,
    urgent: bool = False,
    segments: Segments | None = None,
) -> int:
    """Queues a Finnish broadcast to everyone, as the bot's own command would; its id."""
    async with sessionmaker() as session, session.begin():
        broadcast = Broadcast(
            base_language="fi",
            variants={"fi": {"text": text, "entities": []}},
            segment={"kind": "all"},
            urgent=urgent,
            total=0,
            skipped={},
        )
        session.add(broadcast)
        await session.flush()
        await queue(session, broadcast, now, settings, segments or Segments.of(FEATURES))
        return broadcast.id


async def compose(bot: LocalBot, boss: EmulatedUser, text: str) -> None:
    """/broadcast to everyone, as the coordinator writes it, up to its preview (Send now /
    Schedule)."""
    _ = tr(bot)
    await boss.send_text("/broadcast")
    await boss.wait_for_message()
    await boss.send_text(text)
    await boss.wait_for_message(has_buttons)
    await boss.tap(_(words.CONTINUE))
    await boss.wait_for_message(has_buttons)
    await boss.tap(_("Everyone"))
    await boss.wait_for_message(lambda m: _(words.SEND_NOW) in str(m.reply_markup))
