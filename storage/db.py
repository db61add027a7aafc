"""Engine and session factory; SQLite tuned so concurrent writers wait instead of failing.

SQLite notes (see SQLAlchemy's "Serializable isolation / Savepoints / Transactional DDL"
section for pysqlite/aiosqlite): the driver's own implicit BEGIN is switched off and every
transaction that may write starts with ``BEGIN IMMEDIATE``. A deferred transaction that reads
first and writes later cannot wait for a lock upgrade and fails at once with "database is
locked"; taking the write lock up front lets ``busy_timeout`` do its job. The ``BEGIN`` travels
with the transaction's first statement, and each statement crosses to aiosqlite's thread once
(``storage.sqlite_driver``: about 0.1 ms of CPU saved per trip not made).

A transaction that only reads (``reading``, ``read_only``) begins ``DEFERRED`` with
``PRAGMA query_only`` instead (issue 19): in WAL mode it reads a snapshot without waiting for,
or holding, the write lock, and a write in it fails at once rather than upgrading. On
PostgreSQL the same option makes it ``BEGIN READ ONLY`` (asyncpg's transaction flag, no extra
round trip).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.sqlite_driver import OneTripConnection, one_trip_dbapi

SQLITE_BUSY_TIMEOUT_MS = 30_000
# The execution option of a transaction that only reads (see the module's docstring).
READ_ONLY = "kylabot_read_only"
_READ_ONLY_OPTIONS: dict[str, Any] = {READ_ONLY: True, "postgresql_readonly": True}


def create_engine(database_url: str, *, echo: bool = False) -> AsyncEngine:
    """Creates the process's engine for ``database_url``."""
    if database_url.startswith("sqlite"):
        engine = create_async_engine(
            database_url,
            echo=echo,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            module=one_trip_dbapi(),
        )
        _tune_sqlite(engine)
        return engine
    return create_async_engine(database_url, echo=echo, pool_size=10, max_overflow=10)


def _tune_sqlite(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        read_only = bool(connection.get_execution_options().get(READ_ONLY))
        begin = "BEGIN" if read_only else "BEGIN IMMEDIATE"
        adapted = connection.connection.dbapi_connection
        if isinstance(adapted, OneTripConnection):
            adapted.begin_with_next_statement(begin, read_only=read_only)
        else:
            connection.exec_driver_sql(begin)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded attributes after commit (no lazy reloads in async code)."""
    return async_sessionmaker(engine, expire_on_commit=False)


def read_only(engine: AsyncEngine) -> AsyncEngine:
    """``engine`` whose connections' transactions only read (``engine.connect()`` for a check).

    ``postgresql_readonly`` is a PostgreSQL connection characteristic; other dialects ignore it.
    """
    return engine.execution_options(**_READ_ONLY_OPTIONS)


@contextlib.asynccontextmanager
async def reading(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session in a transaction that only reads: no write lock waited for, or held.

    For /healthz, recovery, reports and exports. Takes no turn in the process's queue of
    writers either (``Services.update_turn``): a read never waits behind them.
    """
    async with sessions() as session, session.begin():
        # The options apply to the connection the session procures now, before its BEGIN.
        await session.connection(execution_options=_READ_ONLY_OPTIONS)
        yield session
