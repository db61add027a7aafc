"""Segments select exactly the right contacts, from the stored organisations, plan and rounds."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.features import FEATURES
from bot.segments import Segments
from storage.models import (
    Answer,
    Contact,
    Measure,
    MeasureResponsibility,
    MeasureStatus,
    Organisation,
    OrgKind,
    Plan,
    Round,
    RoundRequest,
    Theme,
)
from storage.types import utcnow

SEGMENTS = Segments.of(FEATURES)


async def _world(session: AsyncSession) -> dict[str, int]:
    orgs = {
        "village": Organisation(
            name="Nellim", kind=OrgKind.VILLAGE_ASSOCIATION, municipality="Inari", language="smn"
        ),
        "parish": Organisation(
            name="Sodankylän srk", kind=OrgKind.PARISH, municipality="Sodankylä"
        ),
        "sami": Organisation(
            name="Sámiid Searvi",
            kind=OrgKind.SAMI_ASSOCIATION,
            municipality="Utsjoki",
            language="se",
        ),
    }
    session.add_all(orgs.values())
    await session.flush()
    ids: dict[str, int] = {}

    def person(key: str, org: str, tg: int | None, language: str | None, **kw: object) -> None:
        contact = Contact(
            telegram_user_id=tg, organisation_id=orgs[org].id, language=language, **kw
        )
        session.add(contact)
        ids[key] = tg or 0
        people.append((key, contact))

    people: list[tuple[str, Contact]] = []
    person("v_own", "village", 1, None)  # reads the organisation's language: smn
    person("v_fi", "village", 2, "fi")
    person("v_paused", "village", 3, "fi", opted_out=True)
    person("p_sv", "parish", 4, "sv")
    person("p_left", "parish", 5, "sv", active=False)
    person("p_gone", "parish", None, None, forgotten_at=utcnow())
    person("s_se", "sami", 6, None)
    await session.flush()
    plan = Plan(key="p", name={"fi": "Suunnitelma"})
    session.add(plan)
    await session.flush()
    rescue = Theme(plan_id=plan.id, key="rescue", name={"fi": "Pelastus", "sv": "Räddning"})
    school = Theme(plan_id=plan.id, key="school", name={"fi": "Koulu"})
    session.add_all([rescue, school])
    await session.flush()
    m1 = Measure(theme_id=rescue.id, key="m1", title={"fi": "Harjoitus"})
    m2 = Measure(theme_id=school.id, key="m2", title={"fi": "Kerho"})
    retired = Measure(theme_id=school.id, key="m3", title={"fi": "Vanha"}, retired=True)
    session.add_all([m1, m2, retired])
    await session.flush()
    session.add_all(
        [
            MeasureResponsibility(measure_id=m1.id, organisation_id=orgs["village"].id),
            MeasureResponsibility(measure_id=m1.id, organisation_id=orgs["sami"].id),
            MeasureResponsibility(measure_id=retired.id, organisation_id=orgs["parish"].id),
        ]
    )
    spring = Round(plan_id=plan.id, label="Kevät 2026", started_at=utcnow() - timedelta(days=3))
    session.add(spring)
    await session.flush()
    session.add_all(
        [
            RoundRequest(round_id=spring.id, organisation_id=orgs["village"].id),  # answered
            RoundRequest(round_id=spring.id, organisation_id=orgs["parish"].id),  # silent
            RoundRequest(
                round_id=spring.id, organisation_id=orgs["sami"].id, completed_at=utcnow()
            ),
            Answer(
                round_id=spring.id,
                measure_id=m1.id,
                organisation_id=orgs["village"].id,
                status=MeasureStatus.DONE,
            ),
        ]
    )
    await session.flush()
    return {"rescue": rescue.id, "school": school.id, "round": spring.id}


async def test_each_segment_selects_exactly_its_contacts(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        keys = await _world(session)

    async def chats(segment: dict[str, str]) -> tuple[list[tuple[int, str]], int, int]:
        async with sessionmaker() as session:
            audience = await SEGMENTS.resolve(session, segment)
            found = []
            for r in audience.recipients:
                contact = await session.get(Contact, r.contact_id)
                assert contact is not None and contact.telegram_user_id is not None
                found.append((contact.telegram_user_id, r.language))
            return sorted(found), audience.paused, audience.left

    assert await chats({"kind": "all"}) == ([(1, "smn"), (2, "fi"), (4, "sv"), (6, "se")], 1, 2)
    assert await chats({"kind": "kind", "value": "parish"}) == ([(4, "sv")], 0, 2)
    assert await chats({"kind": "mun", "value": "Inari"}) == ([(1, "smn"), (2, "fi")], 1, 0)
    assert await chats({"kind": "theme", "value": str(keys["rescue"])}) == (
        [(1, "smn"), (2, "fi"), (6, "se")],
        1,
        0,
    )
    # Only a retired measure: nobody is responsible for the theme now.
    assert await chats({"kind": "theme", "value": str(keys["school"])}) == ([], 0, 0)
    assert await chats({"kind": "lang", "value": "smn"}) == ([(1, "smn")], 0, 0)
    assert await chats({"kind": "lang", "value": "sv"}) == ([(4, "sv")], 0, 1)
    assert await chats({"kind": "round", "value": str(keys["round"])}) == ([(4, "sv")], 0, 2)


def test_the_registry_is_open_for_new_kinds_and_hides_what_is_not_ready() -> None:
    shown = [kind.key for kind in SEGMENTS.visible()]
    assert shown == ["all", "kind", "mun", "theme", "lang", "round", "event"]
    assert all(SEGMENTS[key].visible for key in shown)
