"""Where the desk's pages are read and drawn: in worker processes beside the bot (issue 17).

A page costs 20–60 ms of CPU at 4,000 organisations (the rounds page's tables, the map's
pins), most of it Python drawing HTML. Drawn in the bot's own process, that CPU is taken from
the bot's updates: the event loop and the GIL are the same ones, so 20 page loads a second made
the bot's guided step 1.4–1.6× slower at the median and 2.5–3.2× at p95 (``python -m bench
desk``); a thread instead of the loop was worse (4.4×), as it holds the GIL in 5 ms slices.
In a process of its own, at the lowest CPU priority (``lower_priority``: nice 19 and Linux's
idle scheduling class), a page takes neither: the kernel gives the bot's process (and the
database) the CPU first, and the page takes what is left. Measured on two cores, the step
under 20 loads a second against without: at nice 10, 1.25–1.6× (p50) and 1.4–1.63× (p95); at
nice 19, 1.0–1.33× and 1.29–1.52×; in the idle class, 1.16–1.25× and 1.21–1.31×. The price is
paid by the pages while the bot is busy: they wait for a free core (under that load a page took
60–340 ms at the median instead of 10–60).

``KYLABOT_DESK_WORKERS`` sets how many such processes there are (1 by default; 0 draws the
pages in the bot's process, as the test harness does, whose clock can be a test's). They start
with the first page asked for, not with the bot, so a bot whose desk nobody opens never pays
their memory, and stop with it (``on_stop``). A worker builds its own services from the bot's
settings (``Services.worker_services``) and reads in its own read-only transaction, so it sees
what any process has committed. The sign-in stays in the bot's process: a refused request never
reaches a worker.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import multiprocessing
import os
import signal
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from bot.config import Settings
from bot.services import Services
from handlers.desk.auth import Viewer

log = logging.getLogger(__name__)

Page = Callable[[QueryParams, Services, AsyncSession, Viewer], Awaitable[str]]
NICE: Final = 19  # the lowest priority there is: the bot's updates come first
# Pages read and drawn at once in the bot's process (``KYLABOT_DESK_WORKERS=0``); more would
# only take turns on the same cores the bot's updates need.
IN_PROCESS: Final = 2


@dataclass(frozen=True)
class PageCall:
    """One page to draw: the page's function (pickled by name), the request's query string and
    the signed-in viewer."""

    render: Page
    query: str
    viewer: Viewer


async def read_and_draw(services: Services, call: PageCall) -> str:
    """The page's fragment, read in a transaction that only reads."""
    async with services.read() as session:
        return await call.render(QueryParams(call.query), services, session, call.viewer)


class PageDrawer:
    """Draws the desk's pages for the bot's HTTP listener: in ``workers`` processes, or in this
    one when there are none (or the services cannot start any)."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.workers = services.settings.desk_workers
        self._here = asyncio.Semaphore(IN_PROCESS)
        self._pool: ProcessPoolExecutor | None = None

    @property
    def in_process(self) -> bool:
        return self.workers == 0 or self.services.worker_services is None

    async def draw(self, call: PageCall) -> str:
        if self.in_process:
            async with self._here:
                return await read_and_draw(self.services, call)
        loop = asyncio.get_running_loop()
        pool = self._started()
        try:
            return await loop.run_in_executor(pool, draw_in_worker, call)
        except BrokenProcessPool:
            # A worker died (killed, out of memory): start them again and draw once more. Only
            # the pool that broke is stopped: pages that were waiting on it at the same moment
            # would otherwise stop the new one, and the pages already sent to it.
            if self._pool is pool:
                log.warning("a desk page worker died; starting the workers again")
                self._stop_pool()
            return await loop.run_in_executor(self._started(), draw_in_worker, call)

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            factory = self.services.worker_services
            assert factory is not None  # in_process otherwise
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                # not fork: this process has threads (aiosqlite's, the executor's)
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_worker,
                initargs=(factory, self.services.settings),
            )
        return self._pool

    def _stop_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    async def close(self) -> None:
        """Stops the workers (at the bot's stop); a page being drawn is let finish."""
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.get_running_loop().run_in_executor(None, pool.shutdown)


# ----------------------------------------------------------------- inside a worker process


@dataclass
class _Worker:
    loop: asyncio.AbstractEventLoop
    services: Services


_worker: _Worker | None = None


def start_worker(factory: Callable[[Settings], Services], settings: Settings) -> None:
    """A worker's start: lower priority, its own event loop and services."""
    global _worker
    lower_priority()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the bot's to handle
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    services = factory(settings)
    _worker = _Worker(loop, services)
    atexit.register(_stop_worker)


def lower_priority() -> None:
    """nice 19, and Linux's idle class where there is one: the worker runs when the bot, the
    database and everything else at a normal priority have had the CPU (threads started
    afterwards, such as aiosqlite's, inherit both)."""
    try:
        os.nice(NICE)
        if hasattr(os, "sched_setscheduler"):
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except OSError:  # a sandbox that forbids even lowering one's own priority: draw anyway
        log.warning("desk page worker: could not lower its CPU priority", exc_info=True)


def draw_in_worker(call: PageCall) -> str:
    assert _worker is not None, "start_worker runs first"
    return _worker.loop.run_until_complete(read_and_draw(_worker.services, call))


def _stop_worker() -> None:
    if _worker is not None:
        with contextlib.suppress(Exception):  # leaving anyway: the connections close with us
            _worker.loop.run_until_complete(_worker.services.engine.dispose())
