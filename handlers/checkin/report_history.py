"""The answer history of a check-in report: every answer and who gave it (the workbook only).

Read as plain rows in one query, and only when asked for: the table, the chart, the CSV and
the desk need the counts of ``report_data`` alone. Kept apart from ``report_data`` by size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.checkin.rounds import localized
from storage.models import Answer, Contact, Measure, Organisation, Theme
from storage.repos.checkin import REAL_STATUSES


@dataclass
class AnswerRow:
    theme: str
    measure_key: str
    measure: str
    organisation: str
    status: str
    comment: str
    person: str  # empty for a forgotten person or an import
    language: str
    answered_at: datetime
    counts: bool


@dataclass
class PersonRow:
    person: str
    organisation: str
    language: str
    answers: int
    last: datetime


async def read_history(
    session: AsyncSession,
    plan_id: int,
    round_id: int,
    language: str,
    theme_names: dict[int, str],
    conditions: Sequence[ColumnElement[bool]] = (),
) -> tuple[list[AnswerRow], list[PersonRow]]:
    """Every answer of the round (oldest first) and who gave them, read as plain rows;
    ``conditions`` on ``answer`` and ``measure`` narrow them (the report's selection)."""
    statement = (
        select(
            Answer.id,
            Answer.measure_id,
            Answer.organisation_id,
            Answer.contact_id,
            Answer.status,
            Answer.comment,
            Answer.language,
            Answer.answered_at,
            Measure.key,
            Measure.title,
            Measure.theme_id,
            Organisation.name,
            Contact.telegram_user_id,
            Contact.display_name,
        )
        .join(Measure, Measure.id == Answer.measure_id)
        .join(Theme, Theme.id == Measure.theme_id)
        .join(Organisation, Organisation.id == Answer.organisation_id)
        .outerjoin(Contact, Contact.id == Answer.contact_id)
        .where(Answer.round_id == round_id, Theme.plan_id == plan_id, Measure.retired.is_(False))
        .order_by(Answer.answered_at, Answer.id)
    )
    statement = statement.where(*conditions)
    rows: Sequence[Any] = (await session.execute(statement)).all()
    latest: dict[tuple[int, int], int] = {}
    for row in rows:
        if row.status in REAL_STATUSES:
            latest[(row.measure_id, row.organisation_id)] = row.id
    counting = set(latest.values())
    titles: dict[int, str] = {}
    people: dict[tuple[int | None, int], PersonRow] = {}
    answers: list[AnswerRow] = []
    for row in rows:
        title = titles.get(row.measure_id)
        if title is None:
            title = titles[row.measure_id] = localized(row.title, language)
        person = (row.display_name or "") if row.telegram_user_id is not None else ""
        answers.append(
            AnswerRow(
                theme=theme_names[row.theme_id],
                measure_key=row.key,
                measure=title,
                organisation=row.name,
                status=row.status.value,
                comment=row.comment or "",
                person=person,
                language=row.language or "",
                answered_at=row.answered_at,
                counts=row.id in counting,
            )
        )
        key = (row.contact_id, row.organisation_id)
        entry = people.get(key)
        if entry is None:
            entry = people[key] = PersonRow(
                person, row.name, row.language or "", 0, row.answered_at
            )
        entry.answers += 1
        entry.last = max(entry.last, row.answered_at)
    return answers, sorted(people.values(), key=lambda p: (p.organisation, p.person))
