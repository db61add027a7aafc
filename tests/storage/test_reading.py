"""Transactions that only read (``storage.db.reading``): no write lock waited for, or held.

On SQLite a reading transaction begins DEFERRED with ``PRAGMA query_only``: in WAL mode it
reads the last committed snapshot while another connection holds the write lock, and it
refuses writes instead of upgrading halfway through. On PostgreSQL it is ``READ ONLY``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, exc, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.cli_session import with_session
from bot.config import load_settings
from storage.db import create_engine, create_sessionmaker, read_only, reading
from storage.models import InboundUpdate
from tests.storage.locks import can_take_the_write_lock_at_once


async def test_a_reading_transaction_refuses_writes_and_leaves_the_next_one_writable(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    refusal = {
        "sqlite": "attempt to write a readonly database",
        "postgresql": "cannot execute DELETE in a read-only transaction",
    }[engine.dialect.name]
    with pytest.raises(exc.DBAPIError, match=refusal):
        async with reading(sessionmaker) as session:
            assert await session.scalar(select(InboundUpdate.update_id)) is None
            await session.execute(text("DELETE FROM inbound_update"))
    async with sessionmaker() as session, session.begin():  # an ordinary transaction writes
        await session.execute(text("DELETE FROM inbound_update"))
    if engine.dialect.name == "postgresql":
        async with reading(sessionmaker) as session:
            assert await session.scalar(text("SHOW transaction_read_only")) == "on"
        async with sessionmaker() as session, session.begin():
            assert await session.scalar(text("SHOW transaction_read_only")) == "off"


@pytest.fixture
def impatient(sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A migrated SQLite file, and its URL."""
    target = tmp_path / "reading.db"
    target.write_bytes(sqlite_template.read_bytes())
    yield target, f"sqlite+aiosqlite:///{target}"


@pytest.fixture
async def no_waiting(impatient: tuple[Path, str]) -> AsyncIterator[AsyncEngine]:
    """The application's engine, except that a lock it would wait for fails at once."""
    engine = create_engine(impatient[1])

    @event.listens_for(engine.sync_engine, "connect")
    def _no_busy_wait(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.close()

    yield engine
    await engine.dispose()


async def test_a_read_completes_while_another_connection_holds_the_write_lock(
    impatient: tuple[Path, str], no_waiting: AsyncEngine
) -> None:
    path, _ = impatient
    sessions = create_sessionmaker(no_waiting)
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("INSERT INTO inbound_update (update_id, received_at) VALUES (1, 'x')")
        writer.execute("BEGIN IMMEDIATE")  # holds the write lock, not committed
        writer.execute("INSERT INTO inbound_update (update_id, received_at) VALUES (2, 'x')")

        async with reading(sessions) as session:  # would fail at once if it waited
            seen = list(await session.scalars(select(InboundUpdate.update_id)))
        async with read_only(no_waiting).connect() as connection:
            count = await connection.scalar(text("SELECT count(*) FROM inbound_update"))
        # An ordinary transaction, for contrast, needs the lock this test holds.
        with pytest.raises(exc.OperationalError, match="database is locked"):
            async with sessions() as session, session.begin():
                await session.execute(select(InboundUpdate.update_id))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert seen == [1]  # the committed snapshot, not the writer's uncommitted row
    assert count == 1


async def test_an_open_read_holds_no_write_lock(impatient: tuple[Path, str]) -> None:
    path, url = impatient
    engine = create_engine(url)
    sessions = create_sessionmaker(engine)
    try:
        async with reading(sessions) as session:
            assert list(await session.scalars(select(InboundUpdate.update_id))) == []
            assert can_take_the_write_lock_at_once(path) is True  # a writer goes on at once
        async with sessions() as session, session.begin():  # for contrast: a writer holds it
            await session.execute(select(InboundUpdate.update_id))
            assert can_take_the_write_lock_at_once(path) is False
    finally:
        await engine.dispose()


async def test_a_cli_report_holds_no_write_lock_while_it_works(
    impatient: tuple[Path, str],
) -> None:
    """``kylabot checkin report`` and ``phenomena export`` run beside the bot for seconds."""
    path, url = impatient
    settings = load_settings({}, env_file=None, overrides={"database_url": url})
    free_while_working: list[bool] = []

    async def work(session: AsyncSession) -> int:
        await session.execute(select(InboundUpdate.update_id))
        free_while_working.append(can_take_the_write_lock_at_once(path))
        return 0

    assert await with_session(settings, work, read_only=True) == 0
    assert free_while_working == [True]
