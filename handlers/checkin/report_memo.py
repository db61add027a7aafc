"""The computed figures of a round's report, kept until the round's data changes (issue 17).

At 4,000 organisations and 25,000 answers a round, counting a report costs about half a second
of CPU on SQLite, and the desk's rounds page counts two (the round and the one before) on every
view: 20 page loads a second would need ten cores. The figures change only when an answer, a
responsibility, a measure, a theme or an organisation is added or changed, so they are kept per
round and selection under a fingerprint of those tables (counts, sums and maxima the indexes
answer in a few milliseconds), read again in the same transaction on every call: a change
committed by any process (the bot, ``kylabot plan import``, a second process on PostgreSQL)
gives a new fingerprint, and the figures are counted again. Names are not kept: the caller
localises themes in the reader's language on every call.

The chat, the CLI and the desk all read through ``report_data.build_report``, which uses this
memo, so their figures stay the same figures.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Final, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Answer, Measure, MeasureResponsibility, Organisation, Plan, Theme

T = TypeVar("T")
KEPT: Final = 16  # entries (the latest rounds under a few filters); each at most a few MB


def _scalar(*columns: Any) -> Any:
    return select(*columns).scalar_subquery()


async def fingerprint(session: AsyncSession, round_id: int) -> tuple[Any, ...]:
    """What the figures of round ``round_id`` depend on, in one statement."""
    answers = select(
        func.count(Answer.id), func.max(Answer.id), func.max(Answer.answered_at)
    ).where(Answer.round_id == round_id)
    row = (await session.execute(answers)).one()
    owners = select(
        func.count(),
        func.coalesce(func.sum(MeasureResponsibility.measure_id), 0),
        func.coalesce(func.sum(MeasureResponsibility.organisation_id), 0),
        _scalar(func.count(Measure.id)),
        _scalar(func.coalesce(func.sum(Measure.id + Measure.theme_id), 0)),
        select(func.count(Measure.id)).where(Measure.retired.is_(True)).scalar_subquery(),
        _scalar(func.count(Theme.id)),
        _scalar(func.max(Theme.id)),
        _scalar(func.count(Organisation.id)),
        _scalar(func.max(Organisation.id)),
        _scalar(func.max(Organisation.created_at)),
        _scalar(func.max(Plan.updated_at)),
    ).select_from(MeasureResponsibility)
    rest = (await session.execute(owners)).one()
    return (*row, *rest)


class Memo:
    """The latest ``KEPT`` results, each under its key and the fingerprint it was counted at."""

    def __init__(self) -> None:
        self._kept: OrderedDict[Hashable, tuple[tuple[Any, ...], Any]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    async def get(
        self,
        session: AsyncSession,
        round_id: int,
        key: Hashable,
        count: Callable[[], Awaitable[T]],
    ) -> T:
        """The figures of ``key`` for round ``round_id``: kept ones if nothing changed since,
        else ``count()``'s, kept for next time."""
        now = await fingerprint(session, round_id)
        # the database is part of the key: tests and tools open several in one process
        key = (str(session.get_bind().engine.url), key)
        found = self._kept.get(key)
        if found is not None and found[0] == now:
            self._kept.move_to_end(key)
            self.hits += 1
            result: T = found[1]
            return result
        self.misses += 1
        value = await count()
        self._kept[key] = (now, value)
        self._kept.move_to_end(key)
        while len(self._kept) > KEPT:
            self._kept.popitem(last=False)
        return value

    def clear(self) -> None:
        self._kept.clear()


FIGURES: Final = Memo()  # the process's one memo of report figures
