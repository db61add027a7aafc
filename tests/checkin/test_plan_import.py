"""Plan import: validation names line and field, nothing is written on error, re-import in place."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli import UsageError
from bot.config import Settings
from handlers.checkin.cli import cmd_plan_import
from handlers.checkin.plan_file import PlanError, load_plan_file, parse_yaml
from handlers.checkin.plan_import import apply_plan
from handlers.checkin.seed import EXAMPLE_PLAN, EXAMPLES
from storage.models import Answer, Measure, MeasureStatus, Plan, Round
from storage.repos import checkin as repo

NOW = datetime(2026, 5, 1, 9, tzinfo=UTC)


def test_example_plan_has_the_seven_themes() -> None:
    spec = load_plan_file(EXAMPLE_PLAN)
    assert [len(t.measures) for t in spec.themes] == [1, 5, 11, 9, 3, 2, 5]
    assert spec.themes[1].name["fi"] == "Liikkumisen turvallisuus"
    assert "ILLUSTRATIVE" in EXAMPLE_PLAN.read_text(encoding="utf-8")


def test_errors_name_line_and_field() -> None:
    text = """key: p
name: {en: No Finnish}
themes:
  - key: t1
    name: {fi: Teema}
    measures:
      - key: m1
        title: {fi: Yksi}
        responsible: [Org]
      - key: m1
        title: {en: Two}
        responsible: []
        due: someday
"""
    with pytest.raises(PlanError) as caught:
        parse_yaml(text)
    problems = caught.value.problems
    assert "line 1: name.fi: the Finnish text is required" in problems
    assert any(p.startswith("line 10: themes[1].measures[2].title.fi") for p in problems)
    assert any(p.startswith("line 10: themes[1].measures[2].responsible") for p in problems)
    assert any(p.startswith("line 10: themes[1].measures[2].due") for p in problems)
    assert any("measure 'm1' is already on line 7" in p for p in problems)


def test_csv_example_parses() -> None:
    spec = load_plan_file(EXAMPLES / "lapland-plan-2020-2023.csv", key="csv-plan")
    assert [t.key for t in spec.themes] == ["local-cooperation", "village-safety"]
    assert spec.themes[1].measures[0].responsible == [
        "Sevettijärven kyläyhdistys",
        "Lapin Kylät ry",
    ]
    assert spec.themes[1].measures[0].title["sv"] == "Byns säkerhetsplan"


def test_csv_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "theme_key,theme_fi,measure_key,title_fi,responsible,due\n"
        "t,Teema,m1,Otsikko,Org,2024-01-01\n"
        "t,Teema,m2,,Org,31.12.2024\n",
        encoding="utf-8-sig",
    )
    with pytest.raises(PlanError) as caught:
        load_plan_file(path)
    assert "line 3: title.fi: the Finnish text is required" in caught.value.problems
    assert any(p.startswith("line 3: due:") for p in caught.value.problems)


async def test_unknown_organisation_imports_nothing(
    sessionmaker: async_sessionmaker[AsyncSession], database_url: str, tmp_path: Path
) -> None:
    bad = EXAMPLE_PLAN.read_text(encoding="utf-8").replace(
        "responsible: [Lapin poliisilaitos]", "responsible: [Nobody ry]", 1
    )
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    settings = Settings.parse({"database_url": database_url})

    class Args:
        file = str(path)
        key = None
        name = None

    with pytest.raises(UsageError):
        await cmd_plan_import(Args(), settings)  # type: ignore[arg-type]
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Plan)) == 0
        assert await session.scalar(select(func.count()).select_from(Measure)) == 0


async def test_reimport_updates_in_place_and_keeps_answers(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with sessionmaker() as session, session.begin():
        result = await apply_plan(session, load_plan_file(EXAMPLE_PLAN))
        assert (result.created, result.updated, result.organisations_created) == (36, 0, 9)
        measures = await repo.plan_measures(session, result.plan.id)
        first = measures[0]
        new_round = Round(plan_id=result.plan.id, label="Q2/2026", started_at=NOW)
        session.add(new_round)
        await session.flush()
        owner = first.responsibilities[0].organisation_id
        await repo.record_answer(
            session, new_round.id, first.id, owner, None, MeasureStatus.DONE, "fi", NOW
        )
        first_id = first.id
    edited = (
        EXAMPLE_PLAN.read_text(encoding="utf-8")
        .replace("Kuntien turvallisuusryhmät kokoontuvat säännöllisesti", "Uusi otsikko")
        .replace(
            "      - key: to-5\n        title: {fi: Kyberturvallisuuskoulutus ikäihmisille, "
            "sv: Cybersäkerhetsutbildning för äldre, en: Cyber safety training for older people}\n"
            "        responsible: [Lapin poliisilaitos]\n",
            "",
        )
    )
    path = tmp_path / "edited.yaml"
    path.write_text(edited, encoding="utf-8")
    async with sessionmaker() as session, session.begin():
        result = await apply_plan(session, load_plan_file(path))
        assert (result.created, result.updated, result.retired) == (0, 35, 1)
    async with sessionmaker() as session:
        measure = await session.get(Measure, first_id)
        assert measure is not None and measure.title["fi"] == "Uusi otsikko"
        assert await session.scalar(select(func.count()).select_from(Answer)) == 1
        assert len(await repo.plan_measures(session, result.plan.id)) == 35
