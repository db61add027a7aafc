"""Crontab lines read the way cron (and every coordinator's cheat sheet) reads them.

APScheduler 3's ``CronTrigger.from_crontab`` passes the weekday field through unchanged, and
APScheduler counts weekdays from Monday = 0, so "0 9 * * 1" would fire on Tuesdays and
"*/2" would pick Monday, Wednesday, ... instead of Sunday, Tuesday, .... Here the weekday field
is expanded with cron's numbering (0 and 7 = Sunday; names and ranges allowed) into an explicit
list of day names, which APScheduler reads without ambiguity.

A line that restricts both the day of the month and the weekday is refused: cron fires when
either matches, APScheduler only when both do, and a schedule must not mean two things.
"""

from __future__ import annotations

from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

DAY_NAMES: Final = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


class CronError(ValueError):
    """A cron expression or time zone that does not parse; the message says which field."""


def _day_number(token: str) -> int:
    name = token.strip().lower()[:3]
    if name in DAY_NAMES:
        return DAY_NAMES.index(name)
    if not token.isdigit() or int(token) > 7:
        raise CronError(f"weekday {token!r}: use 0-7 (0 and 7 = Sunday) or mon, tue, ...")
    return int(token) % 7


def weekday_names(field: str) -> str:
    """Cron's weekday field as APScheduler day names, e.g. "1-5" → "mon,tue,wed,thu,fri"."""
    if field in ("*", "?"):
        return "*"
    days: set[int] = set()
    for part in field.split(","):
        base, _, step_text = part.partition("/")
        if step_text and (not step_text.isdigit() or int(step_text) == 0):
            raise CronError(f"weekday step {step_text!r} must be a positive number")
        step = int(step_text) if step_text else 1
        if base in ("*", ""):
            first, last = 0, 6
        elif "-" in base:
            low, _, high = base.partition("-")
            first, last = _day_number(low), _day_number(high)
            if last == 0 and first > 0:
                last = 7  # "5-7", "fri-sun": up to Sunday at the end of the week
        else:
            first = _day_number(base)
            last = 6 if step_text else first
        if last < first:
            raise CronError(f"weekday range {base!r} runs backwards")
        days.update(day % 7 for day in range(first, last + 1, step))
    # APScheduler's week starts on Monday; any order is accepted, this one reads naturally.
    ordered = sorted(days, key=lambda day: (day + 6) % 7)
    return ",".join(DAY_NAMES[day] for day in ordered)


def zone_named(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise CronError(f"unknown time zone {timezone!r}") from None


def crontab_trigger(line: str, timezone: str) -> CronTrigger:
    """An APScheduler trigger for a five-field crontab line in ``timezone``."""
    zone = zone_named(timezone)
    fields = line.split()
    if len(fields) != 5:
        raise CronError(f"{line!r}: a cron expression has 5 fields (minute hour day month weekday)")
    minute, hour, day, month, weekday = fields
    if day not in ("*", "?") and weekday not in ("*", "?"):
        raise CronError(f"{line!r}: restrict the day of the month or the weekday, not both")
    try:
        return CronTrigger(
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=weekday_names(weekday),
            timezone=zone,
        )
    except CronError as error:
        raise CronError(f"{line!r}: {error}") from None
    except ValueError as error:
        raise CronError(f"{line!r}: {error}") from None
