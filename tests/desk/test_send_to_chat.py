"""The rounds page's "Send this to my chat" over HTTP: the chat report's workbook of what the
page shows (its round and filters) arrives in the coordinator's chat as a document, once, even
when the process that was drawing it died (``handlers/checkin/report_requests.py``)."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.emulator import SentMessage
from bot.harness import LocalBot
from bot.i18n import Translator
from handlers.checkin import report_requests
from handlers.desk import texts
from storage.models import AuditEvent, ReportRequest, Theme
from storage.repos.audit import Action
from storage.repos.people import contact_by_telegram_id
from tests.desk.rounds_support import COORDINATOR, waiting_round
from tests.desk.support import DESK_URL, Clock, desk_client, init_data, signed, tables_of

pytestmark = pytest.mark.e2e


@pytest.fixture
async def bot(database_url: str, clock: Clock) -> AsyncIterator[LocalBot]:
    async with LocalBot(database_url, clock=clock, desk_url=DESK_URL) as started:
        yield started


def documents(bot: LocalBot) -> list[SentMessage]:
    return [m for m in bot.emulator.chats[COORDINATOR] if m.kind == "document"]


def sheet_rows(document: SentMessage) -> list[list[Any]]:
    """The workbook's first sheet (by theme), as values."""
    assert document.file_bytes is not None
    workbook = load_workbook(io.BytesIO(document.file_bytes), read_only=True)
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def as_on_screen(rows: list[list[Any]], tr: Translator) -> list[list[str]]:
    """The sheet's theme rows written as the desk writes its cells: "26 (72%)"."""
    return [
        [
            str(row[0]),
            tr.number(row[1]),
            *(f"{tr.number(row[i])} ({tr.percent(row[i + 1])})" for i in range(2, 10, 2)),
        ]
        for row in rows[2:]
    ]


async def requests_left(bot: LocalBot) -> int:
    async with bot.services.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(ReportRequest)) or 0)


async def test_send_delivers_the_workbook_of_what_is_on_screen(bot: LocalBot) -> None:
    network = await waiting_round(bot)
    async with bot.services.sessionmaker() as session:
        theme = await session.scalar(select(Theme).where(Theme.key == "mobility-safety"))
        assert theme is not None
    filters = {"round": str(network.round_id), "kind": "authority", "theme": str(theme.id)}
    headers = signed(init_data(bot, COORDINATOR, "en"))
    async with desk_client(bot) as client:
        page = await client.get("/desk/page/rounds", params=filters, headers=headers)
        answer = await client.post("/desk/act/send", data=filters, headers=headers)
    tr = bot.services.catalogs.get("en", "desk")
    assert (answer.status_code, answer.text) == (200, tr._(texts.SENDING))
    await bot.settle()

    (document,) = documents(bot)
    assert document.file_name == "checkin-Q3-2026.xlsx"
    assert document.caption == (
        "Check-in Q3/2026: Lapland regional safety plan 2020–2023\nAuthorities · Safe mobility"
    )
    rows = sheet_rows(document)
    on_screen = tables_of(page.text)[0]
    assert as_on_screen(rows, tr) == on_screen[1:]
    assert [row[0] for row in on_screen[1:]] == ["Safe mobility", "Total"]
    assert await requests_left(bot) == 0
    async with bot.services.sessionmaker() as session:
        (detail,) = await session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == Action.REPORT_SENT.value)
        )
    assert json.loads(detail or "") == {
        "via": "desk",
        "round": "Q3/2026",
        "format": "xlsx",
        "municipality": None,
        "kind": "authority",
        "theme": theme.id,
    }


async def left_request(bot: LocalBot, round_id: int) -> int:
    """What a process that died right after the action's commit leaves: the request alone,
    with no task drawing it."""
    async with bot.services.write() as session:
        coordinator = await contact_by_telegram_id(session, COORDINATOR)
        assert coordinator is not None
        left = ReportRequest(
            contact_id=coordinator.id,
            round_id=round_id,
            language="en",
            requested_at=bot.services.now(),
        )
        session.add(left)
        await session.flush()
        return left.id


async def test_a_request_left_by_a_crash_is_drawn_once(bot: LocalBot, clock: Clock) -> None:
    network = await waiting_round(bot)
    await left_request(bot, network.round_id)
    await bot.settle()
    assert documents(bot) == []
    clock.now += report_requests.LEFT_AFTER
    await report_requests.draw_left(bot.services)
    await bot.settle()
    assert len(documents(bot)) == 1
    assert await requests_left(bot) == 0
    assert await report_requests.draw_left(bot.services) == 0

    # Two passes drawing one request at once (two processes): one document.
    twice = await left_request(bot, network.round_id)
    await asyncio.gather(
        report_requests.draw_requested(bot.services, twice),
        report_requests.draw_requested(bot.services, twice),
    )
    await bot.settle()
    assert len(documents(bot)) == 2
    assert await requests_left(bot) == 0


async def test_send_for_a_round_that_is_gone(bot: LocalBot) -> None:
    await waiting_round(bot)
    headers = signed(init_data(bot, COORDINATOR, "en"))
    async with desk_client(bot) as client:
        answer = await client.post("/desk/act/send", data={"round": "999999"}, headers=headers)
    tr = bot.services.catalogs.get("en", "desk")
    assert (answer.status_code, answer.text) == (409, tr._(texts.NO_SUCH_ROUND))
    assert await requests_left(bot) == 0
