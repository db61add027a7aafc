"""The one-trip SQLite adapter: fewer trips to aiosqlite's thread, the same transactions."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import exc, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine, create_sessionmaker, reading
from storage.sqlite_driver import OneTripConnection


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'trips.db'}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)"))
    yield engine
    await engine.dispose()


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Names of the functions sent to aiosqlite's thread, in order."""
    sent: list[str] = []
    original = aiosqlite.Connection._execute

    async def counting(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counting)
    yield sent


async def test_the_engine_hands_out_one_trip_connections(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        assert isinstance(raw.dbapi_connection, OneTripConnection)


async def test_a_transaction_is_one_trip_a_statement_and_one_commit(
    engine: AsyncEngine, trips: list[str]
) -> None:
    async with engine.connect() as warm:  # the pool's connection exists before counting
        await warm.execute(text("SELECT 1"))
    trips.clear()
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO t (v) VALUES ('a')"))
        rows = (await connection.execute(text("SELECT id, v FROM t"))).all()
    # BEGIN IMMEDIATE rode with the INSERT; the SELECT fetched and closed in its own trip;
    # the COMMIT was decided on the thread (_finish); the pool's reset after it made no trip.
    assert trips == ["_run_statement", "_run_statement", "_finish"]
    assert [tuple(row) for row in rows] == [(1, "a")]


async def test_a_transaction_with_no_statement_makes_no_trip(
    engine: AsyncEngine, trips: list[str]
) -> None:
    async with engine.connect() as warm:
        await warm.execute(text("SELECT 1"))
        await warm.commit()
    trips.clear()
    async with engine.begin():
        pass
    async with engine.connect() as connection:
        await connection.rollback()
    assert trips == []


async def test_the_deferred_begin_takes_the_write_lock(engine: AsyncEngine) -> None:
    """The first statement opens BEGIN IMMEDIATE: a second writer waits, then goes on."""
    order: list[str] = []
    first_holds = asyncio.Event()

    async def first() -> None:
        async with engine.begin() as connection:
            await connection.execute(text("SELECT count(*) FROM t"))  # a read, yet the lock
            first_holds.set()
            await asyncio.sleep(0.2)
            await connection.execute(text("INSERT INTO t (v) VALUES ('first')"))
            order.append("first")

    async def second() -> None:
        await first_holds.wait()
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t (v) VALUES ('second')"))
            order.append("second")

    await asyncio.gather(first(), second())
    assert order == ["first", "second"]


async def test_rollback_undoes_and_errors_surface_as_sqlalchemy_errors(
    engine: AsyncEngine,
) -> None:
    with pytest.raises(exc.IntegrityError):
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t (v) VALUES ('x')"))
            await connection.execute(text("INSERT INTO t (v) VALUES ('x')"))
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO t (v) VALUES ('y')"))
        await connection.rollback()
    async with engine.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM t"))).scalar_one() == 0
        with pytest.raises(exc.OperationalError, match="no such table"):
            await connection.execute(text("SELECT * FROM missing"))
        # The connection is still usable after the error.
        assert (await connection.execute(text("SELECT 2"))).scalar_one() == 2


async def test_rowcount_lastrowid_executemany_and_partial_fetches(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        inserted = await connection.execute(text("INSERT INTO t (v) VALUES ('p')"))
        assert inserted.lastrowid == 1
        await connection.execute(
            text("INSERT INTO t (v) VALUES (:v)"), [{"v": "q"}, {"v": "r"}, {"v": "s"}]
        )
        updated = await connection.execute(text("UPDATE t SET v = v || '!' WHERE id > 1"))
        assert updated.rowcount == 3
        result = await connection.execute(text("SELECT v FROM t ORDER BY id"))
        assert result.fetchone() == ("p",)
        assert [tuple(row) for row in result.fetchmany(2)] == [("q!",), ("r!",)]
        assert [tuple(row) for row in result.fetchall()] == [("s!",)]


async def test_a_read_only_transaction_costs_the_same_trips(
    engine: AsyncEngine, trips: list[str]
) -> None:
    """BEGIN and query_only ride with the first statement; the end resets it in its own trip."""
    sessions = create_sessionmaker(engine)
    async with reading(sessions) as session:  # the pool's connection exists before counting
        await session.execute(text("SELECT 1"))
    trips.clear()
    async with reading(sessions) as session:
        assert (await session.execute(text("SELECT count(*) FROM t"))).scalar_one() == 0
    async with reading(sessions):
        pass
    assert trips == ["_run_statement", "_finish"]
