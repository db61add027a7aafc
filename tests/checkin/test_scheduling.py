"""Scheduled rounds with a controllable clock: once per fire time, once after downtime, DST."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.harness import LocalBot
from bot.services import Services
from handlers.checkin.plan_file import load_plan_file
from handlers.checkin.plan_import import apply_plan
from handlers.checkin.scheduling import (
    CheckinScheduler,
    add_schedule,
    due_fire,
    fire_due,
    fire_times,
)
from handlers.checkin.seed import EXAMPLE_PLAN
from handlers.phenomena.digest import KIND as DIGEST
from storage.models import Round, Schedule
from tests.checkin.support import Clock, import_example, job_services, organisation
from tests.helpers import onboard

HELSINKI = ZoneInfo("Europe/Helsinki")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=HELSINKI).astimezone(UTC)  # type: ignore[misc]


def test_spring_dst_week_fires_once_a_day() -> None:
    times = fire_times("30 3 * * *", "Europe/Helsinki", local(2026, 3, 26), local(2026, 4, 2))
    assert len(times) == 7
    days = [t.astimezone(HELSINKI).date().day for t in times]
    assert days == [26, 27, 28, 29, 30, 31, 1]
    # 03:30 does not exist on 29 March (03:00 -> 04:00): it fires once, at 04:30 local
    assert times[3].astimezone(HELSINKI).hour == 4
    nine = fire_times("0 9 * * *", "Europe/Helsinki", local(2026, 3, 26), local(2026, 4, 2))
    assert {t.astimezone(HELSINKI).hour for t in nine} == {9}


def test_autumn_dst_week_fires_once_a_day() -> None:
    times = fire_times("30 3 * * *", "Europe/Helsinki", local(2026, 10, 22), local(2026, 10, 29))
    days = [t.astimezone(HELSINKI).date().day for t in times]
    assert days == [22, 23, 24, 25, 26, 27, 28]  # 03:30 on the 25th happens twice, fires once
    nine = fire_times("0 9 * * *", "Europe/Helsinki", local(2026, 10, 22), local(2026, 10, 29))
    assert {t.astimezone(HELSINKI).hour for t in nine} == {9}
    gaps = {b - a for a, b in itertools.pairwise(nine)}
    assert gaps == {timedelta(hours=24), timedelta(hours=25)}


@pytest.fixture
async def services(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], database_url: str
) -> AsyncIterator[Services]:
    clock = Clock(local(2026, 10, 1, 8, 0))
    yield job_services(engine, sessionmaker, database_url, clock, round_grace_hours=6)


async def _setup(services: Services, cron: str) -> int:
    async with services.sessionmaker() as session, session.begin():
        result = await apply_plan(session, load_plan_file(EXAMPLE_PLAN))
        schedule = await add_schedule(
            session, cron, "Europe/Helsinki", result.plan.id, services.now()
        )
        return schedule.id


async def _rounds(services: Services) -> list[Round]:
    async with services.sessionmaker() as session:
        return list(await session.scalars(select(Round).order_by(Round.id)))


def _move(services: Services, to: datetime) -> None:
    clock = services.clock
    assert isinstance(clock, Clock)
    clock.now = to


async def test_a_cron_round_fires_once(services: Services) -> None:
    await _setup(services, "0 9 * * *")
    _move(services, local(2026, 10, 1, 8, 59))
    assert await fire_due(services, False) == []
    _move(services, local(2026, 10, 1, 9, 0, 1))
    started = await fire_due(services, False)
    assert len(started) == 1
    for minute in (1, 2, 30):
        _move(services, local(2026, 10, 1, 9, minute))
        assert await fire_due(services, False) == []
    rounds = await _rounds(services)
    assert len(rounds) == 1 and rounds[0].scheduled_for == local(2026, 10, 1, 9, 0)
    assert rounds[0].label == "Q4/2026"


async def test_downtime_across_the_fire_time_sends_it_once(services: Services) -> None:
    await _setup(services, "0 9 * * *")
    _move(services, local(2026, 10, 1, 13, 0))  # down 08:00-13:00; grace is 6 h
    assert len(await fire_due(services, False)) == 1
    assert await fire_due(services, False) == []
    _move(services, local(2026, 10, 1, 14, 0))
    assert await fire_due(services, False) == []
    assert len(await _rounds(services)) == 1


async def test_a_fire_missed_beyond_the_grace_period_is_not_sent(services: Services) -> None:
    await _setup(services, "0 9 * * *")
    _move(services, local(2026, 10, 1, 16, 0))  # 7 h late
    assert await fire_due(services, False) == []
    _move(services, local(2026, 10, 2, 9, 0, 5))  # the next day's fire is on time
    assert len(await fire_due(services, False)) == 1


async def test_autumn_dst_night_starts_one_round(services: Services) -> None:
    _move(services, local(2026, 10, 24, 12, 0))
    sid = await _setup(services, "30 3 * * *")
    moment = local(2026, 10, 24, 12, 0)
    while moment < local(2026, 10, 25, 12, 0):
        moment += timedelta(minutes=20)
        _move(services, moment)
        await fire_due(services, False)
    rounds = await _rounds(services)
    assert len(rounds) == 1
    assert rounds[0].scheduled_for == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 03:30 EEST
    async with services.sessionmaker() as session:
        schedule = await session.get(Schedule, sid)
        assert schedule is not None
        assert due_fire(schedule, local(2026, 10, 25, 3, 45), timedelta(hours=6)) is None


@pytest.mark.e2e
async def test_restart_keeps_one_job_per_schedule_and_sends_a_missed_round_once(
    database_url: str,
) -> None:
    clock = Clock(local(2026, 10, 1, 8, 0))
    async with LocalBot(database_url, clock=clock) as bot:
        await import_example(bot)
        org = await organisation(bot, "Sevettijärven kyläyhdistys")
        user = bot.emulator.user(77, "Aino", language_code="fi")
        await onboard(bot, user, org, "fi")
        async with bot.services.sessionmaker() as session, session.begin():
            schedule = await add_schedule(session, "0 9 * * *", "Europe/Helsinki", None, clock())
            job_id = schedule.job_id
        await bot.stop()
        clock.now = local(2026, 10, 1, 11, 0)  # the bot was down at 09:00
        for _ in range(2):
            await bot.start()
            scheduler = bot.services.require(CheckinScheduler)
            ours = [j for j in scheduler.job_ids() if j.startswith(("checkin:", "schedule:"))]
            assert ours.count(job_id) == 1 and ours.count("checkin:housekeeping") == 1
            await bot.stop()
        await bot.start()
        await user.wait_idle(quiet=0.3)
        invitations = [m for m in user.messages if "ci_start" in str(m.reply_markup)]
        assert len(invitations) == 1
        assert "Q4/2026" in (invitations[0].text or "")
        async with bot.services.sessionmaker() as session:
            assert await session.scalar(select(func.count()).select_from(Round)) == 1


@pytest.mark.e2e
async def test_housekeeping_keeps_the_phenomena_digest_job(database_url: str) -> None:
    """The check-in scheduler's sync removes stale round jobs only, never another feature's."""
    async with LocalBot(database_url) as bot:
        async with bot.services.sessionmaker() as session:
            digest = await session.scalar(select(Schedule).where(Schedule.kind == DIGEST))
        assert digest is not None
        scheduler = bot.services.require(CheckinScheduler)
        assert digest.job_id in scheduler.job_ids()
        await scheduler.sync()
        await scheduler.housekeeping()
        assert digest.job_id in scheduler.job_ids()
