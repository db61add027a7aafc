"""Two people tapping the last seat at the same moment: exactly one gets it, every time, on
SQLite and PostgreSQL (issue 10)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.harness import LocalBot
from handlers.events import signup
from handlers.events import texts as tx
from storage.models import (
    Contact,
    Event,
    EventKind,
    EventSignup,
    EventStatus,
    Organisation,
    OrgKind,
    SignupStatus,
)
from storage.types import utcnow
from tests.broadcast.support import add_contact
from tests.events.support import has_signup, make_event, tr
from tests.helpers import make_org

ROUNDS = 25


async def _event(session: AsyncSession, capacity: int) -> int:
    now = utcnow()
    event = Event(
        uid=uuid.uuid4().hex,
        kind=EventKind.WORKSHOP,
        status=EventStatus.PUBLISHED,
        title={"fi": "Työpaja"},
        description={},
        starts_at=now + timedelta(days=3),
        duration_minutes=60,
        timezone="Europe/Helsinki",
        place="Kylätalo",
        capacity=capacity,
        audience={"kind": "all"},
        signup_deadline=now + timedelta(days=3),
        sequence=0,
        created_at=now,
        updated_at=now,
    )
    session.add(event)
    await session.flush()
    return event.id


async def test_the_last_seat_goes_to_exactly_one_of_two_concurrent_transactions(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Without the application's write queue: two transactions race on the database itself
    (FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE's write lock on SQLite)."""
    async with sessionmaker() as session, session.begin():
        organisation = Organisation(name="Kylä", kind=OrgKind.VILLAGE_ASSOCIATION)
        session.add(organisation)
        people = [Contact(organisation=organisation, display_name=f"P{i}") for i in range(2)]
        session.add_all(people)
        await session.flush()
        ids = [person.id for person in people]
    for _ in range(ROUNDS):
        async with sessionmaker() as session, session.begin():
            event_id = await _event(session, capacity=1)

        async def tap(contact_id: int, event_id: int = event_id) -> signup.Answer:
            async with sessionmaker() as session, session.begin():
                return (await signup.sign_up(session, event_id, contact_id, utcnow())).answer

        answers = await asyncio.gather(*(tap(contact_id) for contact_id in ids))
        assert sorted(answers) == [signup.Answer.SEAT, signup.Answer.WAITING]
        async with sessionmaker() as session:
            seats = await session.scalar(
                select(func.count())
                .select_from(EventSignup)
                .where(EventSignup.event_id == event_id, EventSignup.status == SignupStatus.SEAT)
            )
        assert seats == 1


@pytest.mark.e2e
async def test_two_people_tap_the_last_seat_at_once_over_the_emulator(database_url: str) -> None:
    async with LocalBot(database_url, quiet_hours="00:00-00:00") as bot:
        village = await make_org(bot)
        await add_contact(bot, village, 3701, "fi")
        await add_contact(bot, village, 3702, "fi")
        first, second = bot.emulator.user(3701), bot.emulator.user(3702)
        label = tr(bot)(tx.SIGN_UP)
        for _ in range(10):
            event_id = await make_event(bot, utcnow() + timedelta(days=2), capacity=1)
            await first.wait_for_message(has_signup(event_id))
            await second.wait_for_message(has_signup(event_id))
            await asyncio.gather(first.tap(label), second.tap(label))  # one getUpdates batch
            await bot.settle()
            async with bot.services.sessionmaker() as session:
                statuses = sorted(
                    (
                        await session.scalars(
                            select(EventSignup.status).where(EventSignup.event_id == event_id)
                        )
                    ).all()
                )
            assert statuses == [SignupStatus.SEAT, SignupStatus.WAITING]
