"""The coordinators' digest of new reports, on a schedule kept in the ``schedule`` table.

The schedule row (kind "digest", weekly on Monday morning by default) is registered with
APScheduler under its stable ``job_id``. ``last_fire_at`` is the end of the last digest's
period: a fire missed during downtime runs once at start-up, never twice, and each digest
covers exactly the time since the previous one.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cron import crontab_trigger
from bot.i18n import N_, Translator
from bot.municipalities import municipality_name
from bot.outbox.notices import notify
from bot.services import Services
from handlers.phenomena.categories import CATEGORIES
from handlers.phenomena.service import category_label, excerpt, reporter_label
from storage.models import PhenomenonReport, Priority, Schedule
from storage.repos.phenomena import (
    PeriodCounts,
    ReportFilter,
    coordinators,
    delete_old_drafts,
    delete_old_follow_up_drafts,
    follow_up_counts,
    list_reports,
    period_counts,
)

log = logging.getLogger(__name__)

KIND: Final = "digest"
DEFAULT_CRON: Final = "0 8 * * 1"  # Mondays at 08:00 local time
CLEANUP_JOB: Final = "phenomena:draft-cleanup"
MESSAGE_BUDGET: Final = 3900  # below Telegram's 4,096

# Translators: Phenomena digest (sent to coordinators on a schedule): the title.
# %(start)s, %(end)s = the first and last day of the period.
TITLE = N_("Local phenomena: new reports %(start)s – %(end)s")
# Translators: Phenomena digest (sent to coordinators on a schedule): %(count)s = reports
# in the period; %(previous)s = reports in the period before; numerals.
TOTAL = N_("New reports: %(count)s (previous period: %(previous)s)")
# Translators: Phenomena digest (sent to coordinators on a schedule): the heading above a
# line per category.
BY_CATEGORY = N_("By category:")
# Translators: Phenomena digest (sent to coordinators on a schedule): the heading above a
# line per municipality.
BY_MUNICIPALITY = N_("By municipality:")
# Translators: Phenomena digest (sent to coordinators on a schedule): one category or
# municipality. %(name)s = its name; %(count)s = reports in the period; %(previous)s =
# reports in the period before; numerals.
LINE = N_("%(name)s: %(count)s (previous: %(previous)s)")
# Translators: Phenomena digest (sent to coordinators on a schedule): in place of a
# municipality's name when the report has none.
NO_MUNICIPALITY = N_("Municipality not given")
# Translators: Phenomena digest (sent to coordinators on a schedule): the heading above
# the reports, one paragraph each.
REPORTS = N_("Reports:")
# Translators: Phenomena digest (sent to coordinators on a schedule): the list was cut.
# %(count)s = reports not shown, a numeral. /phenomena is a command: keep it.
MORE = N_("… and %(count)s more. /phenomena shows them all.")
# Translators: Phenomena digest (sent to coordinators on a schedule): the last line.
# /phenomena is a command: keep it.
FOOTER = N_("Open /phenomena to read and answer the reports.")
# Translators: Phenomena digest (sent to coordinators on a schedule): reports whose
# reporters added to them. %(reports)s = report numbers like #12, #15 (2).
ADDITIONS = N_("Additions to reports: %(reports)s")


async def digest_schedule(session: AsyncSession, timezone: str) -> Schedule:
    """The digest's schedule row, created with the default weekly time if missing."""
    schedule = await session.scalar(
        select(Schedule).where(Schedule.kind == KIND).order_by(Schedule.id).limit(1)
    )
    if schedule is None:
        schedule = Schedule(kind=KIND, cron=DEFAULT_CRON, timezone=timezone, options={})
        session.add(schedule)
        await session.flush()
    return schedule


def trigger(schedule: Schedule) -> CronTrigger:
    return crontab_trigger(schedule.cron, schedule.timezone)


def last_due(schedule: Schedule, now: datetime) -> datetime | None:
    """The latest fire time at or before ``now`` that has not been acted on."""
    since = schedule.last_fire_at or schedule.created_at
    cron = trigger(schedule)
    due: datetime | None = None
    fire = cron.get_next_fire_time(None, since)
    while fire is not None and fire <= now:
        if fire > since:
            due = fire
        fire = cron.get_next_fire_time(fire, fire + timedelta(seconds=1))
    return due


def _comparison(tr: Translator, current: PeriodCounts, previous: PeriodCounts) -> list[str]:
    lines = [
        tr._(TOTAL) % {"count": tr.number(current.total), "previous": tr.number(previous.total)},
        "",
        tr._(BY_CATEGORY),
    ]
    for key in CATEGORIES:
        now_n, before = current.by_category.get(key, 0), previous.by_category.get(key, 0)
        if now_n or before:
            lines.append(
                "• "
                + tr._(LINE)
                % {
                    "name": category_label(tr, key),
                    "count": tr.number(now_n),
                    "previous": tr.number(before),
                }
            )
    lines += ["", tr._(BY_MUNICIPALITY)]
    names = sorted(set(current.by_municipality) | set(previous.by_municipality))
    names.sort(key=lambda n: (n == "", -current.by_municipality.get(n, 0), n))
    for name in names:
        lines.append(
            "• "
            + tr._(LINE)
            % {
                "name": municipality_name(name, tr.language) or tr._(NO_MUNICIPALITY),
                "count": tr.number(current.by_municipality.get(name, 0)),
                "previous": tr.number(previous.by_municipality.get(name, 0)),
            }
        )
    return lines


def compose_digest(
    tr: Translator,
    zone: ZoneInfo,
    since: datetime,
    until: datetime,
    reports: list[PhenomenonReport],
    current: PeriodCounts,
    previous: PeriodCounts,
    additions: dict[int, int] | None = None,
) -> str:
    """The digest in one reader's language; exact counts, names only where allowed.

    ``additions`` (report id → additions sent in the period) lists the reports whose
    reporters wrote more, so an old report that came alive again is not missed.
    """
    head = [
        tr._(TITLE)
        % {
            "start": tr.date(since.astimezone(zone).date()),
            "end": tr.date((until - timedelta(seconds=1)).astimezone(zone).date()),
        },
        "",
        *_comparison(tr, current, previous),
    ]
    if additions:
        listed = ", ".join(
            f"#{report_id}" + (f" ({tr.number(count)})" if count > 1 else "")
            for report_id, count in sorted(additions.items())
        )
        head += ["", tr._(ADDITIONS) % {"reports": listed}]
    text = "\n".join(head)
    if reports:
        text += "\n\n" + tr._(REPORTS)
        for shown, report in enumerate(reports):
            line = (
                f"\n#{report.id} {category_label(tr, report.category)} · "
                f"{municipality_name(report.municipality, tr.language) or tr._(NO_MUNICIPALITY)}"
                f" · {reporter_label(tr, report)}"
                f"\n{excerpt(tr, report.text, 160)}"
            )
            rest = len(reports) - shown
            if len(text) + len(line) > MESSAGE_BUDGET - 120:
                text += "\n\n" + tr._(MORE) % {"count": tr.number(rest)}
                break
            text += line
    return text + "\n\n" + tr._(FOOTER)


async def run_digest(services: Services, schedule_id: int, until: datetime | None = None) -> int:
    """Writes the digest for the time since the last one; returns for how many coordinators."""
    async with services.write() as session:
        schedule = await session.get(Schedule, schedule_id)
        if schedule is None or not schedule.active:
            return 0
        end = until or services.now()
        start = schedule.last_fire_at or end - timedelta(days=7)
        if start >= end:
            return 0
        length = end - start
        current = await period_counts(session, start, end)
        previous = await period_counts(session, start - length, start)
        reports = await list_reports(session, ReportFilter(since=start, until=end))
        additions = await follow_up_counts(session, start, end)
        zone = ZoneInfo(schedule.timezone)
        sent = 0
        for person in await coordinators(session):
            outcome = await notify(
                session,
                services.catalogs,
                person,
                lambda tr: (
                    compose_digest(tr, zone, start, end, reports, current, previous, additions),
                    None,
                ),
                end,
                priority=Priority.BULK,
            )
            sent += outcome.queued
        schedule.last_fire_at = end
    services.wake_sender()
    log.info("phenomena digest %s–%s written for %d coordinators", start, end, sent)
    return sent


async def cleanup_drafts(services: Services) -> int:
    """Deletes report drafts and unsent follow-ups nobody touched for 7 days."""
    async with services.write() as session:
        removed = await delete_old_drafts(session, services.now())
        additions = await delete_old_follow_up_drafts(session, services.now())
    if removed or additions:
        log.info(
            "deleted %d phenomenon drafts and %d unsent follow-ups older than 7 days",
            removed,
            additions,
        )
    return removed + additions


async def start_jobs(services: Services) -> None:
    """Registers the digest and the draft clean-up; writes a digest missed during downtime."""
    scheduler = services.scheduler
    assert scheduler is not None, "the application's scheduler comes first"
    zone = services.settings.zone
    async with services.write() as session:
        schedule = await digest_schedule(session, services.settings.timezone)
        schedule_id, job_id = schedule.id, schedule.job_id
        cron = trigger(schedule)
        missed = last_due(schedule, services.now()) if schedule.active else None
    if missed is not None:
        await run_digest(services, schedule_id, missed)

    async def fire() -> None:
        try:
            await run_digest(services, schedule_id)
        except Exception:
            log.exception("phenomena digest failed")

    async def clean() -> None:
        try:
            await cleanup_drafts(services)
        except Exception:
            log.exception("phenomena draft clean-up failed")

    scheduler.add_job(
        fire, cron, id=job_id, replace_existing=True, coalesce=True, misfire_grace_time=3600
    )
    scheduler.add_job(
        clean,
        CronTrigger(hour=3, minute=30, timezone=zone),
        id=CLEANUP_JOB,
        replace_existing=True,
        coalesce=True,
    )
    await cleanup_drafts(services)
