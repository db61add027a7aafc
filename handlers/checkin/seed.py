"""Seed answers: how each measure of the example plan turned out (for demos and trials).

The file maps measure keys to a status (``done``, ``in_progress``, ``not_done``) or to
``{status: ..., comment: ...}``; a comment is a text (Finnish) or a
mapping of language to text. Applying it answers every responsible organisation's measures
as an import (no person), which the report then counts like any other answer; an
organisation whose measures are then all answered counts as finished in /rounds too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.checkin.rounds import complete_answered, localized
from storage.models import MeasureStatus, Round
from storage.repos import checkin as repo

EXAMPLES = Path(__file__).resolve().parents[2] / "deploy" / "examples"
EXAMPLE_PLAN = EXAMPLES / "lapland-plan-2020-2023.yaml"
EXAMPLE_ANSWERS = EXAMPLES / "lapland-plan-2020-2023.answers.yaml"


@dataclass(frozen=True)
class SeedAnswer:
    status: MeasureStatus
    comments: dict[str, str]  # language -> comment; a plain string in the file is Finnish

    @property
    def comment(self) -> str | None:
        """The comment as an import stores it (Finnish, else any)."""
        return localized(self.comments, "fi") or None

    def comment_in(self, language: str) -> str | None:
        """The comment a contact using ``language`` would write (the demo types it)."""
        return localized(self.comments, language) or None


def load_seed(path: Path = EXAMPLE_ANSWERS) -> dict[str, SeedAnswer]:
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    result: dict[str, SeedAnswer] = {}
    for key, value in (document.get("answers") or {}).items():
        if isinstance(value, dict):
            status, comment = value.get("status"), value.get("comment")
        else:
            status, comment = value, None
        try:
            parsed = MeasureStatus(str(status))
        except ValueError:
            raise ValueError(f"{path}: {key}: unknown status {status!r}") from None
        if isinstance(comment, dict):
            comments = {str(k): str(v) for k, v in comment.items()}
        else:
            comments = {"fi": str(comment)} if comment else {}
        result[str(key)] = SeedAnswer(parsed, comments)
    return result


async def apply_seed(
    session: AsyncSession,
    round_: Round,
    seed: dict[str, SeedAnswer],
    now: datetime,
    skip_organisations: set[int] | None = None,
) -> int:
    """Answers the round's measures as ``seed`` says; returns how many answers were stored."""
    stored = 0
    for measure in await repo.plan_measures(session, round_.plan_id):
        answer = seed.get(measure.key)
        if answer is None:
            continue
        for responsibility in measure.responsibilities:
            if skip_organisations and responsibility.organisation_id in skip_organisations:
                continue
            await repo.record_answer(
                session,
                round_.id,
                measure.id,
                responsibility.organisation_id,
                None,
                answer.status,
                None,
                now,
                answer.comment,
            )
            stored += 1
    await complete_answered(session, round_, now)
    return stored
