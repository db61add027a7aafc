"""Plans, rounds, schedules and answers of the check-ins.

Answers are append-only: every answer given is a new row, and the latest row per (round,
measure, organisation) counts. A "skipped" row only records that the measure was passed over;
it never hides an earlier real answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from storage.models import (
    Answer,
    Contact,
    Measure,
    MeasureResponsibility,
    MeasureStatus,
    Plan,
    Round,
    RoundRequest,
    Schedule,
    Theme,
)
from storage.repos.locking import skip_locked

REAL_STATUSES = (MeasureStatus.DONE, MeasureStatus.IN_PROGRESS, MeasureStatus.NOT_DONE)


class CheckinError(LookupError):
    """A plan, round or schedule that does not exist; the message is meant for a person."""


async def get_plan(session: AsyncSession, key: str | None = None) -> Plan:
    """The plan with ``key``, or the most recently created one."""
    statement = select(Plan).options(selectinload(Plan.themes))
    if key:
        statement = statement.where(Plan.key == key)
    else:
        statement = statement.order_by(Plan.created_at.desc(), Plan.id.desc()).limit(1)
    plan = await session.scalar(statement)
    if plan is None:
        raise CheckinError(f"no plan {key!r}" if key else "no plan imported yet")
    return plan


async def plan_measures(session: AsyncSession, plan_id: int) -> list[Measure]:
    """The plan's active measures in order (theme, then measure), with theme and owners."""
    rows = await session.scalars(
        select(Measure)
        .join(Theme, Theme.id == Measure.theme_id)
        .where(Theme.plan_id == plan_id, Measure.retired.is_(False))
        .options(selectinload(Measure.theme), selectinload(Measure.responsibilities))
        .order_by(Theme.position, Theme.id, Measure.position, Measure.id)
    )
    return list(rows)


async def org_measures(session: AsyncSession, plan_id: int, organisation_id: int) -> list[Measure]:
    """The measures ``organisation_id`` is responsible for, in plan order, with their theme.

    Filtered in SQL: loading every measure with all its owners and filtering here cost one ORM
    object per responsible organisation on every tap (4,000 at national scale, about 60 ms of
    CPU a step in ``python -m bench national``).
    """
    rows = await session.scalars(
        select(Measure)
        .join(Theme, Theme.id == Measure.theme_id)
        .join(MeasureResponsibility, MeasureResponsibility.measure_id == Measure.id)
        .where(
            Theme.plan_id == plan_id,
            Measure.retired.is_(False),
            MeasureResponsibility.organisation_id == organisation_id,
        )
        .options(selectinload(Measure.theme))
        .order_by(Theme.position, Theme.id, Measure.position, Measure.id)
    )
    return list(rows)


async def get_round(session: AsyncSession, round_id: int) -> Round | None:
    return await session.get(Round, round_id)


async def find_round(session: AsyncSession, ref: str | None) -> Round:
    """A round by id or label (latest with that label); the latest round when ``ref`` is None."""
    statement = select(Round).order_by(Round.started_at.desc(), Round.id.desc()).limit(1)
    if ref:
        if ref.isdigit():
            statement = statement.where(Round.id == int(ref))
        else:
            statement = statement.where(func.lower(Round.label) == ref.lower())
    found = await session.scalar(statement)
    if found is None:
        raise CheckinError(f"no round {ref!r}" if ref else "no round started yet")
    return found


async def list_rounds(session: AsyncSession, limit: int = 20) -> list[Round]:
    rows = await session.scalars(
        select(Round).order_by(Round.started_at.desc(), Round.id.desc()).limit(limit)
    )
    return list(rows)


async def open_round_for(session: AsyncSession, organisation_id: int) -> Round | None:
    """The newest open round that asks ``organisation_id`` something."""
    return await session.scalar(
        select(Round)
        .join(RoundRequest, RoundRequest.round_id == Round.id)
        .where(RoundRequest.organisation_id == organisation_id, Round.closed_at.is_(None))
        .order_by(Round.started_at.desc(), Round.id.desc())
        .limit(1)
    )


async def latest_round_for(session: AsyncSession, organisation_id: int) -> Round | None:
    return await session.scalar(
        select(Round)
        .join(RoundRequest, RoundRequest.round_id == Round.id)
        .where(RoundRequest.organisation_id == organisation_id)
        .order_by(Round.started_at.desc(), Round.id.desc())
        .limit(1)
    )


async def round_request(
    session: AsyncSession, round_id: int, organisation_id: int
) -> RoundRequest | None:
    return await session.scalar(
        select(RoundRequest).where(
            RoundRequest.round_id == round_id, RoundRequest.organisation_id == organisation_id
        )
    )


async def record_answer(
    session: AsyncSession,
    round_id: int,
    measure_id: int,
    organisation_id: int,
    contact_id: int | None,
    status: MeasureStatus,
    language: str | None,
    now: datetime,
    comment: str | None = None,
) -> Answer:
    answer = Answer(
        round_id=round_id,
        measure_id=measure_id,
        organisation_id=organisation_id,
        contact_id=contact_id,
        status=status,
        comment=comment,
        language=language,
        answered_at=now,
    )
    session.add(answer)
    await session.flush()
    return answer


async def answer_history(
    session: AsyncSession, round_id: int, organisation_id: int | None = None
) -> list[Answer]:
    """All answers of a round (optionally one organisation's), oldest first."""
    statement = select(Answer).where(Answer.round_id == round_id)
    if organisation_id is not None:
        statement = statement.where(Answer.organisation_id == organisation_id)
    rows = await session.scalars(statement.order_by(Answer.answered_at, Answer.id))
    return list(rows)


def latest_answers(history: Sequence[Answer]) -> dict[tuple[int, int], Answer]:
    """The latest real (not skipped) answer per (measure, organisation)."""
    latest: dict[tuple[int, int], Answer] = {}
    for answer in history:
        if answer.status in REAL_STATUSES:
            latest[(answer.measure_id, answer.organisation_id)] = answer
    return latest


def shown_answers(history: Sequence[Answer], organisation_id: int) -> dict[int, Answer]:
    """Per measure of the organisation, what the contact sees: the latest real answer, else the
    latest skip. A skip is shown as "Skipped" (the thank-you, /status, the check-in) and counted
    as not answered in the report; it never hides a real answer."""
    shown: dict[int, Answer] = {}
    for answer in history:
        if answer.organisation_id != organisation_id:
            continue
        current = shown.get(answer.measure_id)
        hides_a_real_answer = current is not None and current.status in REAL_STATUSES
        if answer.status in REAL_STATUSES or not hides_a_real_answer:
            shown[answer.measure_id] = answer
    return shown


def touched(history: Sequence[Answer], organisation_id: int) -> set[int]:
    """Measures the organisation answered or skipped: where a conversation resumes from."""
    return {a.measure_id for a in history if a.organisation_id == organisation_id}


async def contacts_of(session: AsyncSession, organisation_id: int) -> list[Contact]:
    rows = await session.scalars(
        select(Contact)
        .options(selectinload(Contact.organisation))
        .where(Contact.organisation_id == organisation_id, Contact.telegram_user_id.is_not(None))
        .order_by(Contact.id)
    )
    return list(rows)


async def contacts_by_id(session: AsyncSession, ids: set[int]) -> dict[int, Contact]:
    if not ids:
        return {}
    rows = await session.scalars(select(Contact).where(Contact.id.in_(ids)))
    return {c.id: c for c in rows}


async def list_schedules(session: AsyncSession, active_only: bool = True) -> list[Schedule]:
    statement = select(Schedule).where(Schedule.kind == "round").order_by(Schedule.id)
    if active_only:
        statement = statement.where(Schedule.active.is_(True))
    return list(await session.scalars(statement))


async def round_for_fire(
    session: AsyncSession, schedule_id: int, scheduled_for: datetime
) -> Round | None:
    return await session.scalar(
        select(Round).where(
            and_(Round.schedule_id == schedule_id, Round.scheduled_for == scheduled_for)
        )
    )


@dataclass(frozen=True)
class RequestProgress:
    request: RoundRequest
    asked: int
    answered: int


async def uninvited_requests(
    session: AsyncSession, round_id: int, limit: int | None = None
) -> list[RoundRequest]:
    """The round's requests not yet invited, claimed for this transaction (oldest first).

    Rows another transaction is inviting are skipped, not waited for and then invited again:
    the round's cron job and the minute housekeeping may run at once (issue 19, item 1).
    """
    statement = (
        select(RoundRequest)
        .where(RoundRequest.round_id == round_id, RoundRequest.invited_at.is_(None))
        .order_by(RoundRequest.id)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return list(await session.scalars(skip_locked(session, statement, RoundRequest)))


async def reminders_due(
    session: AsyncSession,
    now: datetime,
    after: timedelta,
    at_most: int,
    *,
    round_id: int | None = None,
    organisations: Select[Any] | None = None,
) -> list[RoundRequest]:
    """Requests of open rounds, not completed, whose next reminder is due, claimed.

    Due: invited, fewer than ``at_most`` reminders, and the invitation (or the last reminder)
    ``after`` ago. Filtered in SQL so that only these rows are locked, and a request another
    transaction is reminding is skipped (issue 19, item 1: two runs reminded everyone twice).
    The scheduled reminders ask for every round; the desk's for one round (``round_id``) and
    the organisations its filters keep (``organisations``: a statement selecting their ids).
    """
    since = func.coalesce(RoundRequest.last_reminder_at, RoundRequest.invited_at)
    statement = (
        select(RoundRequest)
        .join(Round, Round.id == RoundRequest.round_id)
        .options(selectinload(RoundRequest.round))
        .where(
            Round.closed_at.is_(None),
            RoundRequest.completed_at.is_(None),
            RoundRequest.invited_at.is_not(None),
            RoundRequest.reminders_sent < at_most,
            since <= now - after,
        )
        .order_by(RoundRequest.id)
    )
    if round_id is not None:
        statement = statement.where(RoundRequest.round_id == round_id)
    if organisations is not None:
        statement = statement.where(RoundRequest.organisation_id.in_(organisations))
    return list(await session.scalars(skip_locked(session, statement, RoundRequest)))


async def responsible_org_ids(session: AsyncSession, plan_id: int) -> list[int]:
    rows = await session.scalars(
        select(MeasureResponsibility.organisation_id)
        .join(Measure, Measure.id == MeasureResponsibility.measure_id)
        .join(Theme, Theme.id == Measure.theme_id)
        .where(Theme.plan_id == plan_id, Measure.retired.is_(False))
        .distinct()
    )
    return sorted(set(rows))


async def measure_counts(session: AsyncSession, plan_id: int) -> dict[int, int]:
    """``organisation id -> how many current measures of the plan it is responsible for``."""
    rows = await session.execute(
        select(MeasureResponsibility.organisation_id, func.count(Measure.id.distinct()))
        .join(Measure, Measure.id == MeasureResponsibility.measure_id)
        .join(Theme, Theme.id == Measure.theme_id)
        .where(Theme.plan_id == plan_id, Measure.retired.is_(False))
        .group_by(MeasureResponsibility.organisation_id)
    )
    return {int(org_id): int(count) for org_id, count in rows}


async def contacts_of_organisations(
    session: AsyncSession, organisation_ids: list[int]
) -> dict[int, list[Contact]]:
    """The onboarded contacts of each organisation (with the organisation loaded), one query."""
    result: dict[int, list[Contact]] = {}
    if not organisation_ids:
        return result
    rows = await session.scalars(
        select(Contact)
        .options(joinedload(Contact.organisation))
        .where(Contact.organisation_id.in_(organisation_ids), Contact.telegram_user_id.is_not(None))
        .order_by(Contact.id)
    )
    for contact in rows:
        assert contact.organisation_id is not None
        result.setdefault(contact.organisation_id, []).append(contact)
    return result
