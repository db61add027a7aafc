"""Crontab lines fire on the days cron would fire them (APScheduler 3 counts from Monday)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.cron import CronError, crontab_trigger, weekday_names
from handlers.checkin.scheduling import fire_times
from handlers.phenomena.digest import trigger as digest_trigger
from storage.models import Schedule

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("*", "*"),
        ("1", "mon"),
        ("0", "sun"),
        ("7", "sun"),
        ("1-5", "mon,tue,wed,thu,fri"),
        ("5-7", "fri,sat,sun"),
        ("fri-sun", "fri,sat,sun"),
        ("*/2", "tue,thu,sat,sun"),  # cron: Sunday, Tuesday, Thursday, Saturday
        ("mon,3", "mon,wed"),
    ],
)
def test_weekday_field_uses_crons_numbering(field: str, names: str) -> None:
    assert weekday_names(field) == names


@pytest.mark.parametrize("field", ["8", "x", "3-1", "*/0", "1-"])
def test_bad_weekday_fields_are_refused_with_the_reason(field: str) -> None:
    with pytest.raises(CronError, match="weekday"):
        weekday_names(field)


def test_monday_means_monday_for_rounds_and_digests() -> None:
    sunday_noon = datetime(2026, 11, 22, 12, tzinfo=HELSINKI)
    for each in (
        crontab_trigger("0 9 * * 1", "Europe/Helsinki"),
        digest_trigger(Schedule(kind="digest", cron="0 9 * * 1", timezone="Europe/Helsinki")),
    ):
        fire = each.get_next_fire_time(None, sunday_noon)
        assert fire is not None and fire.strftime("%A %H:%M") == "Monday 09:00"
    fires = fire_times(
        "0 9 * * 1", "Europe/Helsinki", sunday_noon, datetime(2026, 12, 8, tzinfo=HELSINKI)
    )
    assert [f.astimezone(HELSINKI).strftime("%a %d.%m.") for f in fires] == [
        "Mon 23.11.",
        "Mon 30.11.",
        "Mon 07.12.",
    ]


def test_bad_lines_and_zones_name_the_problem() -> None:
    with pytest.raises(CronError, match="5 fields"):
        crontab_trigger("0 9 * *", "Europe/Helsinki")
    with pytest.raises(CronError, match="time zone"):
        crontab_trigger("0 9 * * 1", "Mars/Olympus")
    with pytest.raises(CronError, match="not both"):
        crontab_trigger("0 9 1 * 1", "Europe/Helsinki")  # cron: the 1st OR Mondays
    with pytest.raises(CronError, match="'61 9"):
        crontab_trigger("61 9 * * 1", "Europe/Helsinki")
