"""The report's figures are counted once per change of the round's data, not once per view."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from handlers.checkin import report_data
from handlers.checkin.report_memo import FIGURES
from storage.models import Answer, MeasureResponsibility, MeasureStatus
from tests.checkin.test_report_data import NOW, _round, counting_selects


async def test_kept_figures_until_an_answer_changes_them(
    sessionmaker: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    async with sessionmaker() as session, session.begin():
        found = await _round(session, 3)
    async with sessionmaker() as session:
        first = await report_data.build_report(session, found, "sv", details=False)
    hits = FIGURES.hits
    async with sessionmaker() as session:
        with counting_selects(engine) as statements:
            again = await report_data.build_report(session, found, "sv", details=False)
    assert FIGURES.hits == hits + 1
    assert len(statements) == 4  # the plan, its themes, the fingerprint (two): nothing counted
    assert again == first

    async with sessionmaker() as session, session.begin():
        owned = await session.scalar(select(MeasureResponsibility).limit(1))
        assert owned is not None
        session.add(
            Answer(
                round_id=found.id,
                measure_id=owned.measure_id,
                organisation_id=owned.organisation_id,
                status=MeasureStatus.NOT_DONE,
                answered_at=NOW + timedelta(hours=1),
            )
        )
    async with sessionmaker() as session:
        after = await report_data.build_report(session, found, "sv", details=False)
    assert FIGURES.hits == hits + 1  # counted again: an answer came
    assert after.total != first.total
