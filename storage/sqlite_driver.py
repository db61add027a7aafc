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
``BEGIN IMMEDIATE`` rides along with the transaction's first statement; and a commit or
rollback with no transaction open on the connection (the pool's reset, a read that never
began) makes no trip at all. Results are buffered, as SQLAlchemy's adapter buffers them
already; streaming (server-side) cursors keep the stock behaviour.

Installed by ``storage.db.create_engine`` with ``create_async_engine(..., module=...)``.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Sequence
from typing import Any, cast

import aiosqlite
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_connection, AsyncIODBAPIConnection
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

# What one statement leaves behind: description, rowcount, lastrowid and the rows.
_Outcome = tuple[Any, int, int | None, list[Any]]


def _run_statement(
    connection: sqlite3.Connection,
    begin: str | None,
    operation: str,
    parameters: Any,
    many: bool,
) -> _Outcome:
    """Runs on aiosqlite's thread: the deferred BEGIN, the statement, its rows, the close."""
    if begin is not None:
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


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose every execute is a single trip to aiosqlite's thread."""

    __slots__ = ("_arraysize", "_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: AsyncAdapt_dbapi_connection) -> None:
        # No sqlite3 cursor is opened here: the statement's trip opens and closes its own.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._soft_closed_memoized = EMPTY_DICT
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
            await_(self._execute_in_one_trip(operation, parameters, many=False))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> None:
        try:
            await_(self._execute_in_one_trip(operation, seq_of_parameters, many=True))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    async def _execute_in_one_trip(self, operation: str, parameters: Any, many: bool) -> None:
        adapted = self._adapt_connection
        begin = adapted.take_pending_begin() if isinstance(adapted, OneTripConnection) else None
        async with adapted._execute_mutex:
            outcome: _Outcome = await self._connection._execute(
                _run_statement, self._connection._conn, begin, operation, parameters, many
            )
        self._description, self._rowcount, self._lastrowid, rows = outcome
        self._rows = collections.deque(rows)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """Defers ``BEGIN`` to the first statement and skips commits with nothing open."""

    __slots__ = ("_pending_begin",)

    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: Any, connection: AsyncIODBAPIConnection) -> None:
        super().__init__(dbapi, connection)
        self._pending_begin: str | None = None

    def begin_with_next_statement(self, begin: str) -> None:
        """``begin`` (e.g. ``BEGIN IMMEDIATE``) is sent with the next statement, not alone."""
        self._pending_begin = begin

    def take_pending_begin(self) -> str | None:
        begin, self._pending_begin = self._pending_begin, None
        return begin

    def _nothing_open(self) -> bool:
        """True when no transaction is open, so COMMIT and ROLLBACK would do nothing.

        A BEGIN still pending was never sent, so it is dropped. ``in_transaction`` reads
        sqlite3's autocommit flag, which is safe from this thread: SQLAlchemy awaits every
        call on a connection, so nothing runs on aiosqlite's thread for it meanwhile.
        """
        if self.take_pending_begin() is not None:
            return True
        driver = self._connection._connection
        return driver is None or not driver.in_transaction

    def commit(self) -> None:
        if not self._nothing_open():
            super().commit()

    def rollback(self) -> None:
        if not self._nothing_open():
            super().rollback()


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    """SQLAlchemy's aiosqlite DBAPI module, handing out one-trip connections."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        stock = super().connect(*arg, **kw)
        return OneTripConnection(self, stock._connection)


def one_trip_dbapi() -> OneTripDbapi:
    """The ``module=`` argument for ``create_async_engine`` on a ``sqlite+aiosqlite`` URL."""
    return OneTripDbapi(aiosqlite, sqlite3)
