"""Two writers of one round's invitations or reminders at once (issue 19, item 1).

On PostgreSQL there is no process-wide write lock: the round's cron job and the minute
housekeeping (or two processes) can run ``invite_round`` and ``remind_due`` at the same time.
Each organisation must still be invited, and reminded, exactly once: counted here as outbox
rows per recipient, not as messages received, so the sender's own guarantees play no part.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.services import Services
from handlers.checkin.reminders import remind_due, remind_round
from handlers.checkin.rounds import invite_round, start_round
from storage.models import (
    Contact,
    Delivery,
    Measure,
    MeasureResponsibility,
    Organisation,
    OrgKind,
    Plan,
    Role,
    RoundRequest,
    Theme,
)
from storage.repos import checkin as repo
from tests.checkin.support import Clock, job_services

ORGANISATIONS = 500
HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.fixture
async def services(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], database_url: str
) -> AsyncIterator[Services]:
    """No write queue, as on PostgreSQL: the writers race."""
    clock = Clock(datetime(2026, 9, 7, 10, tzinfo=HELSINKI).astimezone(UTC))
    yield job_services(
        engine, sessionmaker, database_url, clock, reminder_after_days=3, max_reminders=2
    )


async def _round_of_many(services: Services) -> int:
    """A plan with one measure owned by ``ORGANISATIONS`` organisations of one contact each."""
    async with services.sessionmaker() as session, session.begin():
        plan = Plan(key="races", name={"fi": "Kierros"})
        theme = Theme(plan=plan, key="villages", position=0, name={"fi": "Kylät"})
        measure = Measure(theme=theme, key="m-1", position=0, title={"fi": "Toimenpide"})
        orgs = [
            Organisation(name=f"Kylä {i:04d} ry", kind=OrgKind.VILLAGE_ASSOCIATION)
            for i in range(ORGANISATIONS)
        ]
        session.add_all([plan, theme, measure, *orgs])
        await session.flush()
        session.add_all(
            MeasureResponsibility(measure_id=measure.id, organisation_id=org.id) for org in orgs
        )
        session.add_all(
            Contact(
                telegram_user_id=700_000 + i,
                organisation_id=org.id,
                role=Role.CONTACT,
                language="fi",
                consent_at=services.now(),
            )
            for i, org in enumerate(orgs)
        )
        await session.flush()
        new = await start_round(session, await repo.get_plan(session), services.now(), HELSINKI)
        return new.id


async def _rows_per_contact(services: Services, starting: str) -> Counter[int]:
    async with services.sessionmaker() as session:
        rows = await session.execute(select(Delivery.contact_id, Delivery.payload))
    return Counter(
        contact_id
        for contact_id, payload in rows
        if contact_id is not None and payload["text"].startswith(starting)
    )


async def _all_contacts(services: Services) -> set[int]:
    async with services.sessionmaker() as session:
        return set(await session.scalars(select(Contact.id)))


async def test_two_concurrent_invitations_invite_each_organisation_once(
    services: Services,
) -> None:
    round_id = await _round_of_many(services)
    counts = await asyncio.gather(
        invite_round(services, round_id), invite_round(services, round_id)
    )
    per_contact = await _rows_per_contact(services, "Kysely")
    assert sorted(per_contact) == sorted(await _all_contacts(services))
    assert set(per_contact.values()) == {1}
    assert counts[0].requests + counts[1].requests == ORGANISATIONS
    async with services.sessionmaker() as session:
        uninvited = await session.scalars(
            select(RoundRequest.id).where(RoundRequest.invited_at.is_(None))
        )
        assert list(uninvited) == []


async def _reminders_due(services: Services) -> int:
    """The round of many, invited; the clock three days on, when its reminders are due."""
    round_id = await _round_of_many(services)
    await invite_round(services, round_id)
    clock = services.clock
    assert isinstance(clock, Clock)
    clock.now += timedelta(days=3)
    return round_id


async def _each_reminded_once(services: Services, reminded: Sequence[int]) -> None:
    per_contact = await _rows_per_contact(services, "Muistutus")
    assert sorted(per_contact) == sorted(await _all_contacts(services))
    assert set(per_contact.values()) == {1}
    assert sum(reminded) == ORGANISATIONS
    async with services.sessionmaker() as session:
        sent = Counter(await session.scalars(select(RoundRequest.reminders_sent)))
    assert sent == Counter({1: ORGANISATIONS})


async def test_two_concurrent_reminder_runs_remind_each_organisation_once(
    services: Services,
) -> None:
    await _reminders_due(services)
    reminded = await asyncio.gather(remind_due(services), remind_due(services))
    await _each_reminded_once(services, reminded)


async def test_the_desks_remind_racing_the_scheduled_one_reminds_each_organisation_once(
    services: Services,
) -> None:
    """A coordinator presses "Remind" on the desk while the minute housekeeping reminds."""
    round_id = await _reminders_due(services)

    async def from_the_desk() -> int:
        async with services.write() as session:
            return (await remind_round(session, services, round_id)).organisations

    reminded = await asyncio.gather(remind_due(services), from_the_desk())
    await _each_reminded_once(services, reminded)
