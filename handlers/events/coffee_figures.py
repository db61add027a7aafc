"""The coffee roulette's figures per round, for the chat (/coffee), ``kylabot coffee rounds``
and the desk alike, so the three never count differently.

Of a round's matches, the paired are the people placed in a group (``group_no`` set; the rest
found nobody who shares a language); met are the paired who answered "yes" to "Did you meet?";
the meeting rate is met over paired; no answer counts the paired who have not answered yet.
"not yet" and "no" are answers, so they count neither as met nor as no answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CoffeeMatch, CoffeeRound
from storage.repos import coffee


@dataclass(frozen=True)
class Figures:
    paired: int
    met: int
    unanswered: int

    @property
    def rate(self) -> float:
        """Met over paired (0 for a round with nobody paired)."""
        return self.met / self.paired if self.paired else 0.0


def round_figures(matches: list[CoffeeMatch]) -> Figures:
    paired = [m for m in matches if m.group_no is not None]
    return Figures(
        paired=len(paired),
        met=sum(1 for m in paired if m.answer == "yes"),
        unanswered=sum(1 for m in paired if m.answer is None),
    )


async def recent_round_figures(
    session: AsyncSession, limit: int
) -> list[tuple[CoffeeRound, Figures]]:
    """The latest ``limit`` rounds, newest first, each with its figures (two queries)."""
    rounds = await coffee.recent_rounds(session, limit)
    by_round: dict[int, list[CoffeeMatch]] = {found.id: [] for found in rounds}
    for match in await coffee.matches_of_rounds(session, list(by_round)):
        by_round[match.round_id].append(match)
    return [(found, round_figures(by_round[found.id])) for found in rounds]
