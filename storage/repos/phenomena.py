"""Phenomenon reports: drafts, sent reports, filters, counts for digests, replies, follow-ups."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, load_only, raiseload, selectinload

from storage.models import (
    Contact,
    PhenomenonFollowUp,
    PhenomenonReply,
    PhenomenonReport,
    ReportStatus,
    Role,
)

DRAFT_KEPT = timedelta(days=7)


def _loaded() -> Select[PhenomenonReport]:
    return select(PhenomenonReport).options(
        selectinload(PhenomenonReport.contact),
        selectinload(PhenomenonReport.organisation),
        selectinload(PhenomenonReport.replies),
        selectinload(PhenomenonReport.follow_ups),
    )


async def get_report(session: AsyncSession, report_id: int) -> PhenomenonReport | None:
    return await session.scalar(_loaded().where(PhenomenonReport.id == report_id))


async def open_draft(
    session: AsyncSession, contact: Contact, now: datetime
) -> PhenomenonReport | None:
    """The person's latest draft still kept (changed within the last 7 days)."""
    return await session.scalar(
        _loaded()
        .where(
            PhenomenonReport.contact_id == contact.id,
            PhenomenonReport.status == ReportStatus.DRAFT,
            PhenomenonReport.updated_at >= now - DRAFT_KEPT,
        )
        .order_by(PhenomenonReport.updated_at.desc(), PhenomenonReport.id.desc())
        .limit(1)
    )


async def new_draft(
    session: AsyncSession, contact: Contact, language: str, now: datetime
) -> PhenomenonReport:
    """Starts a draft; the person's older drafts are dropped (one open report at a time)."""
    await session.execute(
        delete(PhenomenonReport).where(
            PhenomenonReport.contact_id == contact.id,
            PhenomenonReport.status == ReportStatus.DRAFT,
        )
    )
    report = PhenomenonReport(
        status=ReportStatus.DRAFT,
        contact_id=contact.id,
        organisation_id=contact.organisation_id,
        language=language,
        text="",
        media=[],
        affected=[],
        created_at=now,
        updated_at=now,
    )
    session.add(report)
    await session.flush()
    loaded = await get_report(session, report.id)
    assert loaded is not None
    return loaded


async def delete_old_drafts(session: AsyncSession, now: datetime) -> int:
    """Deletes drafts nobody touched for 7 days; returns how many."""
    result = await session.execute(
        delete(PhenomenonReport).where(
            PhenomenonReport.status == ReportStatus.DRAFT,
            PhenomenonReport.updated_at < now - DRAFT_KEPT,
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ReportFilter:
    category: str | None = None
    municipality: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _conditions(flt: ReportFilter) -> list[ColumnElement[bool]]:
    """The WHERE clauses of ``flt`` over sent reports: one definition for the lists, the
    counts and the per-category and per-municipality figures (chat, digest, desk, exports)."""
    conditions: list[ColumnElement[bool]] = [PhenomenonReport.status == ReportStatus.SENT]
    if flt.category:
        conditions.append(PhenomenonReport.category == flt.category)
    if flt.municipality:
        conditions.append(PhenomenonReport.municipality == flt.municipality)
    if flt.since is not None:
        conditions.append(PhenomenonReport.sent_at >= flt.since)
    if flt.until is not None:
        conditions.append(PhenomenonReport.sent_at < flt.until)
    return conditions


def _filtered(flt: ReportFilter) -> Select[PhenomenonReport]:
    return _loaded().where(*_conditions(flt))


async def count_reports(session: AsyncSession, flt: ReportFilter) -> int:
    subquery = _filtered(flt).with_only_columns(PhenomenonReport.id).subquery()
    return int(await session.scalar(select(func.count()).select_from(subquery)) or 0)


async def list_reports(
    session: AsyncSession, flt: ReportFilter, offset: int = 0, limit: int | None = None
) -> list[PhenomenonReport]:
    """Sent reports matching ``flt``, newest first."""
    statement = _filtered(flt).order_by(PhenomenonReport.sent_at.desc(), PhenomenonReport.id.desc())
    if offset:
        statement = statement.offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    return list(await session.scalars(statement))


async def report_places(
    session: AsyncSession, flt: ReportFilter, limit: int
) -> list[PhenomenonReport]:
    """The newest ``limit`` sent reports matching ``flt`` with only what places them on a map
    (category, municipality, pin, sent_at) and whether their reporter's name may be shown
    (``show_name`` and the contact's identity): a map of hundreds of reports loads neither
    their texts nor their replies. Any other attribute raises instead of loading."""
    report = PhenomenonReport
    statement = (
        select(report)
        .options(
            load_only(
                report.id,
                report.category,
                report.municipality,
                report.municipality_guess,
                report.latitude,
                report.longitude,
                report.sent_at,
                report.show_name,
                report.contact_id,
            ),
            joinedload(report.contact).load_only(
                Contact.display_name, Contact.telegram_user_id, Contact.forgotten_at
            ),
            raiseload("*"),
        )
        .where(*_conditions(flt))
        .order_by(report.sent_at.desc(), report.id.desc())
        .limit(limit)
    )
    return list(await session.scalars(statement))


@dataclass(frozen=True)
class PeriodCounts:
    total: int
    by_category: Counter[str]
    by_municipality: Counter[str]  # "" for reports without a municipality


async def report_counts(session: AsyncSession, flt: ReportFilter) -> PeriodCounts:
    """How many sent reports match ``flt``, in all, per category and per municipality."""
    category, municipality = PhenomenonReport.category, PhenomenonReport.municipality
    rows = await session.execute(
        select(category, municipality, func.count())
        .where(*_conditions(flt))
        .group_by(category, municipality)
    )
    categories: Counter[str] = Counter()
    municipalities: Counter[str] = Counter()
    total = 0
    for key, place, count in rows.all():
        total += count
        categories[key or "other"] += count
        municipalities[place or ""] += count
    return PeriodCounts(total, categories, municipalities)


async def period_counts(session: AsyncSession, since: datetime, until: datetime) -> PeriodCounts:
    """``report_counts`` of every report sent in ``[since, until)`` (the digest's periods)."""
    return await report_counts(session, ReportFilter(since=since, until=until))


async def follow_up_counts(
    session: AsyncSession, since: datetime, until: datetime
) -> dict[int, int]:
    """Report id → how many additions its reporter sent in ``[since, until)``."""
    rows = await session.execute(
        select(PhenomenonFollowUp.report_id, func.count())
        .where(PhenomenonFollowUp.sent_at >= since, PhenomenonFollowUp.sent_at < until)
        .group_by(PhenomenonFollowUp.report_id)
        .order_by(PhenomenonFollowUp.report_id)
    )
    return {int(report_id): int(count) for report_id, count in rows.all()}


async def reports_of(session: AsyncSession, contact: Contact) -> list[PhenomenonReport]:
    """Everything a person reported (drafts too), oldest first, with replies."""
    return list(
        await session.scalars(
            _loaded()
            .where(PhenomenonReport.contact_id == contact.id)
            .order_by(PhenomenonReport.created_at, PhenomenonReport.id)
        )
    )


async def add_reply(
    session: AsyncSession,
    report: PhenomenonReport,
    coordinator_id: int | None,
    text: str,
    now: datetime,
) -> PhenomenonReply:
    reply = PhenomenonReply(
        report_id=report.id,
        coordinator_id=coordinator_id,
        text=text,
        created_at=now,
        delivery="pending",
    )
    session.add(reply)
    await session.flush()
    return reply


async def mark_handled(
    session: AsyncSession, report: PhenomenonReport, coordinator_id: int | None, now: datetime
) -> bool:
    """Marks a sent report handled; False (nothing written) if it was handled already.

    The UPDATE holds only while ``handled_at`` is still empty, so two coordinators marking the
    same report at once leave the first one's name and time, not the last one's.
    """
    result = await session.execute(
        update(PhenomenonReport)
        .where(PhenomenonReport.id == report.id, PhenomenonReport.handled_at.is_(None))
        .values(handled_at=now, handled_by=coordinator_id)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return False
    report.handled_at, report.handled_by = now, coordinator_id
    return True


async def coordinators(session: AsyncSession) -> list[Contact]:
    """Coordinators and admins who still have a Telegram identity."""
    return list(
        await session.scalars(
            select(Contact)
            .options(selectinload(Contact.organisation))
            .where(
                Contact.role.in_([Role.COORDINATOR, Role.ADMIN]),
                Contact.telegram_user_id.is_not(None),
            )
            .order_by(Contact.id)
        )
    )


async def sent_reports_of(
    session: AsyncSession, contact: Contact, limit: int = 10
) -> list[PhenomenonReport]:
    """The person's own sent reports, newest first (what /myreports lists)."""
    return list(
        await session.scalars(
            _loaded()
            .where(
                PhenomenonReport.contact_id == contact.id,
                PhenomenonReport.status == ReportStatus.SENT,
            )
            .order_by(PhenomenonReport.sent_at.desc(), PhenomenonReport.id.desc())
            .limit(limit)
        )
    )


async def follow_up_draft(
    session: AsyncSession, report: PhenomenonReport, contact: Contact
) -> PhenomenonFollowUp | None:
    """The person's unsent follow-up to ``report``, if they started one."""
    return await session.scalar(
        select(PhenomenonFollowUp)
        .where(
            PhenomenonFollowUp.report_id == report.id,
            PhenomenonFollowUp.contact_id == contact.id,
            PhenomenonFollowUp.sent_at.is_(None),
        )
        .order_by(PhenomenonFollowUp.id.desc())
        .limit(1)
    )


async def new_follow_up(
    session: AsyncSession, report: PhenomenonReport, contact: Contact, now: datetime
) -> PhenomenonFollowUp:
    """Starts a follow-up draft; it joins ``report.follow_ups`` in memory too."""
    follow_up = PhenomenonFollowUp(
        report=report, contact_id=contact.id, text="", media=[], created_at=now, updated_at=now
    )
    session.add(follow_up)
    await session.flush()
    return follow_up


async def follow_ups_of(session: AsyncSession, contact: Contact) -> list[PhenomenonFollowUp]:
    """Everything a person added to their reports (drafts too), oldest first."""
    return list(
        await session.scalars(
            select(PhenomenonFollowUp)
            .where(PhenomenonFollowUp.contact_id == contact.id)
            .order_by(PhenomenonFollowUp.created_at, PhenomenonFollowUp.id)
        )
    )


async def delete_old_follow_up_drafts(session: AsyncSession, now: datetime) -> int:
    """Deletes unsent follow-ups nobody added to for 7 days; returns how many."""
    result = await session.execute(
        delete(PhenomenonFollowUp).where(
            PhenomenonFollowUp.sent_at.is_(None),
            PhenomenonFollowUp.updated_at < now - DRAFT_KEPT,
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def repliers(session: AsyncSession, report: PhenomenonReport) -> list[Contact]:
    """Coordinators and admins who replied to ``report`` and still have a Telegram identity."""
    ids = {reply.coordinator_id for reply in report.replies if reply.coordinator_id is not None}
    if not ids:
        return []
    return list(
        await session.scalars(
            select(Contact)
            .options(selectinload(Contact.organisation))
            .where(
                Contact.id.in_(ids),
                Contact.role.in_([Role.COORDINATOR, Role.ADMIN]),
                Contact.telegram_user_id.is_not(None),
            )
            .order_by(Contact.id)
        )
    )
