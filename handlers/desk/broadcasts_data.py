"""What the desk's broadcasts page shows, read with the chat's and the CLI's own functions.

Each broadcast's delivery figures are ``storage/repos/broadcast.figures`` (the chat's progress
message, its summary, /broadcasts and ``kylabot broadcast list`` all read it), its failures by
reason are ``progress.not_delivered`` (the chat's summary lists the same), the broadcasts are
``recent`` (/broadcasts' and the CLI's list) and the audience is ``Segments.describe``, as
/broadcasts says it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.segments import Segments
from handlers.broadcast.progress import not_delivered
from storage.models import Broadcast, BroadcastStatus
from storage.repos import broadcast as repo

SHOWN = 20  # broadcasts on the page, as `kylabot broadcast list`; the rest are counted
EXCERPT = 160  # characters of a broadcast's text shown to tell it apart
LISTED = tuple(s for s in BroadcastStatus if s is not BroadcastStatus.DRAFT)


@dataclass(frozen=True)
class Filters:
    """The page's filter; an unknown value (or a draft) lists every broadcast."""

    status: BroadcastStatus | None = None

    @classmethod
    def of(cls, query: Mapping[str, str]) -> Filters:
        status = query.get("status", "")
        known = {s.value: s for s in LISTED}
        return cls(known.get(status))


@dataclass(frozen=True)
class Row:
    """One broadcast with its audience in words, figures and failures by reason."""

    broadcast: Broadcast
    audience: str
    figures: repo.Figures
    reasons: list[tuple[str, int]]

    @property
    def excerpt(self) -> str:
        variants = self.broadcast.variants
        variant: Mapping[str, Any] = variants.get(self.broadcast.base_language) or next(
            iter(variants.values()), {}
        )
        text = " ".join(str(variant.get("text", "")).split())
        return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


@dataclass
class BroadcastsData:
    filters: Filters
    rows: list[Row] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


async def load(
    session: AsyncSession, segments: Segments, tr: Translator, filters: Filters, now: datetime
) -> BroadcastsData:
    """The latest ``SHOWN`` broadcasts (of the chosen state), newest first."""
    data = BroadcastsData(filters, total=await repo.count_listed(session, filters.status))
    for broadcast in await repo.recent(session, SHOWN, filters.status):
        figures = await repo.figures(session, broadcast.id, now)
        audience = await segments.describe(session, tr, broadcast.segment)
        data.rows.append(Row(broadcast, audience, figures, not_delivered(figures)))
    return data
