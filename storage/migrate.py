"""Schema migrations driven from Python (``kylabot db upgrade``, start-up, tests)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url)
    return config


async def _run(engine: AsyncEngine, action: Callable[[Config, str], None], revision: str) -> None:
    """Runs an Alembic command on ``engine``'s connection, in one transaction."""

    def _command(connection: object) -> None:
        config = alembic_config(str(engine.url))
        config.attributes["connection"] = connection
        action(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(_command)


async def upgrade(engine: AsyncEngine, revision: str = "heads") -> None:
    """Brings the database at ``engine`` to ``revision`` (all heads by default)."""
    await _run(engine, command.upgrade, revision)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    """Takes the database at ``engine`` back to ``revision`` ("base": an empty schema)."""
    await _run(engine, command.downgrade, revision)


async def current_heads(engine: AsyncEngine) -> set[str]:
    """Revisions the database is at."""
    from alembic.runtime.migration import MigrationContext

    def _heads(connection: object) -> set[str]:
        return set(MigrationContext.configure(connection).get_current_heads())  # type: ignore[arg-type]

    async with engine.connect() as connection:
        return await connection.run_sync(_heads)


def upgrade_sync(database_url: str, revision: str = "heads") -> None:
    async def _run() -> None:
        engine = create_engine(database_url)
        try:
            await upgrade(engine, revision)
        finally:
            await engine.dispose()

    asyncio.run(_run())
