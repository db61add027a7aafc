"""``kylabot broadcast send|list`` from a shell: the same outbox as /broadcast, clear refusals."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.cli import main
from storage.db import create_engine, create_sessionmaker
from storage.models import (
    Broadcast,
    BroadcastStatus,
    Contact,
    Delivery,
)
from storage.types import utcnow
from tests.helpers import seed_inari_and_salla


def _run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


async def _seed(url: str) -> None:
    await seed_inari_and_salla(
        url,
        lambda inari, salla: [
            Contact(telegram_user_id=1, organisation_id=inari.id, language="fi"),
            Contact(telegram_user_id=2, organisation_id=inari.id, language="sv"),
            Contact(telegram_user_id=3, organisation_id=salla.id, language="se"),
            Contact(telegram_user_id=4, organisation_id=salla.id, language="fi", opted_out=True),
            Contact(telegram_user_id=5, organisation_id=salla.id, active=False),
        ],
    )


async def _broadcasts(url: str) -> list[tuple[Broadcast, dict[str, str]]]:
    """Every broadcast with its deliveries as {telegram user id: variant}."""
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            result = []
            for broadcast in await session.scalars(select(Broadcast).order_by(Broadcast.id)):
                rows = await session.execute(
                    select(Contact.telegram_user_id, Delivery.variant)
                    .join(Contact, Contact.id == Delivery.contact_id)
                    .where(Delivery.broadcast_id == broadcast.id)
                )
                result.append((broadcast, {str(user): variant for user, variant in rows.all()}))
            return result
    finally:
        await engine.dispose()


async def _count(url: str) -> int:
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            return int(await session.scalar(select(func.count()).select_from(Broadcast)) or 0)
    finally:
        await engine.dispose()


@pytest.fixture
def cli_db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("KYLABOT_DATABASE_URL", database_url)
    monkeypatch.setenv("KYLABOT_QUIET_HOURS", "00:00-00:00")
    monkeypatch.delenv("KYLABOT_TOKEN", raising=False)
    _run(_seed(database_url))
    return database_url


def test_send_queues_the_segment_with_language_variants(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["broadcast", "send", "--text", "Kyläilta torstaina", "--segment", "mun:Inari",
         "--lang-variant", "sv=Byakväll på torsdag"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "queued: 2 recipients (fi 1, sv 1)" in out
    code = main(["broadcast", "send", "--text", "Sallaan", "--segment", "mun:Salla", "--urgent"])
    out = capsys.readouterr().out
    assert code == 0
    assert "queued: 1 recipients (se 1); skipped 1 paused, 1 left" in out

    (inari, to_inari), (salla, to_salla) = _run(_broadcasts(cli_db))
    assert to_inari == {"1": "fi", "2": "sv"}  # each in their own language
    assert to_salla == {"3": "fi"}  # no North Sámi version: the Finnish text
    assert inari.status is BroadcastStatus.QUEUED and inari.total == 2 and not inari.urgent
    assert salla.urgent and salla.skipped == {"paused": 1, "left": 1}

    assert main(["broadcast", "list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].split()[:3] == ["id", "status", "created"]
    assert listing[1].split()[:2] == [str(salla.id), "queued"] and "mun:Salla" in listing[1]
    assert "mun:Inari" in listing[2]


def test_at_schedules_without_choosing_recipients_yet(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    when = (utcnow() + timedelta(days=2)).replace(microsecond=0)
    code = main(
        ["broadcast", "send", "--text", "Muistutus", "--segment", "kind:parish",
         "--at", when.isoformat()]
    )  # fmt: skip
    assert code == 0
    assert "scheduled for" in capsys.readouterr().out
    [(broadcast, deliveries)] = _run(_broadcasts(cli_db))
    assert broadcast.status is BroadcastStatus.SCHEDULED
    assert broadcast.scheduled_for == when
    assert deliveries == {}  # chosen when it fires


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--segment", "mun"], "segment 'mun' needs a value"),
        (["--segment", "club:3"], "unknown segment 'club:3'"),
        (["--segment", "lang:xx"], "unknown language 'xx'"),
        (["--segment", "kind:club"], "unknown organisation kind 'club'"),
        (["--segment", "theme:abc"], "takes a numeric id"),
        (["--lang-variant", "sv"], "argument --lang-variant: 'sv' is not LANG=TEXT"),
        (["--at", "tomorrow"], "invalid time 'tomorrow'"),
        (["--at", "2020-01-01T09:00"], "--at is in the past"),
        (["--segment", "mun:Rovaniemi"], "nobody would get this broadcast"),
        (["--text", "x" * 4097], "longer than Telegram's 4096 characters"),
    ],
)
def test_bad_input_is_refused_in_one_line_and_nothing_is_stored(
    cli_db: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    argv = ["broadcast", "send", "--text", "Hei", *args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert _run(_count(cli_db)) == 0


def test_an_extra_worker_on_sqlite_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KYLABOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'k.db'}")
    monkeypatch.setenv("KYLABOT_TOKEN", "123:ABC")
    assert main(["broadcast", "worker"]) == 2
    assert "extra workers need PostgreSQL" in capsys.readouterr().err
