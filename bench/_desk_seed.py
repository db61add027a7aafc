"""The network ``python -m bench desk`` reads: issue 17's sizes times ``scale``.

At scale 1.0: 4,000 organisations spread over Lapland's municipalities, the example plan
(deploy/examples, imported by ``apply_plan`` as an operator imports it), each organisation
responsible for a share of its measures so that four rounds hold 100,000 answers together,
5,000 sent phenomena (every fifth anonymous, two in three with a pin), a few events (coffee
among them) with sign-ups, and a few broadcasts with deliveries: every desk page has data.
Rows go in through SQLAlchemy core inserts in chunks (no SQL text is built here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.municipalities import MUNICIPALITY_LIST
from handlers.checkin.plan_file import load_plan_file
from handlers.checkin.plan_import import apply_plan
from handlers.checkin.seed import EXAMPLE_PLAN
from handlers.phenomena.categories import CATEGORIES
from storage.db import create_engine, create_sessionmaker
from storage.models import (
    Answer,
    Broadcast,
    BroadcastStatus,
    Contact,
    Delivery,
    DeliveryStatus,
    Event,
    EventKind,
    EventSignup,
    EventStatus,
    Measure,
    MeasureResponsibility,
    Organisation,
    OrgKind,
    PhenomenonReport,
    Plan,
    ReportStatus,
    Role,
    Round,
    RoundRequest,
    SignupStatus,
    Theme,
)
from storage.types import utcnow

ORGANISATIONS = 4000
ANSWERS = 100_000
ROUNDS = 4
PHENOMENA = 5000
EVENTS = 6
BROADCASTS = 5
CHUNK = 5000
COORDINATOR = 600_000_000  # the desk's reader (Telegram user id)
FIRST_CONTACT = 700_000_000  # the people who step through /language
STATUSES = ("done", "in_progress", "not_done")
KINDS = tuple(OrgKind)


@dataclass(frozen=True)
class Seeded:
    """What the bench needs to know of the seeded network."""

    coordinator: int
    contacts: list[int]
    round_ids: list[int]
    phenomenon_id: int
    theme_id: int
    event_id: int
    answers: int
    organisations: int
    phenomena: int


async def _insert(session: AsyncSession, model: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        await session.execute(insert(model), rows[start : start + CHUNK])


async def _organisations(session: AsyncSession, count: int) -> list[int]:
    names = [m.key for m in MUNICIPALITY_LIST]
    rows = [
        {
            "name": f"Kyläyhdistys {i:05d}",
            "kind": KINDS[i % len(KINDS)],
            "municipality": names[i % len(names)],
            "village": f"Kylä {i % 97}",
            "language": "fi",
        }
        for i in range(count)
    ]
    await _insert(session, Organisation, rows)
    return list((await session.scalars(select(Organisation.id).order_by(Organisation.id))).all())


async def _rounds(
    session: AsyncSession, plan_id: int, orgs: list[int], answers: int
) -> tuple[list[int], int]:
    """Responsibilities, four rounds (three closed) with requests and ``answers`` answers
    (fewer only if the organisations own too few measures to answer that many)."""
    measures = list(
        (await session.scalars(select(Measure.id).where(Measure.retired.is_(False)))).all()
    )
    per_org = max(1, min(len(measures), round(answers / ROUNDS / len(orgs))))
    owned = {
        org: [measures[(index * 7 + k) % len(measures)] for k in range(per_org)]
        for index, org in enumerate(orgs)
    }
    await session.execute(MeasureResponsibility.__table__.delete())  # type: ignore[attr-defined]
    await _insert(
        session,
        MeasureResponsibility,
        [{"measure_id": m, "organisation_id": o} for o, ms in owned.items() for m in set(ms)],
    )
    now = utcnow()
    round_ids: list[int] = []
    total = 0
    for n in range(ROUNDS):
        started = now - timedelta(days=90 * (ROUNDS - 1 - n) + 10)
        closed = None if n == ROUNDS - 1 else started + timedelta(days=30)
        new = Round(plan_id=plan_id, label=f"Q{n + 1}/2026", started_at=started, closed_at=closed)
        session.add(new)
        await session.flush()
        round_ids.append(new.id)
        requests: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        for index, org in enumerate(orgs):
            answering = n < ROUNDS - 1 or index % 5 != 0  # a fifth still waits in the last
            requests.append(
                {
                    "round_id": new.id,
                    "organisation_id": org,
                    "invited_at": started,
                    # reminders already spent: the bench times the desk, not a reminder wave
                    "reminders_sent": 2,
                    "last_reminder_at": started + timedelta(days=6),
                    "completed_at": started + timedelta(days=3) if answering else None,
                }
            )
            if not answering:
                continue
            for k, measure in enumerate(set(owned[org])):
                status = STATUSES[(index + k + n) % 7 % 3]
                rows.append(
                    {
                        "round_id": new.id,
                        "measure_id": measure,
                        "organisation_id": org,
                        "status": status,
                        "comment": f"Kommentti {index}/{k}" if (index + k) % 6 == 0 else None,
                        "language": "fi",
                        "answered_at": started + timedelta(days=1, minutes=index % 1440),
                    }
                )
        # Answered again: the first answers of the round get an earlier "in progress" one
        # (the history a round keeps), until the round holds its share of the answers.
        share = answers // ROUNDS + (1 if n < answers % ROUNDS else 0)
        rows += [
            {**row, "status": "in_progress", "comment": None,
             "answered_at": row["answered_at"] - timedelta(hours=20)}
            for row in rows[: max(0, share - len(rows))]
        ]  # fmt: skip
        await _insert(session, RoundRequest, requests)
        await _insert(session, Answer, rows)
        total += len(rows)
    return round_ids, total


async def _people(session: AsyncSession, orgs: list[int], contacts: int) -> tuple[int, list[int]]:
    coordinator = Contact(
        telegram_user_id=COORDINATOR,
        organisation_id=orgs[0],
        role=Role.COORDINATOR,
        language="fi",
        display_name="Koordinaattori",
        consent_at=utcnow(),
    )
    session.add(coordinator)
    await session.flush()
    rows = [
        {
            "telegram_user_id": FIRST_CONTACT + i,
            "organisation_id": orgs[i % len(orgs)],
            "role": Role.CONTACT,
            "language": "fi",
            "display_name": f"Yhteyshenkilö {i}",
            "consent_at": utcnow(),
        }
        for i in range(contacts)
    ]
    await _insert(session, Contact, rows)
    ids = (await session.scalars(select(Contact.id).where(Contact.id != coordinator.id))).all()
    return coordinator.id, list(ids)


async def _phenomena(session: AsyncSession, orgs: list[int], people: list[int], n: int) -> int:
    now = utcnow()
    categories = list(CATEGORIES)
    rows: list[dict[str, Any]] = []
    for i in range(n):
        place = MUNICIPALITY_LIST[i % len(MUNICIPALITY_LIST)]
        lat, lon = place.places[i % len(place.places)]
        pinned = i % 3 != 0
        anonymous = i % 5 == 0
        sent = now - timedelta(minutes=37 * i % (60 * 24 * 200))
        rows.append(
            {
                "status": ReportStatus.SENT,
                "contact_id": None if anonymous else people[i % len(people)],
                "organisation_id": None if anonymous else orgs[i % len(orgs)],
                "category": categories[i % len(categories)],
                "text": f"Havainto {i}: tien varressa poroja ja liukasta.",
                "municipality": place.key,
                "place_kind": "pin" if pinned else "municipality",
                "latitude": lat + (i % 50) / 1000 if pinned else None,
                "longitude": lon + (i % 70) / 1000 if pinned else None,
                "frequency": "once",
                "show_name": not anonymous,
                "language": "fi",
                "created_at": sent,
                "updated_at": sent,
                "sent_at": sent,
            }
        )
    await _insert(session, PhenomenonReport, rows)
    newest = await session.scalar(
        select(PhenomenonReport.id).order_by(PhenomenonReport.sent_at.desc()).limit(1)
    )
    assert newest is not None
    return newest


async def _events_and_broadcasts(session: AsyncSession, people: list[int], by: int) -> int:
    """Events (coffee among them) with seats and a waiting list, and finished broadcasts;
    returns the first event's id."""
    now = utcnow()
    first = 0
    for n in range(EVENTS):
        starts = now + timedelta(days=n * 3 - 5)
        event = Event(
            uid=f"bench-{n}",
            kind=EventKind.COFFEE if n % 2 == 0 else EventKind.WORKSHOP,
            status=EventStatus.PUBLISHED,
            title={"fi": f"Virtuaalikahvit {n}", "en": f"Virtual coffee {n}"},
            starts_at=starts,
            duration_minutes=60,
            timezone="Europe/Helsinki",
            link="https://meet.example.test/kahvit",
            capacity=30,
            audience={"kind": "all"},
            created_by_contact_id=by,
            published_at=now - timedelta(days=10),
        )
        session.add(event)
        await session.flush()
        first = first or event.id
        signups = [
            {
                "event_id": event.id,
                "contact_id": contact,
                "status": SignupStatus.SEAT if k < 30 else SignupStatus.WAITING,
                "queue_no": k,
                "reminded_24h_at": now,  # no reminder wave during the bench
                "reminded_1h_at": now,
            }
            for k, contact in enumerate(people[n * 40 : n * 40 + 45])
        ]
        await _insert(session, EventSignup, signups)
    for n in range(BROADCASTS):
        broadcast = Broadcast(
            created_by_contact_id=by,
            created_at=now - timedelta(days=n),
            status=BroadcastStatus.DONE,
            base_language="fi",
            variants={"fi": {"text": f"Tiedote {n}: kylätalon avajaiset lauantaina."}},
            segment={"kind": "all"},
            queued_at=now - timedelta(days=n),
            finished_at=now - timedelta(days=n, minutes=-30),
            total=len(people),
        )
        session.add(broadcast)
        await session.flush()
        deliveries = [
            {
                "broadcast_id": broadcast.id,
                "contact_id": contact,
                "language": "fi",
                "variant": "fi",
                "status": DeliveryStatus.SENT if k % 50 else DeliveryStatus.BLOCKED,
                "priority": 3,
                "chat_id": FIRST_CONTACT + k,
                "next_attempt_at": now,
                "sent_at": now - timedelta(days=n),
            }
            for k, contact in enumerate(people)
        ]
        await _insert(session, Delivery, deliveries)
    return first


async def seed(url: str, scale: float, contacts: int) -> Seeded:
    """Fills the migrated database at ``url``; ``contacts`` people can step in the chat."""
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            orgs = await _organisations(session, max(4, round(ORGANISATIONS * scale)))
            await apply_plan(session, load_plan_file(EXAMPLE_PLAN))
            plan_id = await session.scalar(select(Plan.id).limit(1))
            assert plan_id is not None
            round_ids, answers = await _rounds(
                session, plan_id, orgs, max(ROUNDS * 4, round(ANSWERS * scale))
            )
            coordinator, people = await _people(session, orgs, max(contacts, 50))
            phenomena = max(10, round(PHENOMENA * scale))
            newest = await _phenomena(session, orgs, people, phenomena)
            event_id = await _events_and_broadcasts(session, people, coordinator)
            theme_id = await session.scalar(
                select(Theme.id).where(Theme.plan_id == plan_id).order_by(Theme.position)
            )
            assert theme_id is not None
    finally:
        await engine.dispose()
    return Seeded(
        COORDINATOR, [FIRST_CONTACT + i for i in range(contacts)], round_ids, newest,
        theme_id, event_id, answers, len(orgs), phenomena,
    )  # fmt: skip
