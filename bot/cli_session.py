"""One transaction on an up-to-date database, for the CLI's commands."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.config import Settings


async def with_session(
    settings: Settings, work: Callable[[Any], Awaitable[int]], *, read_only: bool = False
) -> int:
    """Runs ``work(session)`` in one transaction on an up-to-date database.

    ``read_only``: a report or an export, which on SQLite then neither waits for the running
    bot's write lock nor holds it while it renders (``storage.db.reading``).
    """
    # imported per command: keeps `kylabot --help` under 0.4 s
    from storage.db import create_engine, create_sessionmaker, reading
    from storage.db import read_only as reading_engine
    from storage.schema_check import is_current

    engine = create_engine(settings.database_url)
    try:
        if not await is_current(reading_engine(engine)):
            # imported only when there is something to migrate: Alembic costs 0.1-0.2 s
            from storage.migrate import upgrade

            await upgrade(engine)
        sessions = create_sessionmaker(engine)
        if read_only:
            async with reading(sessions) as session:
                return await work(session)
        async with sessions() as session, session.begin():
            return await work(session)
    finally:
        await engine.dispose()
