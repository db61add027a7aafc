"""Transient database errors: the whole transaction again, a few times, before anyone hears.

A deadlock (PostgreSQL 40P01), a serialisation failure (40001) or "database is locked"
(SQLite's SQLITE_BUSY and SQLITE_LOCKED) says nothing about the update: the same transaction
succeeds a moment later. Issue 19, item 4: the router turned each into "Sorry, something went
wrong" and marked the update failed for good, so a tap was lost to a collision with another
writer. ``retrying`` runs the attempt again with a growing, jittered pause; the attempt is a
whole transaction (an update's: the journal's claim, the state, the outbox rows), rolled back
on the error, so nothing it wrote is kept or sent twice. Other errors are not retried.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import random
import sqlite3
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

T = TypeVar("T")

RETRIES = 3  # attempts after the first
BACKOFF = 0.05  # seconds before the first retry, doubled for each next one (plus jitter)


class Transient(enum.StrEnum):
    DEADLOCK = "deadlock"
    SERIALIZATION = "serialization"
    BUSY = "busy"


_SQLSTATES = {"40P01": Transient.DEADLOCK, "40001": Transient.SERIALIZATION}
_SQLITE_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def transient_kind(error: BaseException) -> Transient | None:
    """What kind of transient database error ``error`` is; None when it is not one."""
    if not isinstance(error, DBAPIError):
        return None
    original = error.orig
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if state in _SQLSTATES:
        return _SQLSTATES[state]
    if isinstance(original, sqlite3.Error):
        code = getattr(original, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF in _SQLITE_CODES:  # extended codes too
            return Transient.BUSY
    return None


Observe = Callable[[Transient, str], None]  # (kind, "retried" or "gave_up")


async def retrying(
    attempt: Callable[[], Awaitable[T]],
    observe: Observe,
    *,
    retries: int = RETRIES,
    backoff: float = BACKOFF,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """``await attempt()``, again after a transient database error, at most ``retries`` more
    times; the last error, or any other, is raised."""
    for tried in range(retries + 1):
        try:
            return await attempt()
        except Exception as error:
            kind = transient_kind(error)
            if kind is None:
                raise
            if tried == retries:
                observe(kind, "gave_up")
                raise
            observe(kind, "retried")
            pause = backoff * 2**tried * (1 + random.random())
            log.info("transient database error (%s); trying again in %.2f s", kind, pause)
            await sleep(pause)
    raise AssertionError("unreachable")  # the loop returns or raises
