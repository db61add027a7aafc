"""Properties of crontab lines as rounds and the digest read them (bot/cron.py, fire_times).

The lines are generated together with the sets of values they mean (cron's numbering: weekday
0 and 7 = Sunday), and the fire times are checked against a brute force over every minute of
the window in Europe/Helsinki, including the nights the clocks turn: on the autumn night a
wall-clock time that happens twice fires once; on the spring night the times of the missing
hour (03:00-03:59) fire once, in the hour after the gap.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.cron import DAY_NAMES, CronError, crontab_trigger
from handlers.checkin.scheduling import fire_times, next_fire

ZONE_NAME = "Europe/Helsinki"
HELSINKI = ZoneInfo(ZONE_NAME)
MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Line:
    """A crontab line and the values each of its fields allows."""

    text: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday

    def matches(self, wall: datetime) -> bool:
        return (
            wall.minute in self.minutes
            and wall.hour in self.hours
            and wall.day in self.days
            and wall.month in self.months
            and wall.isoweekday() % 7 in self.weekdays
        )


Field = tuple[str, frozenset[int]]


def numbers(
    low: int, high: int, *, every: bool = True, min_step: int = 1, span: int | None = None
) -> st.SearchStrategy[Field]:
    """One cron field with values ``low..high``: n, a,b,c, a-b, a-b/k, and (``every``) * and */k.

    ``span`` is the field's whole range where it is wider than the values drawn (days: 31).
    APScheduler refuses a step wider than its range ("0-1/2"), a clear CronError; the lines
    drawn here keep within it.
    """
    top = span or high
    value = st.integers(low, high)
    step = max(2, min_step)

    def stepped(a: int, b: int, k: int) -> Field:
        return f"{a}-{b}/{k}", frozenset(range(a, b + 1, k))

    options: list[st.SearchStrategy[Field]] = [
        value.map(lambda n: (str(n), frozenset({n}))),
        st.lists(value, min_size=2, max_size=4, unique=True).map(
            lambda ns: (",".join(map(str, sorted(ns))), frozenset(ns))
        ),
        st.tuples(value, value)
        .map(sorted)
        .map(lambda ab: (f"{ab[0]}-{ab[1]}", frozenset(range(ab[0], ab[1] + 1)))),
        st.integers(low, high - step)
        .flatmap(lambda a: st.tuples(st.just(a), st.integers(a + step, high)))
        .flatmap(lambda ab: st.integers(step, ab[1] - ab[0]).map(lambda k: stepped(*ab, k))),
    ]
    if every:
        options += [
            st.just(("*", frozenset(range(low, top + 1)))),
            st.integers(step, top - low).map(
                lambda k: (f"*/{k}", frozenset(range(low, top + 1, k)))
            ),
        ]
    return st.one_of(options)


def weekdays() -> st.SearchStrategy[Field]:
    """Cron's weekday field: 0-7 (0 and 7 = Sunday), names, ranges up to 7, steps."""
    day = st.integers(0, 7)
    return st.one_of(
        st.just(("*", frozenset(range(7)))),
        day.map(lambda n: (str(n), frozenset({n % 7}))),
        st.sampled_from(DAY_NAMES).map(lambda name: (name, frozenset({DAY_NAMES.index(name)}))),
        st.tuples(day, day)
        .map(sorted)
        .map(lambda ab: (f"{ab[0]}-{ab[1]}", frozenset(d % 7 for d in range(ab[0], ab[1] + 1)))),
        st.integers(2, 6).map(lambda k: (f"*/{k}", frozenset(range(0, 7, k)))),
        st.lists(day, min_size=2, max_size=3, unique=True).map(
            lambda ns: (",".join(map(str, ns)), frozenset(n % 7 for n in ns))
        ),
    )


@st.composite
def lines(draw: st.DrawFn, *, night: bool = False) -> Line:
    """A line that fires at most a few times an hour; ``night``: in the small hours."""
    minute = draw(numbers(0, 59, every=False, min_step=10))
    hour = draw(numbers(0, 6, span=23) if night else numbers(0, 23))
    # Days up to 28, so that no line waits years for a 31 February.
    day = draw(numbers(1, 28, span=31))
    month = draw(numbers(1, 12))
    weekday = ("*", frozenset(range(7))) if day[0] != "*" else draw(weekdays())
    text = " ".join(part for part, _ in (minute, hour, day, month, weekday))
    return Line(text, minute[1], hour[1], day[1], month[1], weekday[1])


def last_sunday(year: int, month: int) -> datetime:
    day = datetime(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=day.isoweekday() % 7)


# The instants Helsinki's clocks turn: 01:00 UTC on the last Sunday of March and October.
TRANSITIONS = [
    last_sunday(year, month).replace(hour=1, tzinfo=UTC)
    for year in range(2025, 2036)
    for month in (3, 10)
]

anywhere = st.datetimes(datetime(2025, 1, 1), datetime(2035, 12, 1), timezones=st.just(UTC))
near_a_transition = st.builds(
    lambda at, minutes: at + timedelta(minutes=minutes),
    st.sampled_from(TRANSITIONS),
    st.integers(-36 * 60, 6 * 60),
)
starts = st.one_of(anywhere, near_a_transition).map(lambda t: t.replace(second=0, microsecond=0))
lengths = st.integers(1, 3 * 24 * 60).map(lambda minutes: timedelta(minutes=minutes))


def wall(moment: datetime) -> datetime:
    return moment.astimezone(HELSINKI).replace(tzinfo=None)


def exists(local: datetime) -> bool:
    """False for a wall-clock time in the hour the spring night skips."""
    return wall(local.replace(tzinfo=HELSINKI).astimezone(UTC)) == local


def expected_walls(line: Line, after: datetime, until: datetime) -> set[datetime]:
    """Every matching wall-clock minute that some instant in ``(after, until]`` shows."""
    found: set[datetime] = set()
    moment = after + MINUTE
    while moment <= until:
        local = wall(moment)
        if line.matches(local):
            found.add(local)
        moment += MINUTE
    return found


def check_fires(line: Line, after: datetime, until: datetime) -> None:
    fires = fire_times(line.text, ZONE_NAME, after, until)
    assert all(after < fire <= until for fire in fires), "outside the window"
    assert all(a < b for a, b in itertools.pairwise(fires)), "not increasing"
    walls = [wall(fire) for fire in fires]
    assert len(set(walls)) == len(walls), "a wall-clock time fired twice"
    expected = expected_walls(line, after, until)
    assert expected <= set(walls), f"missing {sorted(expected - set(walls))[:3]}"
    for extra in set(walls) - expected:
        # Only the spring night's missing hour may fire late, once, an hour later.
        earlier = extra - timedelta(hours=1)
        assert not exists(earlier), f"{extra} does not match {line.text!r}"
        assert line.matches(earlier), f"{extra} does not match {line.text!r}"


@given(lines(), starts, lengths)
def test_fire_times_are_the_matching_minutes_once_each(
    line: Line, after: datetime, length: timedelta
) -> None:
    check_fires(line, after, after + length)


@given(lines(night=True), st.sampled_from(TRANSITIONS), st.integers(-6 * 60, 0))
def test_the_nights_the_clocks_turn(line: Line, transition: datetime, before: int) -> None:
    after = transition + timedelta(minutes=before)
    until = transition + timedelta(hours=6)
    check_fires(line, after, until)
    fires = fire_times(line.text, ZONE_NAME, after, until)
    local_day = wall(transition).date()
    skipped = [
        minute
        for minute in (
            datetime.combine(local_day, datetime.min.time()) + MINUTE * i for i in range(1440)
        )
        if not exists(minute) and line.matches(minute) and after < transition
    ]
    if skipped:  # spring: a line that wanted the missing hour still fires in the next one
        assert any(wall(f).date() == local_day and wall(f).hour == 4 for f in fires)


@given(lines(), starts)
def test_next_fire_is_the_first_fire_time_from_now(line: Line, now: datetime) -> None:
    fire = next_fire(line.text, ZONE_NAME, now)
    assert fire is not None
    assert fire >= now
    soon = fire_times(
        line.text, ZONE_NAME, now - timedelta(microseconds=1), now + timedelta(days=2)
    )
    if soon:  # the next one is the first the rounds will start at
        assert fire == soon[0]
    local = wall(fire)
    assert line.matches(local) or (
        not exists(local - timedelta(hours=1)) and line.matches(local - timedelta(hours=1))
    )


@given(st.text(max_size=30))
def test_any_text_is_a_trigger_or_a_cron_error(text: str) -> None:
    """What a coordinator types is accepted or refused with a reason, never a crash."""
    try:
        crontab_trigger(text, ZONE_NAME)
    except CronError as error:
        assert str(error)


def test_the_spring_night_fires_a_missing_hour_after_an_earlier_one() -> None:
    """The case the property found: APScheduler's zoned iteration went from 02:00 straight to
    the next day, dropping 03:00, which the spring night skips (it must fire at 04:00)."""
    after = datetime(2026, 3, 28, 22, tzinfo=UTC)  # 00:00 local
    fires = fire_times("0 2,3 * * *", ZONE_NAME, after, after + timedelta(hours=6))
    assert [wall(f).strftime("%H:%M") for f in fires] == ["02:00", "04:00"]
    assert next_fire("0 2,3 * * *", ZONE_NAME, fires[0] + MINUTE) == fires[1]
