"""A bot with the desk on, a clock the test moves, and a coordinator who signs in (en)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.harness import LocalBot
from storage.models import Role
from tests.desk.phenomena.support import COORDINATOR
from tests.desk.support import DESK_URL, Clock, add_person


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def bot(database_url: str, clock: Clock) -> AsyncIterator[LocalBot]:
    async with LocalBot(database_url, clock=clock, desk_url=DESK_URL) as started:
        await add_person(started, COORDINATOR, Role.COORDINATOR, language="en")
        yield started
