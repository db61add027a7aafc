"""The desk's pages drawn in a worker process beside the bot (``KYLABOT_DESK_WORKERS``).

The test harness draws pages in its own process (its clock can be a test's); these tests turn
the worker on, as ``kylabot run`` has it by default, and hold it to the same pages, a lower CPU
priority than the bot's, a worker that dies being replaced, and no worker left after the stop.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
from dataclasses import replace

import pytest

from bot.harness import LocalBot
from handlers.desk import web
from handlers.desk.drawing import NICE
from storage.models import Role
from tests.checkin.support import import_example
from tests.desk.rounds_support import new_round
from tests.desk.support import DESK_URL, desk_client, init_data, signed
from tests.helpers import make_org, onboard

pytestmark = pytest.mark.e2e

COORDINATOR = 702


async def _coordinator(bot: LocalBot) -> dict[str, str]:
    council = await make_org(bot, "Lapin maakuntaliitto", municipality="Rovaniemi")
    user = bot.emulator.user(COORDINATOR, "Kaisa", language_code="fi")
    await onboard(bot, user, council, "fi", Role.COORDINATOR)
    return signed(init_data(bot, COORDINATOR, "fi"))


async def _pages(bot: LocalBot, headers: dict[str, str]) -> dict[str, str]:
    found = {}
    async with desk_client(bot) as client:
        for page in web.PAGES:
            if page.nav:
                answer = await client.get(f"/desk/page/{page.name}", headers=headers)
                assert answer.status_code == 200, (page.name, answer.text)
                found[page.name] = answer.text
    return found


async def test_a_worker_draws_the_same_pages_at_a_lower_priority(database_url: str) -> None:
    async with LocalBot(database_url, desk_url=DESK_URL, desk_workers=1) as bot:
        await import_example(bot)
        headers = await _coordinator(bot)
        await new_round(bot)
        drawn_by_worker = await _pages(bot, headers)
        workers = multiprocessing.active_children()
        assert len(workers) == 1
        assert workers[0].pid is not None
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, workers[0].pid) == min(ours + NICE, 19)
        assert os.sched_getscheduler(workers[0].pid) == os.SCHED_IDLE

        await web.stop_drawer(bot.services)  # what the bot's stop does (the feature's on_stop)
        workers[0].join(timeout=10)
        assert multiprocessing.active_children() == []
        bot.services.settings = replace(bot.services.settings, desk_workers=0)
        drawn_here = await _pages(bot, headers)
        assert multiprocessing.active_children() == []

    assert drawn_by_worker == drawn_here
    assert "72\u00a0%" in drawn_by_worker["rounds"]  # the example round's figures, not empty


# The workers' lives, not the database's part: SQLite only (the test above reads both).
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_dead_worker_is_replaced_and_the_stop_ends_the_workers(database_url: str) -> None:
    async with LocalBot(database_url, desk_url=DESK_URL, desk_workers=1) as bot:
        headers = await _coordinator(bot)
        async with desk_client(bot) as client:
            first = await client.get("/desk/page/events", headers=headers)
            (worker,) = multiprocessing.active_children()
            assert worker.pid is not None
            os.kill(worker.pid, signal.SIGKILL)
            worker.join(timeout=10)
            again = await client.get("/desk/page/events", headers=headers)
            (replaced,) = multiprocessing.active_children()
            assert replaced.pid is not None
            # pages that meet the broken pool together replace it once, and all are drawn
            os.kill(replaced.pid, signal.SIGKILL)
            replaced.join(timeout=10)
            together = await asyncio.gather(
                *(client.get("/desk/page/events", headers=headers) for _ in range(4))
            )
            (last,) = multiprocessing.active_children()
            stranger = await client.get("/desk/page/events", headers=signed("user=%7B%7D"))
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.text == first.text
    assert [page.status_code for page in together] == [200] * 4
    assert {page.text for page in together} == {first.text}
    assert replaced.pid != worker.pid
    assert last.pid not in (worker.pid, replaced.pid)
    assert stranger.status_code == 401
    last.join(timeout=10)
    assert multiprocessing.active_children() == []
