"""Is a database already at the newest migration? Answered without importing Alembic.

Every ``kylabot`` command that opens the database used to run ``alembic upgrade``: importing
Alembic and loading every migration script cost each ``org`` or ``invite`` call a few tenths of
a second even when there was nothing to do (issue 12, item 21). The newest revisions are read
from the migration files' ``revision`` and ``down_revision`` lines and compared with the
database's ``alembic_version``; only a database that differs is handed to Alembic.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.ext.asyncio import AsyncEngine

VERSIONS = Path(__file__).parent / "migrations" / "versions"
REVISION = re.compile(r"^revision\b[^=\n]*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
DOWN_REVISION = re.compile(r"^down_revision\b[^=\n]*=(.*)$", re.MULTILINE)
QUOTED = re.compile(r"[\"']([^\"']+)[\"']")


def script_heads(versions: Path = VERSIONS) -> set[str]:
    """The revisions no other migration builds on (normally one: the linear history's end)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in versions.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = REVISION.search(source)
        if found is None:
            continue
        revisions.add(found.group(1))
        down = DOWN_REVISION.search(source)
        if down is not None:
            parents.update(QUOTED.findall(down.group(1)))
    return revisions - parents


async def is_current(engine: AsyncEngine) -> bool:
    """True when the database is exactly at the migration files' heads."""
    heads = script_heads()
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT version_num FROM alembic_version"))
            current = {str(row[0]) for row in rows}
    except (OperationalError, ProgrammingError):  # no alembic_version table: a new database
        return False
    return bool(heads) and current == heads
