"""``kylabot db backup`` / ``restore``: a round trip on both databases, and a newer schema
refused with one line (issue 11)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from bench._common import REPO
from storage.migrate import current_heads
from storage.schema_check import script_heads

# restore replaces the schema: no shared PostgreSQL database (tests/conftest.py)
pytestmark = pytest.mark.fresh_database

# the schema this kylabot ends at (its only head)
HEAD = next(iter(script_heads()))

PLAN = REPO / "deploy" / "examples" / "lapland-plan-2020-2023.yaml"
ANSWERS = REPO / "deploy" / "examples" / "lapland-plan-2020-2023.answers.yaml"


def kylabot(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env={**os.environ, "PTB_TIMEDELTA": "true", "KYLABOT_DATABASE_URL": database_url},
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


async def snapshot(engine: AsyncEngine) -> dict[str, object]:
    """Row counts of every table and a sample of answers."""
    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda c: sa.inspect(c).get_table_names())
        counts = {
            table: (await connection.execute(sa.text(f'SELECT count(*) FROM "{table}"'))).scalar()
            for table in sorted(tables)
        }
        answers = (
            await connection.execute(
                sa.text(
                    "SELECT organisation_id, measure_id, status, comment FROM answer "
                    "ORDER BY id LIMIT 25"
                )
            )
        ).all()
    return {"counts": counts, "answers": [tuple(row) for row in answers]}


async def test_backup_and_restore_round_trip(
    database_url: str, engine: AsyncEngine, tmp_path: Path
) -> None:
    ok(kylabot(database_url, "plan", "import", str(PLAN)))
    ok(kylabot(database_url, "round", "start"))
    ok(kylabot(database_url, "round", "seed-answers", str(ANSWERS)))
    before = await snapshot(engine)
    assert before["counts"]["answer"] == 37  # type: ignore[index]  # the seed file's answers

    backup = tmp_path / "kylabot.backup"
    out = ok(kylabot(database_url, "db", "backup", str(backup)))
    assert out.startswith(f"backed up to {backup} (")
    assert out.endswith(f", schema {HEAD})\n")

    ok(kylabot(database_url, "org", "add", "Uusi kyläyhdistys", "--kind", "village_association"))
    async with engine.begin() as connection:
        await connection.execute(sa.text("DELETE FROM answer WHERE id % 2 = 0"))
    assert await snapshot(engine) != before

    await engine.dispose()
    out = ok(kylabot(database_url, "db", "restore", str(backup)))
    assert out == f"restored {backup} (schema {HEAD}); database at {HEAD}\n"
    assert await snapshot(engine) == before


async def test_a_backup_from_a_newer_schema_is_refused(
    database_url: str, engine: AsyncEngine, tmp_path: Path
) -> None:
    ok(kylabot(database_url, "org", "add", "Kylä ry", "--kind", "village_association"))
    async with engine.begin() as connection:
        await connection.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    newer = tmp_path / "newer.backup"
    ok(kylabot(database_url, "db", "backup", str(newer)))
    async with engine.begin() as connection:
        await connection.execute(
            sa.text("UPDATE alembic_version SET version_num = :head"), {"head": HEAD}
        )
    before = await snapshot(engine)
    await engine.dispose()

    result = kylabot(database_url, "db", "restore", str(newer))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == (
        f"kylabot: {newer} has schema 0099, newer than this kylabot knows ({HEAD}): "
        "upgrade kylabot first, then restore\n"
    )
    assert await snapshot(engine) == before
    assert await current_heads(engine) == {HEAD}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_restore_refuses_a_backup_of_the_other_kind(database_url: str, tmp_path: Path) -> None:
    other = tmp_path / "dump.backup"
    other.write_bytes(b"PGDMP\x01\x0e\x00")
    result = kylabot(database_url, "db", "restore", str(other))
    assert result.returncode == 1
    assert result.stderr == (
        f"kylabot: {other} is a postgresql backup but KYLABOT_DATABASE_URL is sqlite; "
        "restore it into a database of the same kind\n"
    )
