"""``kylabot event ...`` and ``kylabot coffee ...``: the same checks as /event, one-line refusals
that store nothing, the attendee export and cancellation from a shell."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.cli import main
from storage.db import create_engine, create_sessionmaker
from storage.models import (
    AuditEvent,
    CoffeeParticipant,
    Contact,
    Delivery,
    Event,
    EventInvitation,
    EventSignup,
    EventStatus,
    SignupStatus,
)
from storage.types import utcnow
from tests.helpers import seed_inari_and_salla

HELSINKI = ZoneInfo("Europe/Helsinki")


def _run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


async def _seed(url: str) -> None:
    await seed_inari_and_salla(
        url,
        lambda inari, salla: [
            Contact(
                telegram_user_id=1, organisation_id=inari.id, language="fi", display_name="Aino"
            ),
            Contact(
                telegram_user_id=2, organisation_id=inari.id, language="sv", display_name="Stina"
            ),
            Contact(
                telegram_user_id=3, organisation_id=salla.id, language="se", display_name="Máret"
            ),
        ],
    )


async def _query(url: str, statement: Any) -> list[Any]:
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            return list((await session.execute(statement)).all())
    finally:
        await engine.dispose()


async def _sign_up(url: str, event_id: int, contact_ids: list[int]) -> None:
    from handlers.events import signup

    engine = create_engine(url)
    try:
        for contact_id in contact_ids:
            async with create_sessionmaker(engine)() as session, session.begin():
                await signup.sign_up(session, event_id, contact_id, utcnow())
    finally:
        await engine.dispose()


@pytest.fixture
def cli_db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("KYLABOT_DATABASE_URL", database_url)
    monkeypatch.delenv("KYLABOT_TOKEN", raising=False)
    _run(_seed(database_url))
    return database_url


def _future(days: int = 5, hour: int = 10) -> str:
    day = (utcnow() + timedelta(days=days)).astimezone(HELSINKI).date()
    return f"{day.isoformat()}T{hour:02d}:00"


def test_create_list_show_export_and_cancel(
    cli_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main(
        ["event", "create", "--kind", "training", "--title", "Kylien turvallisuuskoulutus",
         "--title-variant", "sv=Säkerhetsutbildning för byar", "--start", _future(),
         "--duration", "2:30", "--place", "Inarin kunnantalo", "--capacity", "1",
         "--audience", "mun:Inari", "--deadline", _future(days=4)]
    )  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out == "event 1 published: 2 invitations to write\n"
    [(event,)] = _run(_query(cli_db, select(Event)))
    assert (event.status, event.duration_minutes, event.capacity) == (EventStatus.PUBLISHED, 150, 1)
    assert event.title == {
        "fi": "Kylien turvallisuuskoulutus",
        "sv": "Säkerhetsutbildning för byar",
    }
    invited = _run(_query(cli_db, select(EventInvitation.contact_id).order_by("contact_id")))
    assert [row[0] for row in invited] == [1, 2]

    _run(_sign_up(cli_db, event.id, [2, 1]))
    assert main(["event", "list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].split() == [
        "id", "status", "kind", "starts", "seats", "waiting", "invited", "attended", "title",
    ]  # fmt: skip
    assert listing[1].split()[:2] == ["1", "published"]
    assert listing[1].split()[5:9] == ["1/1", "1", "2", "0"]

    assert main(["event", "show", "1"]) == 0
    shown = capsys.readouterr().out
    assert "signed_up   1\n" in shown and "waitlisted  1\n" in shown

    assert main(["event", "attendees", "1"]) == 0
    text = capsys.readouterr().out.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    start = rows.index(["status", "place", "name", "organisation", "municipality", "language",
                        "answered_at", "attended"])  # fmt: skip
    assert [(r[0], r[1], r[2]) for r in rows[start + 1 :]] == [
        ("seat", "1", "Stina"),
        ("waiting", "1", "Aino"),
    ]
    output = tmp_path / "attendees.xlsx"
    assert main(["event", "attendees", "1", "--format", "xlsx", "--output", str(output)]) == 0
    assert load_workbook(output)["figures"]["B6"].value == 2  # invited

    assert main(["event", "cancel", "1"]) == 0
    assert (
        capsys.readouterr().out == "event 1 cancelled: 2 notices written, 0 invitations dropped\n"
    )
    notices = _run(_query(cli_db, select(Delivery.method, Delivery.contact_id).order_by("id")))
    assert [tuple(row) for row in notices] == [("sendDocument", 2), ("sendMessage", 1)]
    actions = _run(_query(cli_db, select(AuditEvent.action, AuditEvent.detail)))
    assert [row[0] for row in actions] == ["event.published", "event.cancelled"]
    assert main(["event", "cancel", "1"]) == 2
    assert "is cancelled; nothing to cancel" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2020-01-01T10:00"], "That time has already passed."),
        (["--duration", "0"], "The end must come after the start"),
        (["--duration", "soon"], "Write the length in minutes (45)"),
        (["--link", "http://meet.example.fi/x", "--place", None], "That link does not work"),
        (["--link", "https://", "--place", None], "That link does not work"),
        (["--deadline", "START+1"], "Sign-ups must close by the start of the event"),
        (["--capacity", "0"], "Write the number of seats as a whole number from 1 to 10000"),
        (["--audience", "mun:Rovaniemi"], "nobody would be invited"),
        (["--audience", "club:1"], "unknown segment 'club:1'"),
        (["--start", "tomorrow"], "argument --start: invalid time 'tomorrow'"),
        (["--title-variant", "xx=Hei"], "argument --title-variant: 'xx=Hei': unknown language"),
        (["--place", None], "give either --link (https://...) or --place"),
    ],
)
def test_an_impossible_event_is_refused_in_one_line_and_nothing_is_stored(
    cli_db: str, capsys: pytest.CaptureFixture[str], args: list[str | None], message: str
) -> None:
    options: dict[str, str | None] = {
        "--kind": "workshop",
        "--title": "Kuntien työpaja",
        "--start": _future(),
        "--duration": "60",
        "--place": "Sallan kunnantalo",
    }
    for key, value in zip(args[::2], args[1::2], strict=True):
        assert key is not None
        if value == "START+1":
            value = _future(days=6)
        options[key] = value
    argv = ["event", "create"]
    for key, value in options.items():
        if value is not None:
            argv += [key, value]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert _run(_query(cli_db, select(func.count()).select_from(Event))) == [(0,)]


def test_coffee_run_rounds_and_schedule(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    async def opt_in() -> None:
        engine = create_engine(cli_db)
        try:
            async with create_sessionmaker(engine)() as session, session.begin():
                for contact_id, languages in ((1, ["fi"]), (2, ["sv", "fi"]), (3, ["se", "fi"])):
                    session.add(
                        CoffeeParticipant(
                            contact_id=contact_id,
                            languages=languages,
                            active=True,
                            opted_in_at=utcnow(),
                            counting_since=utcnow(),
                        )
                    )
        finally:
            await engine.dispose()

    _run(opt_in())
    assert main(["coffee", "run", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    # Aino and Stina share an organisation, so no trio: Máret meets one of them.
    assert out == (
        "coffee round 1: 1 groups, 2 paired, 1 without a pair, 0 asked whether to stay in\n"
    )
    assert main(["coffee", "rounds"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "started", "paired", "met", "rate", "no", "answer"]
    row = lines[1].split()
    assert (row[0], row[3:]) == ("1", ["2", "0", "0%", "2"])
    assert main(["coffee", "schedule", "--cron", "0 9 * * 1"]) == 0
    assert capsys.readouterr().out.startswith("coffee roulette: 0 9 * * 1 (Europe/Helsinki), on;")
    assert main(["coffee", "schedule", "--cron", "61 9 * * *"]) == 2
    assert main(["coffee", "schedule", "--off"]) == 0
    assert ", off; next pairing -" in capsys.readouterr().out


def test_the_signups_of_an_event_made_in_the_shell_are_counted(cli_db: str) -> None:
    assert main(
        ["event", "create", "--kind", "coffee", "--title", "Kahvit", "--start", _future(),
         "--duration", "30", "--link", "https://meet.example.fi/k"]
    ) == 0  # fmt: skip
    _run(_sign_up(cli_db, 1, [1, 2, 3]))
    statuses = _run(_query(cli_db, select(EventSignup.status)))
    assert sorted(row[0] for row in statuses) == [SignupStatus.SEAT] * 3  # no capacity: all in
