"""The models and the migrations describe one schema (issue 9).

The schema comes only from the migrations, and the code reads it through the models: a column,
index, constraint, type or server default that one has and the other has not is a bug that
neither alone shows. Alembic's autogenerate compares the migrated database (the test template,
migrated to head from an empty database, on SQLite and on PostgreSQL) with ``Base.metadata``,
types and server defaults included; it must find nothing, also after every migration was
undone and redone.
"""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.migrate import downgrade, upgrade
from storage.models import Base, load_all


def _differences(connection: Connection) -> list[Any]:
    load_all()  # the whole schema, not only the models this process has used so far
    context = MigrationContext.configure(
        connection,
        opts={"compare_type": True, "compare_server_default": True},
    )
    return list(compare_metadata(context, Base.metadata))


async def _compare(engine: AsyncEngine) -> list[Any]:
    async with engine.connect() as connection:
        return await connection.run_sync(_differences)


async def test_the_migrations_build_the_schema_the_models_describe(engine: AsyncEngine) -> None:
    assert await _compare(engine) == []
    await downgrade(engine, "base")
    await upgrade(engine)
    assert await _compare(engine) == []
