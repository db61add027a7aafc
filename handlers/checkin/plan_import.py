"""Stores a validated plan (``plan_file``), creating it or updating it in place.

The caller runs ``apply_plan`` in one transaction, so an invalid file imports nothing. Measures are
matched by key on re-import: titles, owners and order change in place, answers stay, and a
measure missing from the new file is retired (kept, so its answers keep their meaning).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from handlers.checkin.plan_file import PlanError, PlanSpec
from storage.models import (
    Measure,
    MeasureResponsibility,
    Organisation,
    Plan,
    Theme,
)


@dataclass(frozen=True)
class ImportResult:
    plan: Plan
    themes: int
    created: int
    updated: int
    retired: int
    organisations_created: int


async def apply_plan(session: AsyncSession, spec: PlanSpec) -> ImportResult:
    """Creates or updates the plan in ``session``; raises PlanError for unknown organisations."""
    organisations_created = 0
    for org in spec.organisations:
        existing = await session.scalar(
            select(Organisation).where(func.lower(Organisation.name) == org.name.lower())
        )
        if existing is None:
            session.add(
                Organisation(
                    name=org.name,
                    kind=org.kind,
                    municipality=org.municipality,
                    language=org.language,
                )
            )
            organisations_created += 1
    await session.flush()
    by_name = {o.name.lower(): o for o in await session.scalars(select(Organisation))}
    by_id = {o.id: o for o in by_name.values()}
    problems: list[str] = []
    owners: dict[str, list[int]] = {}
    for theme_spec in spec.themes:
        for measure_spec in theme_spec.measures:
            ids: list[int] = []
            for ref in measure_spec.responsible:
                found = by_id.get(int(ref)) if ref.isdigit() else by_name.get(ref.lower())
                if found is None:
                    problems.append(
                        f"line {measure_spec.line}: responsible: no organisation {ref!r} "
                        "(add it with `kylabot org add` or under organisations:)"
                    )
                elif found.id not in ids:
                    ids.append(found.id)
            owners[measure_spec.key] = ids
    if problems:
        raise PlanError(problems)

    plan = await session.scalar(
        select(Plan)
        .where(Plan.key == spec.key)
        .options(selectinload(Plan.themes).selectinload(Theme.measures))
    )
    if plan is None:
        plan = Plan(key=spec.key, name=spec.name, themes=[])
        session.add(plan)
    plan.name = spec.name
    plan.period_start, plan.period_end = spec.start, spec.end
    await session.flush()
    themes_by_key = {t.key: t for t in plan.themes}
    measures_by_key: dict[str, Measure] = {
        m.key: m for t in plan.themes for m in t.measures
    }  # keys are unique per plan in files we import
    created = updated = 0
    seen: set[int] = set()
    for t_position, theme_spec in enumerate(spec.themes):
        theme = themes_by_key.get(theme_spec.key)
        if theme is None:
            theme = Theme(plan_id=plan.id, key=theme_spec.key, measures=[])
            session.add(theme)
        theme.name = theme_spec.name
        theme.position = t_position
        await session.flush()
        for m_position, measure_spec in enumerate(theme_spec.measures):
            measure = measures_by_key.get(measure_spec.key)
            if measure is None:
                measure = Measure(key=measure_spec.key, theme_id=theme.id)
                session.add(measure)
                created += 1
            else:
                updated += 1
            measure.theme_id = theme.id
            measure.position = m_position
            measure.title = measure_spec.title
            measure.description = measure_spec.description
            measure.due_date = measure_spec.due
            measure.retired = False
            await session.flush()
            seen.add(measure.id)
            await _set_owners(session, measure.id, owners[measure_spec.key])
    retired = 0
    for measure in measures_by_key.values():
        if measure.id not in seen and not measure.retired:
            measure.retired = True
            retired += 1
    await session.flush()
    return ImportResult(plan, len(spec.themes), created, updated, retired, organisations_created)


async def _set_owners(session: AsyncSession, measure_id: int, organisation_ids: list[int]) -> None:
    current = {
        r.organisation_id: r
        for r in await session.scalars(
            select(MeasureResponsibility).where(MeasureResponsibility.measure_id == measure_id)
        )
    }
    for org_id, row in current.items():
        if org_id not in organisation_ids:
            await session.delete(row)
    for org_id in organisation_ids:
        if org_id not in current:
            session.add(MeasureResponsibility(measure_id=measure_id, organisation_id=org_id))
    await session.flush()
