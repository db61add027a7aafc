"""``kylabot db backup FILE`` and ``kylabot db restore FILE`` (issue 11).

SQLite: SQLite's online backup API, a consistent copy even while ``kylabot run`` writes (it
copies pages under the database's own locks); restore copies a backup into the database file
the same way, and is refused while a ``run`` holds the file. PostgreSQL: ``pg_dump
--format=custom`` and ``pg_restore --clean --single-transaction`` (the client tools, package
postgresql-client), with the password passed in the environment, never on the command line.

A backup carries its schema revision (``alembic_version``). Restore refuses, with one line, a
file whose revision this code does not know (written by a newer kylabot); an older one is
restored and then migrated to the current schema, as ``kylabot run`` would.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.config import Settings
from bot.ops.errors import OperatorError
from bot.ops.leader import sqlite_path, sqlite_running
from storage.db import create_engine
from storage.migrate import current_heads, downgrade, upgrade
from storage.schema_check import REVISION, VERSIONS, script_heads

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


def known_revisions() -> set[str]:
    found = (REVISION.search(p.read_text(encoding="utf-8")) for p in VERSIONS.glob("*.py"))
    return {match.group(1) for match in found if match is not None}


async def backup(settings: Settings, target: Path) -> str:
    """Writes a backup of the configured database to ``target``; returns a summary line."""
    temporary = target.with_name(target.name + ".partial")
    if settings.is_sqlite:
        source = _sqlite_file(settings)
        await asyncio.to_thread(_sqlite_copy, source, temporary)
    else:
        await _run_tool(
            "pg_dump",
            ["--format=custom", "--no-owner", "--no-privileges", f"--file={temporary}"],
            settings,
        )
    os.replace(temporary, target)
    revision = await schema_of(target)
    size = await asyncio.to_thread(os.path.getsize, target)
    return f"backed up to {target} ({size:,} bytes, schema {revision})"


async def restore(settings: Settings, source: Path) -> str:
    """Replaces the configured database's contents with the backup ``source``."""
    if not await asyncio.to_thread(os.path.isfile, source):
        raise OperatorError(f"no such file: {source}")
    kind = _kind(source)
    wanted = "sqlite" if settings.is_sqlite else "postgresql"
    if kind != wanted:
        raise OperatorError(
            f"{source} is a {kind} backup but KYLABOT_DATABASE_URL is {wanted}; "
            "restore it into a database of the same kind"
        )
    revision = await schema_of(source)
    if revision not in known_revisions():
        heads = ", ".join(sorted(script_heads()))
        raise OperatorError(
            f"{source} has schema {revision}, newer than this kylabot knows ({heads}): "
            "upgrade kylabot first, then restore"
        )

    engine = create_engine(settings.database_url)
    try:
        if settings.is_sqlite:
            if sqlite_running(settings.database_url):
                raise OperatorError("`kylabot run` is using the database: stop it, then restore")
            target = sqlite_path(settings.database_url)
            assert target is not None
            await engine.dispose()
            await asyncio.to_thread(_sqlite_copy, source, target)
        else:
            current = await current_heads(engine)
            if current and current != {revision}:
                # The dump re-creates its own tables; newer ones would stay behind.
                await downgrade(engine, revision)
            await engine.dispose()
            await _run_tool(
                "pg_restore",
                [
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    str(source),
                ],
                settings,
            )
        await upgrade(engine)
        now = ", ".join(sorted(await current_heads(engine)))
    finally:
        await engine.dispose()
    return f"restored {source} (schema {revision}); database at {now}"


async def schema_of(path: Path) -> str:
    """The schema revision recorded in a backup file."""
    if _kind(path) == "sqlite":
        return await asyncio.to_thread(_sqlite_revision, path)
    out = await _tool_output(
        "pg_restore", ["--data-only", "--table=alembic_version", "--file=-", str(path)]
    )
    lines = out.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line and index + 1 < len(lines):
            return lines[index + 1].strip()
    raise OperatorError(f"{path} holds no schema revision (alembic_version): not a kylabot backup")


# --------------------------------------------------------------------------------- SQLite


def _sqlite_file(settings: Settings) -> Path:
    path = sqlite_path(settings.database_url)
    if path is None or not path.is_file():
        raise OperatorError(f"no database file to back up: {settings.database_url}")
    return path


def _sqlite_copy(source: Path, target: Path) -> None:
    """The online backup API: consistent while others write, under SQLite's own locks."""
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


def _sqlite_revision(path: Path) -> str:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        row = None
    finally:
        connection.close()
    if row is None:
        raise OperatorError(f"{path} holds no schema revision (alembic_version)")
    return str(row[0])


def _kind(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise OperatorError(f"{path} is not a kylabot backup (neither SQLite nor pg_dump's format)")


# ----------------------------------------------------------------------------- PostgreSQL


def _connection_args(settings: Settings) -> tuple[list[str], dict[str, str]]:
    url = make_url(settings.database_url)
    args = [f"--dbname={url.database}"]
    if url.host:
        args.append(f"--host={url.host}")
    if url.port:
        args.append(f"--port={url.port}")
    if url.username:
        args.append(f"--username={url.username}")
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)  # never on the command line (ps shows it)
    return args, env


async def _run_tool(tool: str, args: list[str], settings: Settings) -> None:
    connection, env = _connection_args(settings)
    await _tool_output(tool, [*args, *connection], env)


async def _tool_output(tool: str, args: list[str], env: dict[str, str] | None = None) -> str:
    program = shutil.which(tool)
    if program is None:
        raise OperatorError(
            f"{tool} is not installed: install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client)"
        )
    process = await asyncio.create_subprocess_exec(
        program,
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    if process.returncode != 0:
        first = (err.decode(errors="replace").strip().splitlines() or ["failed"])[0]
        raise OperatorError(f"{tool} failed: {first}")
    return out.decode(errors="replace")
