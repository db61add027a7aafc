"""The progress of check-in rounds and the organisations still to answer, by the database.

What ``/rounds`` in the chat and the coordinator desk both show comes from here (and the
per-theme figures from ``handlers/checkin/report_data.py``), so the two can never disagree.
Kept apart from ``checkin.py`` by size only. ``OrgScope`` is the desk's filter by
municipality and organisation kind, which the report's queries take too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Contact, Organisation, OrgKind, Round, RoundRequest


@dataclass(frozen=True)
class OrgScope:
    """Which organisations a report or a round's progress counts (the desk's filters); the
    empty scope is every organisation."""

    municipality: str | None = None
    kind: OrgKind | None = None

    def __bool__(self) -> bool:
        return self.municipality is not None or self.kind is not None

    def ids(self) -> Select[Any]:
        statement = select(Organisation.id)
        if self.municipality is not None:
            statement = statement.where(Organisation.municipality == self.municipality)
        if self.kind is not None:
            statement = statement.where(Organisation.kind == self.kind)
        return statement


EVERYWHERE: Final = OrgScope()


@dataclass(frozen=True)
class RoundProgress:
    """A round's organisations: asked (invited or still to invite), invited, finished, and the
    reminders sent to them."""

    asked: int
    invited: int
    finished: int
    reminders: int

    @property
    def waiting(self) -> int:
        return self.asked - self.finished


async def round_progress(
    session: AsyncSession, round_ids: Sequence[int], scope: OrgScope = EVERYWHERE
) -> dict[int, RoundProgress]:
    """Per round, in one statement: what ``/rounds`` in the chat and the desk both show."""
    statement = (
        select(
            RoundRequest.round_id,
            func.count(),
            func.count(RoundRequest.invited_at),
            func.count(RoundRequest.completed_at),
            func.coalesce(func.sum(RoundRequest.reminders_sent), 0),
        )
        .where(RoundRequest.round_id.in_(list(round_ids)))
        .group_by(RoundRequest.round_id)
    )
    if scope:
        statement = statement.where(RoundRequest.organisation_id.in_(scope.ids()))
    found = {
        int(round_id): RoundProgress(int(asked), int(invited), int(finished), int(reminders))
        for round_id, asked, invited, finished, reminders in await session.execute(statement)
    }
    return {round_id: found.get(round_id, RoundProgress(0, 0, 0, 0)) for round_id in round_ids}


async def previous_round(session: AsyncSession, round_: Round) -> Round | None:
    """The round of the same plan started just before ``round_``: what "change since" means."""
    return await session.scalar(
        select(Round)
        .where(
            Round.plan_id == round_.plan_id,
            Round.id != round_.id,
            (Round.started_at < round_.started_at)
            | ((Round.started_at == round_.started_at) & (Round.id < round_.id)),
        )
        .order_by(Round.started_at.desc(), Round.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class Waiting:
    """An organisation asked in a round that has not finished: who to chase, and how often
    it was reminded."""

    organisation: str
    contacts: tuple[str, ...]
    reminders: int
    last_reminder_at: datetime | None


async def waiting_organisations(
    session: AsyncSession, round_id: int, scope: OrgScope = EVERYWHERE
) -> list[Waiting]:
    """The round's unfinished organisations by name, with their onboarded contacts' names."""
    statement = (
        select(
            RoundRequest.organisation_id,
            Organisation.name,
            RoundRequest.reminders_sent,
            RoundRequest.last_reminder_at,
        )
        .join(Organisation, Organisation.id == RoundRequest.organisation_id)
        .where(RoundRequest.round_id == round_id, RoundRequest.completed_at.is_(None))
        .order_by(func.lower(Organisation.name))
    )
    if scope:
        statement = statement.where(RoundRequest.organisation_id.in_(scope.ids()))
    rows = (await session.execute(statement)).all()
    names: dict[int, list[str]] = {}
    if rows:
        people = await session.execute(
            select(Contact.organisation_id, Contact.display_name)
            .where(
                Contact.organisation_id.in_([row[0] for row in rows]),
                Contact.telegram_user_id.is_not(None),
            )
            .order_by(Contact.id)
        )
        for organisation_id, name in people:
            assert organisation_id is not None  # chosen by organisation above
            names.setdefault(organisation_id, []).append(name or "")
    return [
        Waiting(name, tuple(names.get(org_id, ())), int(reminders), last)
        for org_id, name, reminders, last in rows
    ]


@dataclass(frozen=True)
class ReminderState:
    """Where an unfinished organisation of a round stands with its reminders: invited or
    not, how many reminders so far, and since when it has been waiting (its invitation or
    last reminder). Why a reminder asked for now would not go is read from these."""

    invited: bool
    reminders: int
    since: datetime | None


async def reminder_states(
    session: AsyncSession, round_id: int, scope: OrgScope = EVERYWHERE
) -> list[ReminderState]:
    """The reminder state of each organisation of the round that has not finished (read
    without claiming anything: the desk explains with it why nothing could be sent)."""
    statement = select(
        RoundRequest.invited_at,
        RoundRequest.reminders_sent,
        func.coalesce(RoundRequest.last_reminder_at, RoundRequest.invited_at),
    ).where(RoundRequest.round_id == round_id, RoundRequest.completed_at.is_(None))
    if scope:
        statement = statement.where(RoundRequest.organisation_id.in_(scope.ids()))
    return [
        ReminderState(invited is not None, int(reminders), since)
        for invited, reminders, since in await session.execute(statement)
    ]


async def round_facets(session: AsyncSession, round_id: int) -> tuple[list[str], list[OrgKind]]:
    """The municipalities and organisation kinds of the organisations a round asked."""
    rows = await session.execute(
        select(Organisation.municipality, Organisation.kind)
        .join(RoundRequest, RoundRequest.organisation_id == Organisation.id)
        .where(RoundRequest.round_id == round_id)
        .distinct()
    )
    municipalities: set[str] = set()
    kinds: set[OrgKind] = set()
    for municipality, kind in rows:
        if municipality:
            municipalities.add(municipality)
        kinds.add(kind)
    return sorted(municipalities), sorted(kinds, key=lambda k: k.value)
