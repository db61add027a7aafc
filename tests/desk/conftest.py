"""The desk's tests: the bot's clock, stopped at a civil hour of a Monday (``MONDAY``), which
a test moves (initData ages, reminders' days and hours are measured against it)."""

from __future__ import annotations

import pytest

from tests.desk.rounds_support import MONDAY
from tests.desk.support import Clock


@pytest.fixture
def clock() -> Clock:
    found = Clock()
    found.now = MONDAY
    return found
