"""How often a conversation step crosses to SQLite's thread: the CPU budget of issue 8.

Each crossing to aiosqlite's thread costs two thread switches and a wake-up of the event loop,
which made the round trips most of an update's CPU. A step of the foundation benchmark
(``/language`` or a tap on a language) stays within a budget of crossings, counted end to end:
the inbound journal's store, the update's transaction, the outcomes of its sends. SQLAlchemy's
stock adapter made about thirty; the figure here is about nine.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from bot.harness import LocalBot
from storage.models import OrgKind
from tests.helpers import has_buttons, make_org, onboard

STEPS = 12
TRIPS_PER_STEP = 10


@pytest.fixture
async def sqlite_bot(sqlite_template: Path, tmp_path: Path) -> AsyncIterator[LocalBot]:
    target = tmp_path / "kylabot.db"
    shutil.copyfile(sqlite_template, target)
    async with LocalBot(f"sqlite+aiosqlite:///{target}") as bot:
        yield bot


async def test_a_step_stays_within_its_budget_of_trips_to_sqlite(
    sqlite_bot: LocalBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    organisation = await make_org(sqlite_bot, "Trippilä ry", OrgKind.VILLAGE_ASSOCIATION)
    user = sqlite_bot.emulator.user(4100, "Matkaaja")
    await onboard(sqlite_bot, user, organisation)

    trips: Counter[str] = Counter()
    original = aiosqlite.Connection._execute

    async def counting(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        trips[getattr(fn, "__name__", "other")] += 1
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counting)
    languages = ["sv", "en", "fi"]
    for step in range(STEPS // 2):
        await user.send_text("/language")
        await user.wait_for_message(has_buttons)
        await user.tap(
            sqlite_bot.services.catalogs.language_label(languages[step % len(languages)])
        )
        await user.wait_for_message(lambda message: not has_buttons(message))
    await sqlite_bot.settle()
    await user.wait_idle(quiet=0.3)

    total = sum(trips.values())
    assert trips["_run_statement"] > 0, trips  # the steps went through the one-trip adapter
    assert total <= STEPS * TRIPS_PER_STEP, trips
