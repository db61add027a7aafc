"""What the desk's rounds page shows, read with the chat report's own query functions.

Nothing here counts: the per-theme figures are ``build_report`` (``report_data``), the progress
and the organisations still to answer are ``storage/repos/checkin_rounds.py``, the same
functions ``/report``, ``/rounds``, ``kylabot report`` and the exports use. This module only
reads the filters from the request and picks the round and the one before it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.checkin.report import Report, build_report
from handlers.checkin.report_data import plan_themes
from storage.models import OrgKind, Round
from storage.repos import checkin as repo
from storage.repos.checkin_rounds import (
    OrgScope,
    RoundProgress,
    Waiting,
    previous_round,
    round_facets,
    round_progress,
    waiting_organisations,
)


@dataclass(frozen=True)
class Filters:
    """The page's filters as the request gave them; a value the desk does not know is ignored
    (it came from an older page), so the page shows everything rather than nothing."""

    round_id: int | None = None
    municipality: str | None = None
    kind: OrgKind | None = None
    theme_id: int | None = None

    @classmethod
    def of(cls, query: Mapping[str, str]) -> Filters:
        def number(key: str) -> int | None:
            value = query.get(key, "")
            return int(value) if value.isdigit() else None

        kind = query.get("kind", "")
        return cls(
            round_id=number("round"),
            municipality=query.get("municipality") or None,
            kind=OrgKind(kind) if kind in {k.value for k in OrgKind} else None,
            theme_id=number("theme"),
        )

    @property
    def scope(self) -> OrgScope:
        return OrgScope(self.municipality, self.kind)


@dataclass
class RoundsData:
    rounds: list[Round]
    chosen: Round | None = None
    filters: Filters = Filters()
    progress: RoundProgress | None = None
    report: Report | None = None
    previous: Report | None = None
    waiting: tuple[Waiting, ...] = ()
    municipalities: tuple[str, ...] = ()
    kinds: tuple[OrgKind, ...] = ()
    themes: tuple[tuple[int, str], ...] = ()


async def load(
    session: AsyncSession, language: str, filters: Filters, history: int = 20
) -> RoundsData:
    """The page's figures for the chosen round (the latest by default) under ``filters``."""
    rounds = await repo.list_rounds(session, limit=history)
    chosen = next((r for r in rounds if r.id == filters.round_id), None) or (
        rounds[0] if rounds else None
    )
    data = RoundsData(rounds)
    if chosen is None:
        return data
    themes = list((await plan_themes(session, chosen.plan_id, language)).items())
    if filters.theme_id not in {theme_id for theme_id, _ in themes}:
        filters = Filters(chosen.id, filters.municipality, filters.kind, None)
    municipalities, kinds = await round_facets(session, chosen.id)
    if filters.municipality not in municipalities:
        filters = Filters(chosen.id, None, filters.kind, filters.theme_id)
    scope = filters.scope
    theme_ids = None if filters.theme_id is None else [filters.theme_id]
    data.chosen = chosen
    data.filters = filters
    data.themes = tuple(themes)
    data.municipalities = tuple(municipalities)
    data.kinds = tuple(kinds)
    data.progress = (await round_progress(session, [chosen.id], scope))[chosen.id]
    data.report = await build_report(
        session, chosen, language, details=False, scope=scope, theme_ids=theme_ids
    )
    earlier = await previous_round(session, chosen)
    if earlier is not None:
        data.previous = await build_report(
            session, earlier, language, details=False, scope=scope, theme_ids=theme_ids
        )
    data.waiting = tuple(await waiting_organisations(session, chosen.id, scope))
    return data
