"""A task cancelled mid-write never leaves the write lock behind (issue 19, item 9).

A trip queued for aiosqlite's thread runs whatever happens to the task that queued it. A
cancelled task's statement, commit or close may still be queued when the task has finished
cleaning up; the connection must not go back to the pool, nor the task end, before they ran.
Cancellations come at random points, and often a second one during the clean-up (a shutdown
cancelling a task that an ``asyncio.timeout`` is already cancelling).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine, create_sessionmaker
from tests.storage.locks import can_take_the_write_lock_at_once

ITERATIONS = 200
# A write that keeps aiosqlite's thread busy for a moment, so cancellations land inside it.
WRITE = text(
    "INSERT INTO t (v) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
    "WHERE i < 2000) SELECT :v FROM n"
)


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[tuple[Path, AsyncEngine]]:
    path = tmp_path / "cancel.db"
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)"))
    yield path, engine
    await engine.dispose()


async def test_a_cancelled_writer_never_leaves_the_write_lock_held(
    database: tuple[Path, AsyncEngine],
) -> None:
    path, engine = database
    draw = random.Random(19)
    locked_after: list[int] = []

    sessions = create_sessionmaker(engine)

    async def writer(value: int, started: asyncio.Event) -> None:
        async with sessions() as session, session.begin():
            await session.connection()  # connected (no trip yet): the random point is in the write
            started.set()
            await session.execute(WRITE, {"v": value})
            await asyncio.sleep(0)
            await session.execute(text("UPDATE t SET v = v + 1 WHERE id = 1"))

    for iteration in range(ITERATIONS):
        started = asyncio.Event()
        task = asyncio.create_task(writer(iteration, started))
        await started.wait()
        for _ in range(draw.randrange(0, 15)):  # a random point of the transaction
            await asyncio.sleep(0)
        task.cancel()
        for _ in range(draw.randrange(0, 6)):  # and a second cancel during the clean-up
            await asyncio.sleep(0)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        if not can_take_the_write_lock_at_once(path):
            locked_after.append(iteration)
    assert locked_after == []
    # The engine still works: its connections were not left inside a transaction either.
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO t (v) VALUES (-1)"))
