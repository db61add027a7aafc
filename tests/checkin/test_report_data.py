"""The report's figures come from the database in a fixed number of queries, at any size."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from handlers.checkin import report_data
from storage.models import (
    Answer,
    Measure,
    MeasureResponsibility,
    MeasureStatus,
    Organisation,
    OrgKind,
    Plan,
    Round,
    Theme,
)

NOW = datetime(2026, 7, 2, 9, tzinfo=UTC)
DONE, PROGRESS, NOT_DONE, SKIP = (
    MeasureStatus.DONE,
    MeasureStatus.IN_PROGRESS,
    MeasureStatus.NOT_DONE,
    MeasureStatus.SKIPPED,
)


@contextmanager
def counting_selects(engine: AsyncEngine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: object) -> None:
        statement = str(args[2])
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def _round(session: AsyncSession, organisations: int) -> Round:
    """Two themes; each organisation owns two measures of theme A, and all share theme B's."""
    plan = Plan(key=f"p{organisations}", name={"fi": "Suunnitelma"})
    session.add(plan)
    await session.flush()
    first = Theme(plan_id=plan.id, key="a", position=1, name={"fi": "A", "sv": "A-sv"})
    second = Theme(plan_id=plan.id, key="b", position=2, name={"fi": "B"})
    session.add_all([first, second])
    await session.flush()
    shared = Measure(theme_id=second.id, key="b1", title={"fi": "Yhteinen"})
    unowned = Measure(theme_id=second.id, key="b2", position=1, title={"fi": "Kenenkään"})
    retired = Measure(theme_id=second.id, key="b3", position=2, title={"fi": "Pois"}, retired=True)
    session.add_all([shared, unowned, retired])
    new = Round(plan_id=plan.id, label="Q3/2026", started_at=NOW)
    session.add(new)
    await session.flush()
    for index in range(organisations):
        org = Organisation(name=f"Org {plan.key} {index:03d}", kind=OrgKind.ASSOCIATION)
        session.add(org)
        await session.flush()
        own = [
            Measure(theme_id=first.id, key=f"a{index}-{n}", position=n, title={"fi": f"T{n}"})
            for n in range(2)
        ]
        session.add_all(own)
        await session.flush()
        for measure in [*own, shared, retired]:
            session.add(MeasureResponsibility(measure_id=measure.id, organisation_id=org.id))
        # Measure 0: in progress, then done (the later counts); measure 1: done, then a skip
        # (never hides it); the shared one: even organisations done, odd not done.
        answers = [
            (own[0], PROGRESS),
            (own[0], DONE),
            (own[1], DONE),
            (own[1], SKIP),
            (shared, DONE if index % 2 == 0 else NOT_DONE),
            (retired, NOT_DONE),
        ]
        for minute, (measure, status) in enumerate(answers):
            session.add(
                Answer(
                    round_id=new.id,
                    measure_id=measure.id,
                    organisation_id=org.id,
                    status=status,
                    answered_at=NOW + timedelta(minutes=minute),
                )
            )
    await session.flush()
    return new


async def _figures(
    sessionmaker: async_sessionmaker[AsyncSession], engine: AsyncEngine, organisations: int
) -> tuple[report_data.Report, int]:
    async with sessionmaker() as session, session.begin():
        found = await _round(session, organisations)
    async with sessionmaker() as session:
        with counting_selects(engine) as statements:
            report = await report_data.build_report(session, found, "sv", details=False)
    return report, len(statements)


async def test_figures_and_a_fixed_number_of_queries(
    sessionmaker: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    _small, small_queries = await _figures(sessionmaker, engine, 2)
    large, large_queries = await _figures(sessionmaker, engine, 12)
    assert large_queries == small_queries  # no query per organisation, measure or answer
    assert small_queries == 7  # the five that count, and the memo's fingerprint (two)

    themes = [(r.name, r.counts) for r in large.themes]
    assert themes == [
        ("A-sv", report_data.Counts(measures=24, done=24)),
        ("B", report_data.Counts(measures=2, in_progress=1, unanswered=1)),
    ]
    assert large.total == report_data.Counts(measures=26, done=24, in_progress=1, unanswered=1)
    assert large.answers == [] and large.people == []
    first = large.organisations[0]
    assert (first.name, first.asked, first.answered) == ("Org p12 000", 3, 3)
    assert first.counts == report_data.Counts(measures=3, done=3)
    odd = large.organisations[1]
    assert odd.counts == report_data.Counts(measures=3, done=2, not_done=1)


async def test_details_mark_the_counting_answers(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        found = await _round(session, 1)
    async with sessionmaker() as session:
        report = await report_data.build_report(session, found, "fi")
    assert [(a.measure_key, a.status, a.counts) for a in report.answers] == [
        ("a0-0", "in_progress", False),
        ("a0-0", "done", True),
        ("a0-1", "done", True),
        ("a0-1", "skipped", False),
        ("b1", "done", True),
    ]
    assert [(p.organisation, p.answers) for p in report.people] == [("Org p1 000", 5)]


def _report(rows: list[tuple[int, str, dict[str, int]]]) -> report_data.Report:
    report = report_data.Report("plan", "Q1", 1, datetime(2026, 1, 1, tzinfo=UTC))
    for theme_id, name, figures in rows:
        counts = report_data.Counts()
        for status, amount in figures.items():
            counts.add(status, amount)
        report.themes.append(report_data.ThemeRow(name, counts, theme_id))
    return report


def test_change_since_matches_themes_by_id_and_counts_a_new_theme_from_nothing() -> None:
    before = _report([(1, "Roads", {"done": 1, "unanswered": 2}), (2, "Gone", {"done": 4})])
    now = _report([(1, "Roads, renamed", {"done": 2, "not_done": 1}), (3, "New", {"done": 1})])
    assert report_data.change_since(now, before) == [
        ("Roads, renamed", [1, 0, 1, -2]),
        ("New", [1, 0, 0, 0]),
    ]
