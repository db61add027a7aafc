"""What the desk's events page shows, read with the chat's and the CLI's own query functions.

Nothing here counts: an event's figures are ``storage/repos/events.figures_of`` (``figures``,
which /events, ``kylabot event list|show`` and the attendee export use, is the same query for
one event); its lists are ``people`` / ``attendees`` / ``invitees`` of the same repository,
capped at ``LIST_CAP`` with the rest counted by those figures; the coffee rounds are
``coffee_figures.recent_round_figures``, as in /coffee and ``kylabot coffee rounds``.

"Upcoming" events start from now on; "recent" ones started in the last ``RECENT_DAYS`` days
(an event under way is recent: it has started). Both are published or cancelled events, the
ones a coordinator's /events lists.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.events.coffee_figures import Figures as CoffeeFigures
from handlers.events.coffee_figures import recent_round_figures
from storage.models import CoffeeRound, Contact, Event, EventStatus, SignupStatus
from storage.repos import coffee
from storage.repos import events as repo

RECENT_DAYS = 30
EVENTS_SHOWN = 20  # a page of events; the rest are counted
LIST_CAP = 50  # names in one list of an event
COFFEE_ROUNDS = 12  # as `kylabot coffee rounds`


class When(enum.StrEnum):
    UPCOMING = "upcoming"
    RECENT = "recent"


@dataclass(frozen=True)
class Filters:
    """The page's filters as the request gave them; an unknown value is the default."""

    when: When = When.UPCOMING
    event_id: int | None = None

    @classmethod
    def of(cls, query: Mapping[str, str]) -> Filters:
        when = query.get("when", "")
        event = query.get("event", "")
        return cls(
            when=When(when) if when in {w.value for w in When} else When.UPCOMING,
            event_id=int(event) if event.isdigit() else None,
        )


class Group(enum.StrEnum):
    """The lists of one event, in the order the page shows them."""

    SEATS = "seats"
    WAITING = "waiting"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    ATTENDED = "attended"
    INVITED = "invited"


@dataclass(frozen=True)
class People:
    """One list of an event: the first ``LIST_CAP`` people and how many there are in all."""

    group: Group
    count: int
    people: tuple[Contact, ...]

    @property
    def more(self) -> int:
        return self.count - len(self.people)


@dataclass(frozen=True)
class Detail:
    """One event with its figures and lists; ``event`` None: no such event (or a draft)."""

    event: Event | None
    figures: repo.Figures = field(default_factory=repo.Figures)
    lists: tuple[People, ...] = ()


@dataclass
class EventsData:
    filters: Filters
    events: list[tuple[Event, repo.Figures]] = field(default_factory=list)
    total: int = 0
    rounds: list[tuple[CoffeeRound, CoffeeFigures]] = field(default_factory=list)
    taking_part: int = 0
    detail: Detail | None = None

    @property
    def more(self) -> int:
        return self.total - len(self.events)


async def load(session: AsyncSession, filters: Filters, now: datetime) -> EventsData:
    """The page: one event's lists when ``filters`` names one, else the events and coffee."""
    data = EventsData(filters)
    if filters.event_id is not None:
        data.detail = await detail(session, filters.event_id)
        return data
    if filters.when is When.UPCOMING:
        found, data.total = await repo.events_starting(
            session, now, None, newest_first=False, limit=EVENTS_SHOWN
        )
    else:
        since = now - timedelta(days=RECENT_DAYS)
        found, data.total = await repo.events_starting(
            session, since, now, newest_first=True, limit=EVENTS_SHOWN
        )
    figures = await repo.figures_of(session, [event.id for event in found])
    data.events = [(event, figures[event.id]) for event in found]
    data.rounds = await recent_round_figures(session, COFFEE_ROUNDS)
    data.taking_part = await coffee.taking_part(session)
    return data


def _contacts(rows: Sequence[tuple[object, Contact]]) -> tuple[Contact, ...]:
    return tuple(contact for _, contact in rows)


async def detail(session: AsyncSession, event_id: int) -> Detail:
    event = await session.get(Event, event_id)
    if event is None or event.status is EventStatus.DRAFT:
        return Detail(None)
    figures = await repo.figures(session, event.id)

    async def status(status: SignupStatus) -> tuple[Contact, ...]:
        return _contacts(await repo.people(session, event.id, (status,), limit=LIST_CAP))

    lists = (
        People(Group.SEATS, figures.seats, await status(SignupStatus.SEAT)),
        People(Group.WAITING, figures.waiting, await status(SignupStatus.WAITING)),
        People(Group.DECLINED, figures.declined, await status(SignupStatus.DECLINED)),
        People(Group.CANCELLED, figures.cancelled, await status(SignupStatus.CANCELLED)),
        People(
            Group.ATTENDED,
            figures.attended,
            _contacts(await repo.attendees(session, event.id, limit=LIST_CAP)),
        ),
        People(
            Group.INVITED,
            figures.invited,
            tuple(await repo.invitees(session, event.id, limit=LIST_CAP)),
        ),
    )
    return Detail(event, figures, lists)
