"""The figures of a check-in report, aggregated by the database.

A national round (1,000 organisations owning 100 measures each: 100,000 answers) used to be
read as 110,000 ORM objects and counted in Python, 6-7 s and 343 MB before any output (issue
12, item 16). Here the database picks the latest real answer per measure and organisation (a
window function, which SQLite and PostgreSQL both have), combines the owners' answers per
measure and counts measures per theme and per organisation; Python gets a few rows per theme
and one per organisation. The answer history (the workbook's "all answers" and "who answered"
sheets) is read only when asked for, as plain rows in one query.

A measure's status over its responsible organisations: done if every organisation that
answered says done, not done if every one says not done, in progress otherwise (any mix, or
any "in progress"); not answered if no organisation answered. Skips never hide an answer.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.checkin import report_memo
from handlers.checkin.report_history import AnswerRow, PersonRow, read_history
from handlers.checkin.rounds import localized
from storage.models import (
    Answer,
    Measure,
    MeasureResponsibility,
    MeasureStatus,
    Organisation,
    Plan,
    Round,
    Theme,
)
from storage.repos.checkin import REAL_STATUSES
from storage.repos.checkin_rounds import EVERYWHERE, OrgScope

STATUS_KEYS = ("done", "in_progress", "not_done", "unanswered")


@dataclass
class Counts:
    measures: int = 0
    done: int = 0
    in_progress: int = 0
    not_done: int = 0
    unanswered: int = 0

    def add(self, status: str, amount: int = 1) -> None:
        self.measures += amount
        setattr(self, status, getattr(self, status) + amount)

    def share(self, status: str) -> float:
        return getattr(self, status) / self.measures if self.measures else 0.0


@dataclass
class ThemeRow:
    name: str
    counts: Counts
    theme_id: int = 0


@dataclass
class OrgRow:
    name: str
    asked: int
    answered: int
    counts: Counts

    @property
    def rate(self) -> float:
        return self.answered / self.asked if self.asked else 0.0


@dataclass
class Report:
    plan: str
    round_label: str
    round_id: int
    started_at: datetime
    themes: list[ThemeRow] = field(default_factory=list)
    total: Counts = field(default_factory=Counts)
    organisations: list[OrgRow] = field(default_factory=list)
    answers: list[AnswerRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)


@dataclass(frozen=True)
class Selection:
    """Which answers a report counts: everything, one organisation's (``/status``), or the
    organisations and themes the coordinator desk's filters keep. The same queries count every
    selection, so a filtered figure on the desk is the chat report's figure for that subset."""

    organisation_id: int | None = None
    scope: OrgScope = EVERYWHERE
    theme_ids: frozenset[int] | None = None

    @property
    def by_organisation(self) -> bool:
        return self.organisation_id is not None or bool(self.scope)

    def organisations(self, column: Any) -> list[ColumnElement[bool]]:
        """Conditions on an organisation id ``column``."""
        conditions: list[ColumnElement[bool]] = []
        if self.organisation_id is not None:
            conditions.append(column == self.organisation_id)
        if self.scope:
            conditions.append(column.in_(self.scope.ids()))
        return conditions

    def themes(self, column: Any) -> list[ColumnElement[bool]]:
        """Conditions on a theme id ``column``."""
        return [] if self.theme_ids is None else [column.in_(sorted(self.theme_ids))]


def change_since(report: Report, previous: Report) -> list[tuple[str, list[int]]]:
    """Per theme of ``report`` (matched by id), how many more or fewer measures each status
    has than in ``previous`` (``STATUS_KEYS`` order): the follow-up between two rounds."""
    before = {row.theme_id: row.counts for row in previous.themes}
    result = []
    for row in report.themes:
        old = before.get(row.theme_id, Counts())
        result.append((row.name, [getattr(row.counts, s) - getattr(old, s) for s in STATUS_KEYS]))
    return result


def combine(statuses: list[MeasureStatus]) -> str:
    """The status of one measure from its owners' latest answers (the rule above)."""
    if not statuses:
        return "unanswered"
    if all(s == MeasureStatus.DONE for s in statuses):
        return "done"
    if all(s == MeasureStatus.NOT_DONE for s in statuses):
        return "not_done"
    return "in_progress"


def _active(statement: Any, plan_id: int) -> Any:
    """Restricts ``statement`` (which selects from ``measure``) to the plan's active measures."""
    return statement.join(Theme, Theme.id == Measure.theme_id).where(
        Theme.plan_id == plan_id, Measure.retired.is_(False)
    )


def _latest(round_id: int, selection: Selection) -> Any:
    """The latest real answer per (measure, organisation) of the round, from its owners only.

    A common table expression: ``_answered`` reads it twice in one statement, and SQLite and
    PostgreSQL compute a CTE used twice once. Joined to ``measure_responsibility`` by its
    primary key, so each row finds its owner by an index lookup (SQLite cannot index a derived
    table: joining two of them scanned one for every row of the other, 16 s at 10,000 answers).
    """
    ranked = select(
        Answer.measure_id,
        Answer.organisation_id,
        Answer.status,
        func.row_number()
        .over(
            partition_by=(Answer.measure_id, Answer.organisation_id),
            order_by=(Answer.answered_at.desc(), Answer.id.desc()),
        )
        .label("position"),
    ).where(
        Answer.round_id == round_id,
        Answer.status.in_(REAL_STATUSES),
        *selection.organisations(Answer.organisation_id),
    )
    if selection.theme_ids is not None:
        chosen = select(Measure.id).where(*selection.themes(Measure.theme_id))
        ranked = ranked.where(Answer.measure_id.in_(chosen))
    inner = ranked.subquery("ranked")
    owner = and_(
        MeasureResponsibility.measure_id == inner.c.measure_id,
        MeasureResponsibility.organisation_id == inner.c.organisation_id,
    )
    return (
        select(inner.c.measure_id, inner.c.organisation_id, inner.c.status)
        .join(MeasureResponsibility, owner)
        .where(inner.c.position == 1)
        .cte("latest")
    )


def _is(column: Any, status: MeasureStatus) -> Any:
    return func.sum(case((column == status, 1), else_=0))


Figures = dict[int, tuple[int, ...]]


async def _answered(session: AsyncSession, plan_id: int, latest: Any) -> tuple[Figures, Figures]:
    """From the latest answers, in one statement: per theme the measures (done, in progress,
    not done) and per organisation the answers (count, done, in progress, not done)."""
    per_measure = (
        select(
            latest.c.measure_id,
            func.count().label("answered"),
            _is(latest.c.status, MeasureStatus.DONE).label("done"),
            _is(latest.c.status, MeasureStatus.NOT_DONE).label("not_done"),
        )
        .group_by(latest.c.measure_id)
        .subquery("per_measure")
    )
    answered, done, not_done = per_measure.c.answered, per_measure.c.done, per_measure.c.not_done
    themes = select(
        literal("theme"),
        Measure.theme_id,
        func.sum(case((done == answered, 1), else_=0)),
        func.sum(case((done == answered, 0), (not_done == answered, 0), else_=1)),
        func.sum(case((not_done == answered, 1), else_=0)),
        literal(0),
    ).select_from(per_measure.join(Measure, Measure.id == per_measure.c.measure_id))
    status = latest.c.status
    organisations = select(
        literal("organisation"),
        latest.c.organisation_id,
        func.count(),
        _is(status, MeasureStatus.DONE),
        _is(status, MeasureStatus.IN_PROGRESS),
        _is(status, MeasureStatus.NOT_DONE),
    ).select_from(latest.join(Measure, Measure.id == latest.c.measure_id))
    statement = union_all(
        _active(themes, plan_id).group_by(Measure.theme_id),
        _active(organisations, plan_id).group_by(latest.c.organisation_id),
    )
    by_theme: Figures = {}
    by_organisation: Figures = {}
    for kind, key, *figures in await session.execute(statement):
        target = by_theme if kind == "theme" else by_organisation
        target[int(key)] = tuple(int(x or 0) for x in figures)
    return by_theme, by_organisation


async def _theme_counts(
    session: AsyncSession,
    plan_id: int,
    themes: Sequence[int],
    counted: Figures,
    selection: Selection,
) -> list[tuple[int, list[int]]]:
    """(theme id, [done, in progress, not done, not answered]) of ``themes`` that have measures."""
    measures = select(Measure.theme_id, func.count(Measure.id.distinct())).group_by(
        Measure.theme_id
    )
    if selection.by_organisation:
        owned = selection.organisations(MeasureResponsibility.organisation_id)
        measures = measures.join(
            MeasureResponsibility, and_(MeasureResponsibility.measure_id == Measure.id, *owned)
        )
    totals = dict((await session.execute(_active(measures, plan_id))).all())
    result = []
    for theme_id in themes:
        if theme_id not in totals:
            continue
        figures = list(counted.get(theme_id, (0, 0, 0, 0))[:3])
        result.append((theme_id, [*figures, int(totals[theme_id]) - sum(figures)]))
    return result


async def _org_rows(
    session: AsyncSession, plan_id: int, figures: Figures, selection: Selection
) -> list[OrgRow]:
    """Per responsible organisation: measures asked, answered, and the answers' statuses."""
    asked = (
        select(Organisation.id, Organisation.name, func.count())
        .select_from(Measure)
        .join(MeasureResponsibility, MeasureResponsibility.measure_id == Measure.id)
        .join(Organisation, Organisation.id == MeasureResponsibility.organisation_id)
        .group_by(Organisation.id, Organisation.name)
    )
    asked = asked.where(
        *selection.organisations(Organisation.id), *selection.themes(Measure.theme_id)
    )
    result = []
    for org_id, name, total in await session.execute(_active(asked, plan_id)):
        count, done, in_progress, not_done = figures.get(org_id, (0, 0, 0, 0))
        counts = Counts()
        for key, amount in (
            ("done", done),
            ("in_progress", in_progress),
            ("not_done", not_done),
            ("unanswered", total - count),
        ):
            counts.add(key, int(amount))
        result.append(OrgRow(name, int(total), int(count), counts))
    return sorted(result, key=lambda r: r.name.lower())


async def plan_themes(
    session: AsyncSession, plan_id: int, language: str, *conditions: ColumnElement[bool]
) -> dict[int, str]:
    """A plan's themes in the plan's order, id -> name in ``language`` (the report's rows and
    the desk's theme filter read the same list)."""
    return {
        theme_id: localized(name, language)
        for theme_id, name in await session.execute(
            select(Theme.id, Theme.name)
            .where(Theme.plan_id == plan_id, *conditions)
            .order_by(Theme.position, Theme.id)
        )
    }


async def build_report(
    session: AsyncSession,
    round_: Round,
    language: str,
    organisation_id: int | None = None,
    *,
    details: bool = True,
    scope: OrgScope = EVERYWHERE,
    theme_ids: Collection[int] | None = None,
) -> Report:
    """The report of ``round_``; with ``organisation_id`` only that organisation's measures,
    with ``scope`` only the measures of those organisations (a measure counts its owners in
    the scope), with ``theme_ids`` only those themes.

    ``details=False`` leaves out the answer history and the people (only the workbook shows
    them), which is what makes the table, the CSV and the chart cheap at any size.
    """
    selection = Selection(
        organisation_id, scope, None if theme_ids is None else frozenset(theme_ids)
    )
    plan = await session.get(Plan, round_.plan_id)
    assert plan is not None
    report = Report(
        plan=localized(plan.name, language),
        round_label=round_.label,
        round_id=round_.id,
        started_at=round_.started_at,
    )
    themes = await plan_themes(session, plan.id, language, *selection.themes(Theme.id))

    async def count() -> tuple[list[tuple[int, list[int]]], list[OrgRow]]:
        latest = _latest(round_.id, selection)
        by_theme, by_organisation = await _answered(session, plan.id, latest)
        counted = await _theme_counts(session, plan.id, list(themes), by_theme, selection)
        return counted, await _org_rows(session, plan.id, by_organisation, selection)

    memo_key = (round_.id, plan.id, selection, tuple(themes))
    counted, organisations = await report_memo.FIGURES.get(session, round_.id, memo_key, count)
    for theme_id, figures in counted:
        row = ThemeRow(themes[theme_id], Counts(), theme_id)
        for key, amount in zip(STATUS_KEYS, figures, strict=True):
            row.counts.add(key, amount)
            report.total.add(key, amount)
        report.themes.append(row)
    report.organisations = list(organisations)  # the rows are shared with the memo: read only
    if details:
        conditions = [
            *selection.organisations(Answer.organisation_id),
            *selection.themes(Measure.theme_id),
        ]
        report.answers, report.people = await read_history(
            session, plan.id, round_.id, language, themes, conditions
        )
    return report
