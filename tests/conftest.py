"""Shared fixtures: every database test runs on SQLite and, when reachable, on PostgreSQL.

The schema comes from the Alembic migrations (never ``create_all``). Each test gets a fresh
database: SQLite copies a migrated template file; PostgreSQL clones a migrated template
database, which is much faster than migrating each time.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.harness import LocalBot
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade_sync
from tests.guards import no_network_in_transactions

__all__ = ["no_network_in_transactions"]


# Property tests (tests/properties): few enough examples that the whole set stays under 30 s on
# a shared 2-core machine, no per-example deadline (a loaded machine is not a failure), and in
# CI the same examples every run, so a landing never depends on the draw. A developer hunting
# edge cases runs HYPOTHESIS_PROFILE=thorough.
settings.register_profile(
    "default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("ci", settings.get_profile("default"), derandomize=True, database=None)
settings.register_profile("thorough", settings.get_profile("default"), max_examples=2_000)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)

PG_HOST, PG_PORT = "127.0.0.1", 5432
PG_ADMIN_URL = f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/test"
# Per run, so two test runs on one machine never drop each other's template.
PG_TEMPLATE = f"kylabot_template_{os.getpid()}"


def postgres_reachable() -> bool:
    if os.environ.get("KYLABOT_TEST_POSTGRES", "auto") == "off":
        return False
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=0.5):
            return True
    except OSError:
        return False


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@asynccontextmanager
async def _pg_connection(database: str = "test") -> AsyncIterator[Any]:
    """An asyncpg connection as the server's superuser (``test`` is the admin database)."""
    import asyncpg

    connection = await asyncpg.connect(
        host=PG_HOST, port=PG_PORT, user="postgres", database=database
    )
    try:
        yield connection
    finally:
        await connection.close()


async def _pg_admin(statements: list[str]) -> None:
    async with _pg_connection() as connection:
        for statement in statements:
            await connection.execute(statement)


def _pg_drop(name: str) -> None:
    asyncio.run(_pg_admin([f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"]))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade_sync(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    if not postgres_reachable():
        if os.environ.get("KYLABOT_REQUIRE_POSTGRES") == "1":  # CI: a missing server fails
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is unreachable; KYLABOT_REQUIRE_POSTGRES=1")
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is not reachable")
    asyncio.run(
        _pg_admin(
            [
                f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)",
                f"CREATE DATABASE {PG_TEMPLATE}",
            ]
        )
    )
    upgrade_sync(f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/{PG_TEMPLATE}")
    yield PG_TEMPLATE
    _pg_drop(PG_TEMPLATE)


# Emptying a database costs ~25 ms; cloning one costs 0.1 s on a quiet machine and over a second
# under a full test run (every clone is a checkpoint), for ~300 tests. So each worker clones the
# template once and empties it before each test: rows deleted, sequences restarted, the
# connections a test left behind (a killed child's) ended. A test that changes the schema
# (restore, migrations) is marked ``fresh_database`` and gets a clone of its own.
EMPTY_DATABASE = """
DO $$
DECLARE found record;
BEGIN
    SET LOCAL session_replication_role = replica;  -- no foreign-key order to follow
    FOR found IN SELECT tablename FROM pg_tables
            WHERE schemaname = 'public' AND tablename <> 'alembic_version' LOOP
        EXECUTE format('DELETE FROM %I', found.tablename);
    END LOOP;
    FOR found IN SELECT sequence_name FROM information_schema.sequences
            WHERE sequence_schema = 'public' LOOP
        EXECUTE format('ALTER SEQUENCE %I RESTART', found.sequence_name);
    END LOOP;
END $$;
"""


async def _pg_clone(template: str) -> str:
    name = f"kylabot_t_{uuid.uuid4().hex[:12]}"
    # FILE_COPY: a copy of the template's few megabytes costs a third of what PostgreSQL 15's
    # default (WAL_LOG, every block through the WAL) does
    await _pg_admin(
        [
            f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY",
            # a test database need not outlive a power cut: commits do not wait for the disk
            f"ALTER DATABASE {name} SET synchronous_commit = off",
        ]
    )
    return name


async def _pg_empty(name: str, head: str) -> bool:
    """Empties the worker's database; False if its schema is no longer the template's."""
    async with _pg_connection() as admin:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )
    async with _pg_connection(name) as connection:
        if await _pg_head_of(connection) != head:
            return False
        await connection.execute(EMPTY_DATABASE)
        return True


async def _pg_head_of(connection: Any) -> str:
    return str(await connection.fetchval("SELECT version_num FROM alembic_version"))


async def _pg_head(name: str) -> str:
    async with _pg_connection(name) as connection:
        return await _pg_head_of(connection)


class WorkerDatabase:
    """This worker's reusable PostgreSQL database (see ``EMPTY_DATABASE``)."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.head = asyncio.run(_pg_head(template))
        self.name = asyncio.run(_pg_clone(template))

    def ready(self) -> str:
        if not asyncio.run(_pg_empty(self.name, self.head)):  # a test changed the schema
            self.drop()
            self.name = asyncio.run(_pg_clone(self.template))
        return self.name

    def drop(self) -> None:
        _pg_drop(self.name)


@pytest.fixture(scope="session")
def pg_worker_database(pg_template: str) -> Iterator[WorkerDatabase]:
    database = WorkerDatabase(pg_template)
    yield database
    database.drop()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database of each backend."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target = tmp_path / "kylabot.db"
        shutil.copyfile(template, target)
        yield f"sqlite+aiosqlite:///{target}"
        return
    if request.node.get_closest_marker("fresh_database") is None:
        worker: WorkerDatabase = request.getfixturevalue("pg_worker_database")
        yield f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/{worker.ready()}"
        return
    name = asyncio.run(_pg_clone(request.getfixturevalue("pg_template")))
    yield f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    _pg_drop(name)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)


@pytest.fixture
async def local_bot(database_url: str) -> AsyncIterator[LocalBot]:
    """The real application polling a fresh emulator, on a fresh database of each backend.

    User 9000 is a configured admin (KYLABOT_ADMINS).
    """
    async with LocalBot(database_url, admins=frozenset({9000})) as bot:
        yield bot
