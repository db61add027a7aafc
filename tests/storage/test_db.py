"""Storage under concurrency, and migrations as the single source of the schema."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.migrate import current_heads
from storage.models import Conversation, Organisation, OrgKind
from storage.repos.people import add_organisation

WRITERS = 40
WRITES_EACH = 10


async def test_concurrent_writers_never_see_database_locked(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Read-then-write transactions from many tasks: each waits its turn, none fails."""
    async with sessionmaker() as session, session.begin():
        session.add(Conversation(chat_id=1, flow=None, state=None, data={}, generation=0))

    async def writer(index: int) -> None:
        for step in range(WRITES_EACH):
            async with sessionmaker() as session, session.begin():
                # read first (locking the row, as the router does on PostgreSQL)...
                row = await session.get(Conversation, 1, with_for_update=True)
                assert row is not None
                row.generation += 1  # ...then write: the classic lock-upgrade failure
                await add_organisation(session, f"org {index}-{step}", OrgKind.ASSOCIATION)

    await asyncio.gather(*(writer(i) for i in range(WRITERS)))
    async with sessionmaker() as session:
        total = await session.scalar(select(func.count()).select_from(Organisation))
        conversation = await session.get(Conversation, 1)
    assert total == WRITERS * WRITES_EACH
    assert conversation is not None and conversation.generation == WRITERS * WRITES_EACH


async def test_schema_is_at_every_head(engine: AsyncEngine) -> None:
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config

    heads = set(ScriptDirectory.from_config(alembic_config(str(engine.url))).get_heads())
    assert await current_heads(engine) == heads


def test_the_migration_history_is_one_line() -> None:
    """Two heads would mean two migrations written in parallel and never ordered."""
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config

    assert len(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()) == 1


async def test_every_migration_downgrades_and_upgrades_again(engine: AsyncEngine) -> None:
    from storage.migrate import downgrade, upgrade

    await downgrade(engine, "base")
    assert await current_heads(engine) == set()
    await upgrade(engine)
    await test_schema_is_at_every_head(engine)


async def test_timestamps_come_back_aware_in_utc(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session, session.begin():
        org = await add_organisation(session, "Aikavyöhyke ry", OrgKind.ASSOCIATION)
    async with sessionmaker() as session:
        loaded = await session.get(Organisation, org.id)
    assert loaded is not None and loaded.created_at.tzinfo is not None
    assert loaded.created_at.utcoffset() is not None and not loaded.created_at.utcoffset()


def _revisions() -> list[str]:
    from bot.ops.backup import known_revisions

    return sorted(known_revisions())


@pytest.mark.parametrize("revision", _revisions())
async def test_upgrade_from_every_earlier_revision(engine: AsyncEngine, revision: str) -> None:
    """A database left at any revision (an old backup, an old install) upgrades to the head,
    and downgrades back to it (issue 11)."""
    from storage.migrate import downgrade, upgrade

    await downgrade(engine, revision)
    assert await current_heads(engine) == {revision}
    await upgrade(engine)
    await test_schema_is_at_every_head(engine)
    await downgrade(engine, revision)
    assert await current_heads(engine) == {revision}
    await upgrade(engine)
