"""A transient database error is retried, not turned into an apology (issue 19, item 4).

A deadlock or a serialisation failure on PostgreSQL, "database is locked" on SQLite: none is
the person's fault, and the same update succeeds a moment later. One such error is injected
into the transaction that stores a tapped answer, at the statement that stores it: the tap must
be stored once, the person must get the next question once and no apology, and /metrics must
count the retry.

On PostgreSQL the error is the server's own: the statement is swapped for one that raises
SQLSTATE 40P01, so it comes through asyncpg and SQLAlchemy exactly as a deadlock does. On
SQLite it is the error SQLAlchemy raises for SQLITE_BUSY (an ``OperationalError`` over
sqlite3's, code 5), raised where the statement would run.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.harness import LocalBot
from bot.ops import metrics
from bot.router import FAILED
from storage.models import Answer, MeasureStatus
from tests.checkin.support import invited_contact
from tests.helpers import has_buttons, texts

pytestmark = pytest.mark.e2e

DEADLOCK = (
    "DO $$ BEGIN RAISE EXCEPTION 'deadlock detected (injected)' "
    "USING ERRCODE = 'deadlock_detected'; END $$"
)


class OneFault:
    """Fails the first statement that starts with ``prefix``, once, as the database would."""

    def __init__(self, engine: AsyncEngine, prefix: str) -> None:
        self.prefix = prefix
        self.raised = 0
        self.dialect = engine.dialect.name
        event.listen(engine.sync_engine, "before_cursor_execute", self.before, retval=True)

    def before(
        self, _conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, _many: bool
    ) -> tuple[str, Any]:
        if self.raised or not statement.startswith(self.prefix):
            return statement, parameters
        self.raised += 1
        if self.dialect == "postgresql":
            return DEADLOCK, ()
        busy = sqlite3.OperationalError("database is locked")
        busy.sqlite_errorcode = sqlite3.SQLITE_BUSY  # type: ignore[attr-defined]
        busy.sqlite_errorname = "SQLITE_BUSY"  # type: ignore[attr-defined]
        raise OperationalError(statement, parameters, busy)


def _counted(bot: LocalBot, name: str, labels: dict[str, str]) -> float:
    found = metrics.of(bot.services)
    assert found is not None
    value = found.registry.get_sample_value(name, labels)
    return float(value or 0.0)


async def test_one_transient_error_is_retried_and_the_tap_is_stored(database_url: str) -> None:
    async with LocalBot(database_url) as bot:
        user = await invited_contact(bot, "Sevettijärven kyläyhdistys", 11, "en")
        await user.tap("Start")
        first = await user.wait_for_message(has_buttons)
        assert (first.text or "").startswith("1/4 · Village safety")
        fault = OneFault(bot.services.engine, "INSERT INTO answer")
        await user.tap("Done")
        prompt = await user.wait_for_message(has_buttons)
        await bot.settle()
        assert fault.raised == 1
        async with bot.services.sessionmaker() as session:
            stored = list(await session.scalars(select(Answer.status)))
        assert stored == [MeasureStatus.DONE]
        apologies = {bot.services.catalogs.get(language)._(FAILED) for language in ("fi", "en")}
        assert apologies & set(texts(user)) == set()
        transcript = user.transcript()
        after_tap = transcript[len(transcript) - transcript[::-1].index("  (tapped: Done)") :]
        said = [line for line in after_tap if line.startswith("<")]
        assert said == [f"< [edited] {prompt.text}"]  # the question became the comment prompt
        kind = "busy" if bot.services.settings.is_sqlite else "deadlock"
        assert _counted(bot, "kylabot_db_transient_total", {"kind": kind, "result": "retried"}) == 1
        assert (
            _counted(bot, "kylabot_updates_total", {"kind": "callback_query", "outcome": "failed"})
            == 0
        )
