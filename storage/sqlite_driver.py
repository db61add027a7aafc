"""SQLite through aiosqlite in one trip to the driver's thread per statement.

aiosqlite runs every sqlite3 call on a thread of its own, and each call is a round trip: the
event loop queues it, the thread wakes, runs it, and wakes the loop again. SQLAlchemy's
aiosqlite adapter makes four such trips for one ``SELECT`` (open a cursor, execute, fetch
all rows, close the cursor) and three for a write, and every transaction adds a ``BEGIN
IMMEDIATE`` (three more), a commit and the pool's rollback when the connection goes back.
Each trip costs two thread switches and a pipe write, about 0.1 ms of CPU here, which made
the database round trips most of an update's CPU (issue 8's CPU target).

This adapter keeps SQLAlchemy's dialect and aiosqlite's thread and changes only how calls
cross over: a statement runs, its rows are fetched and its cursor closed in one trip; the
``BEGIN`` rides along with the transaction's first statement; and a commit or rollback with
no statement sent since the last one (the pool's reset, a read that never began) makes no
trip at all. Results are buffered, as SQLAlchemy's adapter buffers them already; streaming
(server-side) cursors keep the stock behaviour.

Ordering (issue 19): a trip once queued runs on the thread whatever happens to the task that
queued it, so nothing about the connection's state is read on the event loop. Whether a
COMMIT or ROLLBACK has anything to end is decided on the thread, after every statement queued
before it; and a task cancelled while its commit, rollback or close is queued waits for that
trip before the cancellation goes on, so the connection never goes back to the pool (or
leaves the write lock held) with a transaction still to be ended.

It uses names of SQLAlchemy and aiosqlite that are not public API; ``UPSTREAM_NAMES`` lists
every one, checked at import, and ``pyproject.toml`` pins the versions it was written for.

Installed by ``storage.db.create_engine`` with ``create_async_engine(..., module=...)``.
"""

from __future__ import annotations

import asyncio
import collections
import importlib
import sqlite3
from collections.abc import Sequence
from typing import Any, TypeVar, cast

import aiosqlite
import sqlalchemy.util as sa_util
from sqlalchemy.connectors import asyncio as sa_connectors
from sqlalchemy.dialects.sqlite import aiosqlite as sa_aiosqlite
from sqlalchemy.util import concurrency as sa_concurrency

T = TypeVar("T")

# Every name of SQLAlchemy and aiosqlite this module relies on beyond their public API, as
# "module:attribute" or "module:Class.attribute" (a class attribute, a slot, or an attribute
# the class's __init__ sets). tests/storage/test_sqlite_upstream.py checks that the installed
# versions have them all and that this list names every such name the module uses.
UPSTREAM_NAMES: tuple[str, ...] = (
    "sqlalchemy.util:EMPTY_DICT",
    "sqlalchemy.util.concurrency:await_",
    "sqlalchemy.util.concurrency:in_greenlet",
    "sqlalchemy.connectors.asyncio:AsyncAdapt_dbapi_connection._connection",
    "sqlalchemy.connectors.asyncio:AsyncAdapt_dbapi_connection._execute_mutex",
    "sqlalchemy.connectors.asyncio:AsyncAdapt_dbapi_connection._handle_exception",
    "sqlalchemy.connectors.asyncio:AsyncAdapt_dbapi_connection._cursor_cls",
    "sqlalchemy.connectors.asyncio:AsyncAdapt_dbapi_cursor._adapt_connection",
    "sqlalchemy.connectors.asyncio:AsyncAdapt_dbapi_cursor._connection",
    "sqlalchemy.connectors.asyncio:AsyncAdapt_dbapi_cursor._rows",
    "sqlalchemy.connectors.asyncio:AsyncAdapt_dbapi_cursor._soft_closed_memoized",
    "sqlalchemy.connectors.asyncio:AsyncAdapt_dbapi_cursor._async_soft_close",
    "sqlalchemy.connectors.asyncio:AsyncIODBAPIConnection",
    "sqlalchemy.dialects.sqlite.aiosqlite:AsyncAdapt_aiosqlite_connection",
    "sqlalchemy.dialects.sqlite.aiosqlite:AsyncAdapt_aiosqlite_connection._terminate_force_close",
    "sqlalchemy.dialects.sqlite.aiosqlite:AsyncAdapt_aiosqlite_cursor",
    "sqlalchemy.dialects.sqlite.aiosqlite:AsyncAdapt_aiosqlite_dbapi",
    "aiosqlite:Connection._execute",
    "aiosqlite:Connection._conn",
    "aiosqlite:Connection._connection",
)


def missing_upstream_names(names: Sequence[str] = UPSTREAM_NAMES) -> list[str]:
    """The names of ``names`` the installed SQLAlchemy and aiosqlite no longer have."""
    return [name for name in names if not _has(name)]


def _has(name: str) -> bool:
    module_name, _, path = name.partition(":")
    try:
        owner: Any = importlib.import_module(module_name)
    except ImportError:
        return False
    *owners, attribute = path.split(".")
    for part in owners:
        owner = getattr(owner, part, None)
        if owner is None:
            return False
    if hasattr(owner, attribute):
        return True
    # An attribute an instance gets in __init__ (aiosqlite's Connection has no slots).
    init = getattr(owner, "__init__", None) if isinstance(owner, type) else None
    code = getattr(init, "__code__", None)
    return code is not None and attribute in code.co_names


def upstream_problem(missing: Sequence[str]) -> str:
    """The message for an upgrade that removed names this adapter uses."""
    return (
        "storage/sqlite_driver.py uses names that the installed SQLAlchemy "
        f"{_version('sqlalchemy')} / aiosqlite {_version('aiosqlite')} "
        f"no longer have: {', '.join(missing)}. Install the versions pinned in pyproject.toml, "
        "or adapt the module to the new ones."
    )


def _version(module_name: str) -> str:
    return str(getattr(importlib.import_module(module_name), "__version__", "?"))


_MISSING = missing_upstream_names()
if _MISSING:
    raise ImportError(upstream_problem(_MISSING))


# What one statement leaves behind: description, rowcount, lastrowid and the rows.
_Outcome = tuple[Any, int, int | None, list[Any]]


def _run_statement(
    connection: sqlite3.Connection,
    begin: str | None,
    read_only: bool,
    operation: str,
    parameters: Any,
    many: bool,
) -> _Outcome:
    """Runs on aiosqlite's thread: the deferred BEGIN, the statement, its rows, the close."""
    if begin is not None:
        if read_only:  # a write in a read-only transaction fails, as on PostgreSQL
            connection.execute("PRAGMA query_only=ON")
        connection.execute(begin)
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


def _finish(connection: sqlite3.Connection, commit: bool, read_only: bool) -> None:
    """Runs on aiosqlite's thread, after every statement queued before: ends what is open."""
    try:
        if connection.in_transaction:
            if commit:
                connection.commit()
            else:
                connection.rollback()
    finally:
        if read_only:
            connection.execute("PRAGMA query_only=OFF")


async def _waited_out(trip: asyncio.Future[T]) -> T:
    """``trip``'s result, waiting for it even if the awaiting task is cancelled meanwhile.

    A queued trip runs on aiosqlite's thread whatever happens to its awaiter. Giving up on it
    early would let the connection's next user (the pool's reset, the next transaction, the
    next writer on another connection) act while a COMMIT, ROLLBACK or close is still to come.
    Such a trip takes milliseconds, or as long as the statement queued before it (a lock wait
    of at most the busy timeout); the cancellation goes on right after it.
    """
    cancelled = False
    while not trip.done():
        try:
            await asyncio.shield(trip)
        except asyncio.CancelledError:
            cancelled = True
        except Exception:
            break  # the trip's own failure: raised below, unless a cancellation came first
    if cancelled:
        if not trip.cancelled():
            trip.exception()  # retrieved: the cancellation is what the caller asked for
        raise asyncio.CancelledError
    return trip.result()


class OneTripCursor(sa_aiosqlite.AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose every execute is a single trip to aiosqlite's thread."""

    __slots__ = ("_arraysize", "_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: sa_connectors.AsyncAdapt_dbapi_connection) -> None:
        # No sqlite3 cursor is opened here: the statement's trip opens and closes its own.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._soft_closed_memoized = sa_util.EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._arraysize = 1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        # sqlite3's value as it is, None before any insert, like the stock adapter's.
        return cast(int, self._lastrowid)

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    async def _async_soft_close(self) -> None:
        """Nothing to close: the statement's own trip closed the sqlite3 cursor."""

    def close(self) -> None:
        self._rows.clear()

    def setinputsizes(self, *inputsizes: Any) -> None:
        """sqlite3 ignores input sizes; no trip for them."""

    def execute(self, operation: Any, parameters: Any = None) -> None:
        try:
            sa_concurrency.await_(self._execute_in_one_trip(operation, parameters, many=False))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> None:
        try:
            sa_concurrency.await_(
                self._execute_in_one_trip(operation, seq_of_parameters, many=True)
            )
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    async def _execute_in_one_trip(self, operation: str, parameters: Any, many: bool) -> None:
        adapted = self._adapt_connection
        assert isinstance(adapted, OneTripConnection)
        async with adapted._execute_mutex:
            # Taken and marked sent just before the trip is queued: in queue order.
            begin, read_only = adapted.statement_sent()
            outcome: _Outcome = await self._connection._execute(
                _run_statement,
                self._connection._conn,
                begin,
                read_only,
                operation,
                parameters,
                many,
            )
        self._description, self._rowcount, self._lastrowid, rows = outcome
        self._rows = collections.deque(rows)


class OneTripConnection(sa_aiosqlite.AsyncAdapt_aiosqlite_connection):
    """Defers ``BEGIN`` to the first statement and skips ends with nothing sent before."""

    __slots__ = ("_pending_begin", "_pending_read_only", "_read_only", "_sent")

    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: Any, connection: sa_connectors.AsyncIODBAPIConnection) -> None:
        super().__init__(dbapi, connection)
        self._pending_begin: str | None = None
        self._pending_read_only = False
        self._read_only = False  # the open transaction set query_only
        self._sent = False  # a statement was queued since the last COMMIT or ROLLBACK

    def begin_with_next_statement(self, begin: str, *, read_only: bool = False) -> None:
        """``begin`` (e.g. ``BEGIN IMMEDIATE``) is sent with the next statement, not alone.

        ``read_only``: the transaction also refuses writes (``PRAGMA query_only``), so a
        deferred ``BEGIN`` can never need the write lock halfway through.
        """
        self._pending_begin = begin
        self._pending_read_only = read_only

    def statement_sent(self) -> tuple[str | None, bool]:
        """Called as a statement's trip is queued: the BEGIN it carries, and whether read-only."""
        begin, self._pending_begin = self._pending_begin, None
        read_only = begin is not None and self._pending_read_only
        if read_only:
            self._read_only = True
        self._sent = True
        return begin, read_only

    def cursor(self, server_side: bool = False) -> Any:
        if server_side:
            # Streaming keeps the stock cursor, whose statements are sent apart from ours:
            # the pending BEGIN goes first, on its own trip.
            begin, read_only = self.statement_sent()
            if begin is not None:
                driver = self._connection
                sa_concurrency.await_(
                    driver._execute(
                        _run_statement, driver._conn, begin, read_only, "SELECT 1", None, False
                    )
                )
        return super().cursor(server_side)

    def commit(self) -> None:
        self._end(commit=True)

    def rollback(self) -> None:
        self._end(commit=False)

    def _end(self, *, commit: bool) -> None:
        """COMMIT or ROLLBACK, decided on aiosqlite's thread; no trip if nothing was sent.

        A BEGIN still pending was never sent, so it is dropped. With no statement queued since
        the last end no transaction can be open, which the event loop knows without asking
        the thread; otherwise ``_finish`` looks at sqlite3's own flag there, in queue order.
        """
        self._pending_begin = None
        if not self._sent or self._connection._connection is None:
            return
        driver = self._connection
        read_only = self._read_only
        try:
            sa_concurrency.await_(
                _waited_out(
                    asyncio.ensure_future(driver._execute(_finish, driver._conn, commit, read_only))
                )
            )
        except Exception as error:
            self._handle_exception(error)
        self._sent = False
        self._read_only = False

    def terminate(self) -> None:
        """Closes an invalidated connection (SQLAlchemy does so after a cancelled statement).

        SQLAlchemy's own version gives up on the graceful close when cancelled a second time
        and stops aiosqlite's thread without waiting; the statement still queued then holds
        the write lock after the task is gone. Here the close, queued behind that statement,
        is waited out first.
        """
        if not sa_concurrency.in_greenlet():
            self._terminate_force_close()  # garbage collection: no awaiting possible
            return
        try:
            sa_concurrency.await_(_waited_out(asyncio.ensure_future(self._connection.close())))
        except (ValueError, OSError, sqlite3.Error):
            self._terminate_force_close()  # already closed or broken: stop the thread


class OneTripDbapi(sa_aiosqlite.AsyncAdapt_aiosqlite_dbapi):
    """SQLAlchemy's aiosqlite DBAPI module, handing out one-trip connections."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        stock = super().connect(*arg, **kw)
        return OneTripConnection(self, stock._connection)


def one_trip_dbapi() -> OneTripDbapi:
    """The ``module=`` argument for ``create_async_engine`` on a ``sqlite+aiosqlite`` URL."""
    return OneTripDbapi(aiosqlite, sqlite3)
