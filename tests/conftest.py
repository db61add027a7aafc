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
from pathlib import Path

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


async def _pg_admin(statements: list[str]) -> None:
    import asyncpg

    connection = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user="postgres", database="test")
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade_sync(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    if not postgres_reachable():
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
    asyncio.run(_pg_admin([f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)"]))


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database of each backend."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target = tmp_path / "kylabot.db"
        shutil.copyfile(template, target)
        yield f"sqlite+aiosqlite:///{target}"
        return
    template_name: str = request.getfixturevalue("pg_template")
    name = f"kylabot_t_{uuid.uuid4().hex[:12]}"
    asyncio.run(_pg_admin([f"CREATE DATABASE {name} TEMPLATE {template_name}"]))
    yield f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    asyncio.run(_pg_admin([f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"]))


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
