"""Scheduled rounds: cron schedules in our own table, run by APScheduler under stable job ids.

The ``schedule`` table is the persistent store: at start-up every active schedule is added to
the application's one ``AsyncIOScheduler`` (``services.scheduler``) as job ``schedule:<id>``
with ``replace_existing=True``, so restarts never duplicate jobs (python-telegram-bot#1034,
#4080). Whether a round is due is decided by ``fire_due`` from the schedule's ``last_fire_at``
and the clock (``services.now()``), never by the scheduler's memory:

* the latest fire time in ``(last_fire_at, now]`` starts a round if it is within
  ``round_grace_hours`` (so a round missed during downtime is sent once on return);
* ``last_fire_at`` and the unique (schedule_id, scheduled_for) of ``round`` make it never twice;
* fire times are computed by APScheduler's CronTrigger in the schedule's time zone, once per
  local wall-clock time: on the autumn DST night a 03:30 that happens twice fires once, and on
  the spring night a 03:30 that does not exist fires at 04:30 local (one hour late) once.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError

from bot.cron import CronError, crontab_trigger
from bot.services import Services
from handlers.checkin.reminders import remind_due
from handlers.checkin.rounds import invite_pending, invite_round, start_round
from storage.models import Plan, Schedule
from storage.repos import checkin as repo

log = logging.getLogger(__name__)

PRESETS: dict[str, str] = {
    "quarterly": "0 9 1 */3 *",  # 09:00 on the 1st of January, April, July, October
    "monthly": "0 9 1 * *",
}
ON_TIME = timedelta(minutes=10)  # a fire noticed this late is still "on time" with grace 0
HOUSEKEEPING_MINUTES = 1  # CLI-started rounds and new schedules are noticed within a minute
MAX_STEPS = 100_000


def fire_times(cron: str, timezone: str, after: datetime, until: datetime) -> list[datetime]:
    """Fire times in ``(after, until]`` (UTC), one per local wall-clock time.

    APScheduler is asked only for wall-clock times (its trigger in UTC, which has no DST) and
    each is placed in the zone here. Its own zoned iteration skipped a time of the spring
    night's missing hour when an earlier hour of the same night had fired ("0 2,3 * * *" fired
    at 02:00 and then not until the next day; found by tests/properties/test_cron.py). A time
    the spring night skips fires an hour later on the new clock (03:30 at 04:30); a time the
    autumn night repeats fires once, at its first occurrence after ``after``.
    """
    trigger = crontab_trigger(cron, "UTC")
    zone = ZoneInfo(timezone)
    # A wall time up to an hour outside the window can land inside it (DST), hence the margin.
    cursor = after.astimezone(zone).replace(tzinfo=None) - timedelta(hours=2)
    last_wall = until.astimezone(zone).replace(tzinfo=None) + timedelta(hours=2)
    found: set[datetime] = set()
    for _ in range(MAX_STEPS):
        fire = trigger.get_next_fire_time(None, cursor.replace(tzinfo=UTC))
        if fire is None:
            break
        wall = fire.replace(tzinfo=None)
        if wall > last_wall:
            break
        instant = _first_after(wall, zone, after)
        if instant is not None and instant <= until:
            found.add(instant)
        cursor = wall + timedelta(seconds=1)
    return sorted(found)


def _first_after(wall: datetime, zone: ZoneInfo, after: datetime) -> datetime | None:
    """The first instant after ``after`` at which ``zone``'s clocks show ``wall`` (or would have:
    a wall time in the spring gap is read with the offset before it, so 03:30 is 04:30)."""
    for fold in (0, 1):
        instant = wall.replace(tzinfo=zone, fold=fold).astimezone(UTC)
        if instant > after:
            return instant
    return None


def next_fire(cron: str, timezone: str, now: datetime) -> datetime | None:
    """The first fire time at or after ``now``, as ``fire_times`` counts them."""
    for days in (0.125, 2, 40, 400, 3000):  # 3000: 29 February can be eight years away
        times = fire_times(cron, timezone, now - timedelta(microseconds=1), now + timedelta(days))
        if times:
            return times[0]
    return None


def due_fire(schedule: Schedule, now: datetime, grace: timedelta) -> datetime | None:
    """The fire time that should start a round now, or None.

    Only fire times after ``last_fire_at`` (or the schedule's creation) count, the latest one
    wins, and it must be within ``grace`` (at least ``ON_TIME``) of ``now``.
    """
    since = schedule.last_fire_at or schedule.created_at
    window_start = max(since, now - max(grace, ON_TIME))
    times = fire_times(schedule.cron, schedule.timezone, window_start, now)
    if not times:
        return None
    latest = times[-1]
    if schedule.last_fire_at is not None:
        zone = ZoneInfo(schedule.timezone)
        last_wall = schedule.last_fire_at.astimezone(zone).replace(tzinfo=None)
        if latest.astimezone(zone).replace(tzinfo=None) == last_wall:
            return None  # the repeated hour of the autumn DST night
    return latest


async def fire_due(services: Services, invite: bool, schedule_id: int | None = None) -> list[int]:
    """Starts the rounds that are due now (one transaction per schedule); returns their ids.

    Safe to call any time and from several places at once: a fire time starts at most one
    round. ``invite`` False starts rounds without writing invitations (the CLI does that; the
    running bot's housekeeping writes them within a minute).
    """
    now = services.now()
    grace = timedelta(hours=services.settings.round_grace_hours)
    async with services.read() as session:
        schedules = [s.id for s in await repo.list_schedules(session)]
    started: list[int] = []
    for sid in schedules:
        if schedule_id is not None and sid != schedule_id:
            continue
        try:
            async with services.write() as session:
                schedule = await session.get(Schedule, sid)
                if schedule is None or not schedule.active:
                    continue
                fire = due_fire(schedule, now, grace)
                if fire is None:
                    continue
                schedule.last_fire_at = fire
                if await repo.round_for_fire(session, sid, fire) is not None:
                    continue
                plan = await session.get(Plan, schedule.plan_id) if schedule.plan_id else None
                if plan is None:
                    plan = await repo.get_plan(session)
                new = await start_round(
                    session,
                    plan,
                    now,
                    ZoneInfo(schedule.timezone),
                    schedule_id=sid,
                    scheduled_for=fire,
                )
                started.append(new.id)
                log.info("schedule %s started round %s for %s", sid, new.id, fire.isoformat())
        except IntegrityError:
            log.info("schedule %s: the round for this fire time exists already", sid)
        except repo.CheckinError:
            log.warning("schedule %s is due but there is no plan to ask about", sid)
    if invite:
        for round_id in started:
            await invite_round(services, round_id)
    return started


async def add_schedule(
    session: Any, cron: str, timezone: str, plan_id: int | None, now: datetime
) -> Schedule:
    crontab_trigger(cron, timezone)  # validates
    schedule = Schedule(
        kind="round",
        cron=cron,
        timezone=timezone,
        plan_id=plan_id,
        options={},
        active=True,
        created_at=now,
    )
    session.add(schedule)
    await session.flush()
    return schedule


class CheckinScheduler:
    """The APScheduler side: one cron job per schedule plus a housekeeping job."""

    def __init__(self, services: Services) -> None:
        assert services.scheduler is not None, "the application's scheduler comes first"
        self.services = services
        self.scheduler = services.scheduler

    async def start(self) -> None:
        """Registers the jobs on the application's scheduler and catches up on missed rounds."""
        self.scheduler.add_job(
            self.housekeeping,
            "interval",
            minutes=HOUSEKEEPING_MINUTES,
            id="checkin:housekeeping",
            replace_existing=True,
            coalesce=True,
            max_instances=1,
        )
        await self.sync()
        await self.housekeeping(sync=False)  # catch up on rounds missed while we were down

    async def sync(self) -> None:
        """Makes the scheduler's jobs match the active schedules in the table."""
        async with self.services.read() as session:
            schedules = await repo.list_schedules(session)
        wanted = {schedule.job_id for schedule in schedules if self.register(schedule)}
        for job in self.scheduler.get_jobs():
            # Only round jobs: other features' schedules (the phenomena digest) share the
            # ``schedule:<id>`` ids and the scheduler; removing them stopped the weekly digest
            # at the first housekeeping after start.
            if job.func == self.run_schedule and job.id not in wanted:
                job.remove()

    def register(self, schedule: Schedule) -> bool:
        """Adds or replaces the job of ``schedule`` (its stable id is ``schedule:<id>``)."""
        try:
            trigger = crontab_trigger(schedule.cron, schedule.timezone)
        except CronError:
            log.warning("schedule %s has an invalid cron %r", schedule.id, schedule.cron)
            return False
        existing = self.scheduler.get_job(schedule.job_id)
        if existing is not None and repr(existing.trigger) == repr(trigger):
            return True  # unchanged: keep its computed next run time
        self.scheduler.add_job(
            self.run_schedule,
            trigger,
            args=[schedule.id],
            id=schedule.job_id,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )
        return True

    def unregister(self, schedule_id: int) -> None:
        job = self.scheduler.get_job(f"schedule:{schedule_id}")
        if job is not None:
            job.remove()

    def job_ids(self) -> list[str]:
        return sorted(job.id for job in self.scheduler.get_jobs())

    async def run_schedule(self, schedule_id: int) -> None:
        try:
            await fire_due(self.services, True, schedule_id)
        except Exception:
            log.exception("schedule %s failed", schedule_id)

    async def housekeeping(self, sync: bool = True) -> None:
        try:
            if sync:
                await self.sync()
            await fire_due(self.services, True)
            await invite_pending(self.services)
            await remind_due(self.services)
        except Exception:
            log.exception("check-in housekeeping failed")

    def shutdown(self) -> None:
        """The jobs end with the application's scheduler; nothing of our own to stop."""
