"""Which database errors are transient, and how often they are tried again (bot.transient)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from bot.transient import RETRIES, Transient, retrying, transient_kind


class PgError(Exception):
    """What SQLAlchemy's asyncpg adapter puts in ``orig``: an error with its SQLSTATE."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _sqlite(code: int, message: str = "database is locked") -> OperationalError:
    original = sqlite3.OperationalError(message)
    original.sqlite_errorcode = code  # type: ignore[attr-defined]
    return OperationalError("INSERT", {}, original)


def test_kinds() -> None:
    assert transient_kind(DBAPIError("UPDATE", {}, PgError("40P01"))) is Transient.DEADLOCK
    assert transient_kind(DBAPIError("UPDATE", {}, PgError("40001"))) is Transient.SERIALIZATION
    assert transient_kind(_sqlite(sqlite3.SQLITE_BUSY)) is Transient.BUSY
    assert transient_kind(_sqlite(sqlite3.SQLITE_LOCKED)) is Transient.BUSY
    assert transient_kind(_sqlite(517)) is Transient.BUSY  # SQLITE_BUSY_SNAPSHOT
    assert transient_kind(DBAPIError("INSERT", {}, PgError("23505"))) is None  # unique key
    assert transient_kind(IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE"))) is None
    assert transient_kind(_sqlite(sqlite3.SQLITE_READONLY, "readonly")) is None
    assert transient_kind(ValueError("database is locked")) is None


class Attempts:
    def __init__(self, errors: list[Exception]) -> None:
        self.errors = errors
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "done"


async def test_retried_with_growing_pauses_until_it_succeeds() -> None:
    pauses: list[float] = []
    seen: list[tuple[Transient, str]] = []

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)

    attempt = Attempts([_sqlite(sqlite3.SQLITE_BUSY), DBAPIError("X", {}, PgError("40P01"))])
    result = await retrying(
        attempt, lambda kind, what: seen.append((kind, what)), backoff=1.0, sleep=sleep
    )
    assert result == "done"
    assert attempt.calls == 3
    assert seen == [(Transient.BUSY, "retried"), (Transient.DEADLOCK, "retried")]
    assert 1.0 <= pauses[0] < 2.0
    assert 2.0 <= pauses[1] < 4.0


async def test_gives_up_after_the_last_retry_and_never_retries_other_errors() -> None:
    seen: list[tuple[Transient, str]] = []

    async def sleep(seconds: float) -> None:
        return None

    busy = [_sqlite(sqlite3.SQLITE_BUSY) for _ in range(RETRIES + 1)]
    attempt = Attempts(list(busy))
    with pytest.raises(OperationalError) as raised:
        await retrying(attempt, lambda kind, what: seen.append((kind, what)), sleep=sleep)
    assert raised.value is busy[-1]
    assert attempt.calls == RETRIES + 1
    assert seen == [(Transient.BUSY, "retried")] * RETRIES + [(Transient.BUSY, "gave_up")]

    other = Attempts([KeyError("x")])
    with pytest.raises(KeyError):
        await retrying(other, lambda kind, what: seen.append((kind, what)), sleep=sleep)
    assert other.calls == 1
