"""Handing stored updates to the application: new ones, a crash's backlog, and orphans.

Every update is stored in the inbound journal (``storage.repos.inbound``) before Telegram is
told to forget it, by the poller (``bot.polling``) or the webhook (``bot.ops.webhook``), and
is handed to the application here. What was stored and never handled is handed over too:

- at start, the whole backlog a crash left, page after page, before any new update, so each
  chat's updates are handled in the order they came (issue 19, item 3: only the first 1,000
  were, and the rest waited for the next restart although Telegram had forgotten them);
- while running, every ``SWEEP_EVERY`` seconds, in polling and webhook mode, on SQLite and
  PostgreSQL: updates stored more than ``SWEEP_AFTER`` ago and still not handled (a sibling
  process died after storing them; this process could not even record that an update
  failed). The scheduler's leader sweeps (one process of several).

The updates this process has handed over and not yet seen through the router (``in_flight``)
are never handed over again: a process that is behind would otherwise queue its own backlog
a second time on every sweep (each copy one more transaction, skipped as a duplicate).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot.ops import leader
from bot.services import Services
from storage.db import reading
from storage.repos import inbound

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
SWEEP_EVERY = 10.0
SWEEP_AFTER = timedelta(seconds=30)  # not handled this long after it was stored: orphaned
PAGE = 1000
IN_FLIGHT = "kylabot.in_flight"


def in_flight(application: AnyApplication) -> set[int]:
    """The ids of updates handed to ``application`` that the router has not finished."""
    found: set[int] = application.bot_data.setdefault(IN_FLIGHT, set())
    return found


async def enqueue(application: AnyApplication, payload: dict[str, Any]) -> None:
    """Hands a stored update to the application (the poller's way, and the webhook's)."""
    update = Update.de_json(payload, application.bot)
    in_flight(application).add(update.update_id)
    await application.update_queue.put(update)


async def finished(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs after the router (a later handler group): the update is no longer in flight.

    Handled or not: an update whose handling could not be recorded is the sweep's again.
    """
    in_flight(context.application).discard(update.update_id)


async def recover(
    application: AnyApplication,
    services: Services,
    older_than: datetime | None = None,
    handed: set[int] | None = None,
) -> int:
    """Hands over the updates stored but not handled, oldest first, every page of them.

    ``older_than``: only those stored before it (the sweep). ``handed``: ids not to hand over
    (in flight in this process); those handed over now are added to it.
    """
    total, after = 0, None
    while True:
        async with reading(services.sessionmaker) as session:
            page = await inbound.unhandled(session, PAGE, older_than, after=after)
        if not page:
            break
        after = page[-1].update_id
        for item in page:
            if handed is not None and item.update_id in handed:
                continue
            await enqueue(application, item.payload)
            if handed is not None:
                handed.add(item.update_id)
            total += 1
    if total:
        log.warning("handling %d updates stored but not handled", total)
    return total


class Sweeper:
    """The periodic sweep, a duty of the scheduler's leader (see the module docstring)."""

    def __init__(self, application: AnyApplication, services: Services) -> None:
        self.application = application
        self.services = services
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    async def install(self) -> None:
        """Sweeps while this process leads (at once on SQLite: one process leads there)."""
        self.services.keep(self)
        leadership = leader.of(self.services)
        if leadership is None:
            await self.start()
        else:
            await leadership.add_duty(self.start, self.stop)

    async def sweep(self) -> int:
        """Hands over the orphans of now; how many."""
        older_than = self.services.now() - SWEEP_AFTER
        handed = in_flight(self.application)
        return await recover(self.application, self.services, older_than, handed)

    async def start(self) -> None:
        if self._task is None:
            self._stopping = asyncio.Event()
            self._task = asyncio.create_task(self._loop(self._stopping), name="journal-sweep")

    async def stop(self) -> None:
        """Stops between sweeps: a sweep cancelled mid-read could leave its connection in a
        transaction (on SQLite, holding the write lock)."""
        task, self._task = self._task, None
        if task is not None:
            self._stopping.set()
            await task

    async def _loop(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), SWEEP_EVERY)
                return
            try:
                await self.sweep()
            except Exception:
                log.exception("sweeping unhandled updates failed")
