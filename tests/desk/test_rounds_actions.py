"""The rounds page's "Remind" over HTTP: it reaches exactly the people of the organisations
that have not answered, once, under the reminder rules the scheduled reminders follow (civil
hours, at most ``max_reminders``, claimed so that the two never both remind), audited; and
when it can send nothing it says why in one sentence and writes nothing."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime, time, timedelta

import httpx
import pytest
from sqlalchemy import func, select

from bot.harness import LocalBot
from handlers.checkin.reminders import remind_due
from handlers.checkin.rounds import start_round
from handlers.desk import texts
from storage.models import AuditEvent, Delivery, Round, RoundRequest
from storage.repos import checkin as repo
from storage.repos.audit import Action
from tests.desk.rounds_support import (
    COORDINATOR,
    HELSINKI,
    MONDAY,
    NOT_ANSWERED,
    reminder,
    sent,
    waiting_round,
)
from tests.desk.support import DESK_URL, Clock, desk_client, init_data, signed

pytestmark = pytest.mark.e2e

TUESDAY = MONDAY + timedelta(days=1)


@pytest.fixture
async def bot(database_url: str, clock: Clock) -> AsyncIterator[LocalBot]:
    async with LocalBot(database_url, clock=clock, desk_url=DESK_URL, max_reminders=2) as started:
        yield started


async def remind(bot: LocalBot, round_id: int, **filters: str) -> httpx.Response:
    data = init_data(bot, COORDINATOR, "en")
    async with desk_client(bot) as client:
        return await client.post(
            "/desk/act/remind", data={"round": str(round_id), **filters}, headers=signed(data)
        )


async def deliveries(bot: LocalBot) -> int:
    async with bot.services.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Delivery)) or 0)


async def reminded_events(bot: LocalBot) -> list[dict[str, object]]:
    async with bot.services.sessionmaker() as session:
        found = await session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == Action.ROUND_REMINDED.value)
        )
        return [json.loads(detail or "{}") for detail in found]


def en(bot: LocalBot, message: str) -> str:
    return bot.services.catalogs.get("en", "desk")._(message)


def when(bot: LocalBot, moment: datetime) -> str:
    return bot.services.catalogs.get("en", "desk").datetime(moment, HELSINKI)


async def label_of(bot: LocalBot, round_id: int) -> str:
    async with bot.services.sessionmaker() as session:
        found = await session.get(Round, round_id)
        assert found is not None
        return found.label


async def test_remind_reaches_those_who_have_not_answered_once(bot: LocalBot, clock: Clock) -> None:
    network = await waiting_round(bot)
    people = [network.coordinator, *network.not_answered, network.answered]
    before = [len(user.messages) for user in people]
    clock.now = TUESDAY
    answer = await remind(bot, network.round_id)
    assert (answer.status_code, answer.text) == (200, "Reminders are on their way to 2 people.")
    await bot.settle()
    label = await label_of(bot, network.round_id)
    got = [sent(user, since) for user, since in zip(people, before, strict=True)]
    assert got == [
        [],
        *([reminder(bot, language, label)] for language in NOT_ANSWERED.values()),
        [],
    ]
    assert await reminded_events(bot) == [
        {
            "via": "desk",
            "round": label,
            "organisations": 1,
            "people": 2,
            "municipality": None,
            "kind": None,
        }
    ]

    rows = await deliveries(bot)
    again = await remind(bot, network.round_id)
    expected = en(bot, texts.TOO_SOON) % {"when": when(bot, TUESDAY + timedelta(days=1))}
    assert (again.status_code, again.text) == (409, expected)
    await bot.settle()
    assert await deliveries(bot) == rows  # nothing written
    assert [sent(user, since) for user, since in zip(people, before, strict=True)] == got
    assert len(await reminded_events(bot)) == 1


async def test_remind_outside_civil_hours_says_when_it_can(bot: LocalBot, clock: Clock) -> None:
    network = await waiting_round(bot)
    clock.now = datetime(2026, 9, 8, 22, tzinfo=HELSINKI)
    rows = await deliveries(bot)
    answer = await remind(bot, network.round_id)
    tr = bot.services.catalogs.get("en", "desk")
    expected = en(bot, texts.OUTSIDE_HOURS) % {
        "start": tr.time(time(9)),
        "end": tr.time(time(18)),
        "when": when(bot, datetime(2026, 9, 9, 9, tzinfo=HELSINKI)),
    }
    assert (answer.status_code, answer.text) == (409, expected)
    assert expected == (
        "Reminders go out between 9:00\u202fAM and 6:00\u202fPM only: you can send them from "
        "September 9, 2026, 9:00\u202fAM."
    )
    assert await deliveries(bot) == rows
    async with bot.services.sessionmaker() as session:
        counted = list(await session.scalars(select(RoundRequest.reminders_sent)))
    assert sorted(counted) == [0] * len(counted)
    assert await reminded_events(bot) == []


async def test_remind_after_every_reminder_allowed(database_url: str, clock: Clock) -> None:
    async with LocalBot(database_url, clock=clock, desk_url=DESK_URL, max_reminders=1) as bot:
        network = await waiting_round(bot)
        clock.now = TUESDAY
        assert (await remind(bot, network.round_id)).status_code == 200
        clock.now = TUESDAY + timedelta(days=2)
        answer = await remind(bot, network.round_id)
        tr = bot.services.catalogs.get("en", "desk")
        expected = tr.counted(texts.ALL_REMINDED, 1) % {"count": 1}
        assert (answer.status_code, answer.text) == (409, expected)
        assert expected == "Everyone who has not answered has already had the 1 reminder allowed."


async def test_remind_a_closed_round_or_one_that_is_gone(bot: LocalBot, clock: Clock) -> None:
    network = await waiting_round(bot)
    clock.now = TUESDAY
    async with bot.services.write() as session:
        plan = await repo.get_plan(session)
        await start_round(session, plan, clock.now, HELSINKI)  # closes the first one
    closed = await remind(bot, network.round_id)
    assert (closed.status_code, closed.text) == (409, en(bot, texts.ROUND_CLOSED))
    gone = await remind(bot, 999_999)
    assert (gone.status_code, gone.text) == (409, en(bot, texts.NO_SUCH_ROUND))
    assert await reminded_events(bot) == []


async def test_remind_with_a_filter_reminds_only_its_organisations(
    bot: LocalBot, clock: Clock
) -> None:
    network = await waiting_round(bot)  # Lapin Kylät ry is in Rovaniemi
    clock.now = TUESDAY
    inari = await remind(bot, network.round_id, municipality="Inari")
    assert (inari.status_code, inari.text) == (409, en(bot, texts.EVERYONE))
    rovaniemi = await remind(bot, network.round_id, municipality="Rovaniemi", kind="association")
    assert (rovaniemi.status_code, rovaniemi.text) == (
        200,
        "Reminders are on their way to 2 people.",
    )
    (event,) = await reminded_events(bot)
    assert (event["municipality"], event["kind"]) == ("Rovaniemi", "association")


async def test_the_scheduled_reminder_and_the_desks_never_both_remind(
    database_url: str, clock: Clock
) -> None:
    async with LocalBot(database_url, clock=clock, desk_url=DESK_URL, reminder_after_days=1) as bot:
        network = await waiting_round(bot)
        clock.now = TUESDAY
        assert await remind_due(bot.services) == 1  # the scheduled one first
        answer = await remind(bot, network.round_id)
        expected = en(bot, texts.TOO_SOON) % {"when": when(bot, TUESDAY + timedelta(days=1))}
        assert (answer.status_code, answer.text) == (409, expected)
        clock.now = TUESDAY + timedelta(days=1)
        assert (await remind(bot, network.round_id)).status_code == 200  # the desk's first
        assert await remind_due(bot.services) == 0
        await bot.settle()
        label = await label_of(bot, network.round_id)
        for user, language in zip(network.not_answered, NOT_ANSWERED.values(), strict=True):
            assert sent(user)[-2:] == [reminder(bot, language, label)] * 2


async def test_remind_while_another_transaction_reminds_says_so(
    bot: LocalBot, clock: Clock, database_url: str
) -> None:
    """PostgreSQL: the requests the scheduled reminders hold are skipped, not reminded again
    (SQLite has one writer: the desk's transaction would wait for the other's end)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time: there is no claim to skip")
    network = await waiting_round(bot)
    clock.now = TUESDAY
    async with bot.services.sessionmaker() as other:
        await other.begin()
        held = await repo.reminders_due(other, clock.now, timedelta(days=1), 2)
        assert len(held) == 1
        answer = await remind(bot, network.round_id)
        assert (answer.status_code, answer.text) == (409, en(bot, texts.BUSY))
        await other.rollback()
    assert (await remind(bot, network.round_id)).status_code == 200
