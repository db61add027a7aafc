"""A network for the suites that start a round: organisations responsible for one measure,
their contacts, and an open round that the bot's housekeeping invites at start."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from handlers.checkin.rounds import start_round
from storage.db import create_engine, create_sessionmaker
from storage.models import (
    Contact,
    Measure,
    MeasureResponsibility,
    Organisation,
    OrgKind,
    Plan,
    Role,
    Theme,
)
from storage.repos import checkin as repo
from storage.types import utcnow


def org_name(index: int) -> str:
    return f"Kylä {index:05d} ry"


async def seed_round(
    url: str,
    *,
    organisations: int,
    contacts: int,
    first_contact: int,
    language: str,
    plan_key: str,
    zone: str = "UTC",
) -> None:
    """Contact ``i`` (Telegram id ``first_contact + i``) answers for organisation
    ``i % organisations``; every organisation owns the plan's one measure."""
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            plan = Plan(key=plan_key, name={"fi": "Kierros", "en": "Round"})
            theme = Theme(
                plan=plan, key="villages", position=0, name={"fi": "Kylät", "en": "Villages"}
            )
            measure = Measure(
                theme=theme, key="m-1", position=0, title={"fi": "Toimenpide", "en": "Measure"}
            )
            session.add_all([plan, theme, measure])
            orgs = [
                Organisation(name=org_name(i), kind=OrgKind.VILLAGE_ASSOCIATION)
                for i in range(organisations)
            ]
            session.add_all(orgs)
            await session.flush()
            session.add_all(
                MeasureResponsibility(measure_id=measure.id, organisation_id=o.id) for o in orgs
            )
            now = utcnow()
            session.add_all(
                Contact(
                    telegram_user_id=first_contact + i,
                    organisation_id=orgs[i % organisations].id,
                    role=Role.CONTACT,
                    language=language,
                    consent_at=now,
                )
                for i in range(contacts)
            )
            await session.flush()
            await start_round(session, await repo.get_plan(session), now, ZoneInfo(zone))
    finally:
        await engine.dispose()
