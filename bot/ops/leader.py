"""Exactly one process runs the scheduler: a PostgreSQL advisory lock on its own connection.

Several ``kylabot run`` processes may share one PostgreSQL database (issue 11). Each answers
the updates it receives and each sender drains the shared outbox (rows are claimed with FOR
UPDATE SKIP LOCKED), but the scheduler's jobs (round schedules, invitations and reminders,
the digest, pruning) must run in one process: two processes inviting the same round at the
same moment would both read "not invited yet". So the scheduler, and in polling mode the
poller (Telegram serves one getUpdates consumer per bot), are *duties* that only the process
holding a session-level advisory lock performs.

The lock lives on a dedicated connection outside the pool, with server-side TCP keepalives:
when the holder dies, PostgreSQL drops its connection and with it the lock, and another
process, which tries every ``KYLABOT_LEADER_INTERVAL`` seconds (2), takes over. The holder
checks its connection at the same pace and stops its duties as soon as the connection is gone
(another process may hold the lock already). On SQLite one process is the rule
(``single_process_lock``), so it leads from the start.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import IO, Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.ops.errors import OperatorError
from bot.services import Services

log = logging.getLogger(__name__)

LOCK_ID = 0x6B796C61  # "kyla": one lock per database (advisory locks are per database)
CONNECT_TIMEOUT = 5.0
Duty = tuple[Callable[[], Awaitable[None]], Callable[[], Awaitable[None]]]

_HOLDER = text(
    "SELECT a.application_name, a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid = :lock AND l.granted "
    "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)


class Leadership:
    """Holds (or waits for) the scheduler lock and runs the duties while it leads."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.settings = services.settings
        self.interval = services.settings.leader_interval
        self.name = f"kylabot-leader {socket.gethostname()}:{os.getpid()}"
        self.leading = False
        self._duties: list[Duty] = []
        self._connection: Any = None  # asyncpg.Connection holding the lock
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    async def add_duty(
        self, start: Callable[[], Awaitable[None]], stop: Callable[[], Awaitable[None]]
    ) -> None:
        """Work only the leader does; started now if this process leads already."""
        self._duties.append((start, stop))
        if self.leading:
            await start()

    async def start(self) -> None:
        """Leads at once if it can (SQLite always); otherwise keeps trying in the background."""
        if self.settings.is_sqlite:
            await self._gain()
            return
        if await self._try_lock():
            await self._gain()
        else:
            log.info("another process runs the scheduler; this one stands by")
        self._task = asyncio.create_task(self._watch(), name="leadership")

    async def stop(self) -> None:
        self._stopping = True
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self.leading:
            await self._lose("stopping")
        await self._close()

    async def describe(self) -> dict[str, Any]:
        """Who leads, for /healthz: this process, another one (by name), or nobody."""
        if self.settings.is_sqlite:
            return {"leader": "this process", "this_process": True}
        if self.leading:
            return {"leader": "this process", "this_process": True, "name": self.name}
        async with self.services.engine.connect() as connection:
            row = (await connection.execute(_HOLDER, {"lock": LOCK_ID})).first()
        if row is None:
            return {"leader": "none", "this_process": False}
        return {"leader": str(row[0] or f"pid {row[1]}"), "this_process": False}

    # ------------------------------------------------------------------------ internals

    async def _watch(self) -> None:
        while not self._stopping:
            await asyncio.sleep(self.interval)
            try:
                if self.leading:
                    if not await self._alive():
                        await self._lose("lost the database connection that held the lock")
                elif await self._try_lock():
                    await self._gain()
            except Exception:
                log.exception("leadership check failed")

    async def _gain(self) -> None:
        self.leading = True
        if not self.settings.is_sqlite:  # on SQLite there is nobody else to tell apart
            log.info("this process runs the scheduler now")
        for start, _stop in self._duties:
            await start()

    async def _lose(self, why: str) -> None:
        self.leading = False
        level = logging.INFO if self._stopping else logging.WARNING
        log.log(level, "this process no longer runs the scheduler: %s", why)
        for _start, stop in reversed(self._duties):
            try:
                await stop()
            except Exception:
                log.exception("could not stop a leader's duty")
        await self._close()

    async def _alive(self) -> bool:
        connection = self._connection
        if connection is None or connection.is_closed():
            return False
        try:
            await asyncio.wait_for(connection.fetchval("SELECT 1"), self.interval + 3)
        except (Exception, TimeoutError):
            return False
        return True

    async def _try_lock(self) -> bool:
        try:
            if self._connection is None or self._connection.is_closed():
                self._connection = await _connect(self.settings.database_url, self.name)
            return bool(await self._connection.fetchval("SELECT pg_try_advisory_lock($1)", LOCK_ID))
        except (Exception, TimeoutError) as error:
            log.warning("cannot try the scheduler lock: %s", type(error).__name__)
            await self._close()
            return False

    async def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(connection.close(), 2)
            if not connection.is_closed():
                connection.terminate()


async def _connect(database_url: str, name: str) -> Any:
    """A connection of its own (not the pool's): the lock lives exactly as long as it does."""
    import asyncpg

    url = make_url(database_url)
    connection = await asyncpg.connect(
        host=url.host,
        port=url.port,
        user=url.username,
        password=url.password,
        database=url.database,
        timeout=CONNECT_TIMEOUT,
        server_settings={
            "application_name": name[:63],
            # A holder whose machine vanished is noticed in about 15 s, not hours.
            "tcp_keepalives_idle": "5",
            "tcp_keepalives_interval": "2",
            "tcp_keepalives_count": "5",
        },
    )
    return connection


def of(services: Services) -> Leadership | None:
    return services.find(Leadership)


async def lead(services: Services, start_jobs: Callable[[], Awaitable[None]]) -> Leadership:
    """Runs the scheduler (``services.scheduler``) only while this process leads.

    ``start_jobs`` registers the features' jobs (and runs their catch-up); it runs the first
    time this process leads. Later the scheduler is paused and resumed.
    """
    leadership = Leadership(services)
    services.keep(leadership)
    scheduler = services.scheduler
    assert scheduler is not None
    first = True

    async def start() -> None:
        nonlocal first
        if first:
            first = False
            await start_jobs()
            scheduler.start()
        else:
            scheduler.resume()

    async def stop() -> None:
        if scheduler.running:
            scheduler.pause()

    await leadership.add_duty(start, stop)
    await leadership.start()
    return leadership


async def resign(services: Services) -> None:
    leadership = of(services)
    if leadership is not None:
        await leadership.stop()


# ------------------------------------------------------------------------------- SQLite


class AlreadyRunning(OperatorError):
    """Another ``kylabot run`` uses this SQLite file."""


def single_process_lock(database_url: str) -> IO[str] | None:
    """Takes ``FILE.run.lock`` beside a SQLite database; None for PostgreSQL or memory.

    The returned file must stay open for as long as the process runs (the kernel releases
    the lock when the process ends, also after SIGKILL). A second process gets AlreadyRunning.
    """
    path = sqlite_path(database_url)
    if path is None:
        return None
    lock_path = path.with_name(path.name + ".run.lock")
    handle = lock_path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise AlreadyRunning(
            f"another `kylabot run` ({holder}) is using {path}: one process per SQLite file; "
            "stop it first, or use PostgreSQL to run several"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}\n")
    handle.flush()
    return handle


def sqlite_running(database_url: str) -> bool:
    """True while some process holds the SQLite file's run lock."""
    path = sqlite_path(database_url)
    if path is None:
        return False
    lock_path = path.with_name(path.name + ".run.lock")
    if not lock_path.exists():
        return False
    with lock_path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    return False


def sqlite_path(database_url: str) -> Path | None:
    if not database_url.startswith("sqlite"):
        return None
    database = make_url(database_url).database
    if not database or database == ":memory:":
        return None
    return Path(database).resolve()
