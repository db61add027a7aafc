"""The sender over the emulator: scheduling, quiet hours, 429/5xx/403, several workers."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from bot.emulator import BotApiEmulator, FaultPlan
from bot.features import FEATURES
from bot.harness import LocalBot
from bot.i18n import Catalogs
from bot.outbox.sender import Sender
from bot.outbox.types import SenderOptions
from bot.outbox.verdicts import MAX_ATTEMPTS
from bot.segments import Segments
from handlers.broadcast import texts as words
from handlers.broadcast.ticks import BroadcastTicks
from storage.models import Broadcast, BroadcastStatus, DeliveryStatus
from storage.types import utcnow
from tests.broadcast.support import (
    Clock,
    add_contact,
    broadcasts,
    compose,
    coordinator,
    deliveries,
    helsinki,
    is_done,
    queue_to_all,
    tr,
    wait_until,
)
from tests.broadcast.support import queue_broadcast as _queue
from tests.helpers import has_buttons, make_org

pytestmark = pytest.mark.e2e


async def _fire(bot: LocalBot) -> int:
    """Runs the sender's firing tick once at the bot's clock; returns how many broadcasts fired."""
    services = bot.services
    ticks = BroadcastTicks(
        services.sessionmaker,
        services.settings,
        services.catalogs,
        services.clock,
        services.update_lock,
    )
    return await ticks.fire_scheduled()


async def test_a_scheduled_broadcast_fires_once(database_url: str) -> None:
    clock = Clock(helsinki(2026, 11, 24, 12, 0))
    async with LocalBot(database_url, clock=clock) as bot:
        _ = tr(bot)
        org = await make_org(bot)
        boss = await coordinator(bot, org)
        for i in range(3):
            await add_contact(bot, org, 4000 + i)
        await compose(bot, boss, "Muistutus: kysely sulkeutuu")
        await boss.tap(_(words.SCHEDULE))
        await boss.wait_for_message(has_buttons)
        await boss.send_text("24.11. 11:00")  # already passed today
        assert (await boss.wait_for_message()).text == _(words.PAST_TIME)
        await boss.send_text("24.11. 15:30")
        confirmation = await boss.wait_for_message()
        assert "#1" in (confirmation.text or "") and "15.30" in (confirmation.text or "")

        async def stored() -> bool:
            return [b.status for b in await broadcasts(bot)] == [BroadcastStatus.SCHEDULED]

        await wait_until(stored)  # the reply goes out just before the update's commit
        (scheduled,) = await broadcasts(bot)
        assert scheduled.scheduled_for == helsinki(2026, 11, 24, 15, 30)
        # The firing tick, run here at the clock's time instead of waiting for the sender's.
        assert await _fire(bot) == 0
        assert await deliveries(bot) == []  # not yet: nothing is written before it fires
        clock.advance(hours=4)
        await wait_until(lambda: is_done(bot))
        await bot.restart()  # a restart after firing must not fire it again
        assert await _fire(bot) == 0
        await bot.settle()
        for i in range(3):
            texts = [m.text for m in bot.emulator.user(4000 + i).messages]
            assert texts == ["Muistutus: kysely sulkeutuu"]
        assert len(await deliveries(bot)) == 4  # the coordinator is one of "everyone"
        progress = await boss.wait_for_message(lambda m: "4/4" in (m.text or ""))
        assert progress is not None


async def test_quiet_hours_hold_non_urgent_messages_until_morning(database_url: str) -> None:
    clock = Clock(helsinki(2026, 11, 24, 22, 30))
    async with LocalBot(database_url, clock=clock) as bot:  # default quiet hours 21:00-08:00
        _ = tr(bot)
        org = await make_org(bot)
        boss = await coordinator(bot, org)
        await add_contact(bot, org, 4100)
        await add_contact(bot, org, 4101, timezone="Europe/London")  # 20:30 there: not quiet
        await compose(bot, boss, "Iltatiedote")
        preview = boss.last.text or ""
        assert (
            _(words.QUIET) % {"hours": "21:00-08:00", "count": "2"} in preview
        )  # with the coordinator
        await boss.tap(_(words.SEND_NOW))
        await bot.emulator.user(4101).wait_for_message(lambda m: m.text == "Iltatiedote")
        await bot.settle()  # the sender has claimed again and found nothing due
        assert bot.emulator.user(4100).messages == []
        rows = {d.contact_id: d for d in await deliveries(bot)}
        waiting = [d for d in rows.values() if d.status is DeliveryStatus.PENDING]
        assert [d.next_attempt_at for d in waiting] == [helsinki(2026, 11, 25, 8, 0)] * 2
        clock.now = helsinki(2026, 11, 25, 8, 1)
        await bot.emulator.user(4100).wait_for_message(lambda m: m.text == "Iltatiedote")
        await wait_until(lambda: is_done(bot))

        # Urgent: goes out at night.
        clock.now = helsinki(2026, 11, 25, 23, 0)
        await compose(bot, boss, "Vesikatko nyt")
        await boss.tap(_(words.URGENT_OFF))
        await boss.wait_for_message(lambda m: _(words.URGENT_ON) in str(m.reply_markup))
        await boss.tap(_(words.SEND_NOW))
        await bot.emulator.user(4100).wait_for_message(lambda m: m.text == "Vesikatko nyt")


async def test_429_and_5xx_are_retried_and_403_blocks(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KYLABOT_BROADCAST_BACKOFF", "0.05")
    async with LocalBot(database_url, quiet_hours="00:00-00:00", global_rate=100.0) as bot:
        org = await make_org(bot)
        for i in range(40):
            await add_contact(bot, org, 4200 + i)
        bot.emulator.user(4239).block(notify=False)
        bot.emulator.faults = FaultPlan(rate_429=0.15, rate_5xx=0.1, rate_drop=0.05, seed=7)
        await _queue(bot, "Tiedote")
        await wait_until(lambda: is_done(bot), timeout=20)
        stats = bot.emulator.stats
        assert stats.sent_429 > 0 and stats.sent_5xx > 0 and stats.drops > 0
        for i in range(39):
            assert bot.emulator.delivered_count(4200 + i) == 1
        rows = await deliveries(bot)
        assert sum(r.status is DeliveryStatus.SENT for r in rows) == 39
        (blocked,) = [r for r in rows if r.status is DeliveryStatus.BLOCKED]
        assert blocked.error == "blocked"
        assert max(r.attempts for r in rows) <= MAX_ATTEMPTS


async def test_errors_that_persist_end_as_failed_after_the_cap(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KYLABOT_BROADCAST_BACKOFF", "0.01")
    async with LocalBot(database_url, quiet_hours="00:00-00:00") as bot:
        org = await make_org(bot)
        for i in range(3):
            await add_contact(bot, org, 4300 + i)
        bot.emulator.faults = FaultPlan(rate_5xx=1.0)
        await _queue(bot, "Ei mene perille")
        await wait_until(lambda: is_done(bot), timeout=15)
        rows = await deliveries(bot)
        assert [(r.status, r.error, r.attempts) for r in rows] == [
            (DeliveryStatus.FAILED, "server_error", MAX_ATTEMPTS)
        ] * 3


async def test_a_broadcast_never_delays_replies_to_other_contacts(database_url: str) -> None:
    async with LocalBot(
        database_url, admins=frozenset({9000}), quiet_hours="00:00-00:00", global_rate=5.0
    ) as bot:
        org = await make_org(bot)
        boss = await coordinator(bot, org)
        for i in range(30):
            await add_contact(bot, org, 4400 + i)
        bot.emulator.faults = FaultPlan(rate_429=0.3, retry_after=3, seed=1)
        await _queue(bot, "Hidas tiedote")
        await wait_until(lambda: bot.emulator.stats.sent_429 > 0)  # the broadcast is held up
        bot.emulator.faults = None
        started = time.monotonic()
        await boss.send_text("/broadcasts")
        await boss.wait_for_message()
        assert time.monotonic() - started < 1.0
        assert bot.emulator.total_delivered < 30 + 5  # still sending at 5/s


@pytest.mark.postgres
async def test_several_workers_on_postgresql_send_each_message_once(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several workers need PostgreSQL (SKIP LOCKED)")
    from storage.db import create_engine, create_sessionmaker

    emulator = BotApiEmulator(record_messages=False)
    await emulator.start()
    bot = LocalBot(database_url, emulator=emulator, quiet_hours="00:00-00:00")
    await bot.start()
    org = await make_org(bot)
    for i in range(300):
        await add_contact(bot, org, 5000 + i)
    await bot.stop()  # only the three workers below send
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    ticks = BroadcastTicks(
        sessionmaker, bot.settings, Catalogs(), utcnow, Segments.of(FEATURES), progress_every=0.2
    )
    workers = [
        Sender(
            sessionmaker,
            bot.settings,
            options=SenderOptions(pace=False, batch_size=20, concurrency=4),
            ticks=ticks.ticks(),
        )
        for _ in range(3)
    ]
    try:
        await queue_to_all(sessionmaker, bot.settings, "Kaikille", bot.clock())
        for worker in workers:
            worker.start()
        await wait_until(lambda: emulator.total_delivered >= 300, timeout=20)

        async def statuses() -> list[BroadcastStatus]:
            async with sessionmaker() as session:
                return list(await session.scalars(select(Broadcast.status)))

        async def finished() -> bool:
            return await statuses() == [BroadcastStatus.DONE]

        await wait_until(finished, timeout=10)  # the summary's tick finishes it
        found = await statuses()
    finally:
        for worker in workers:
            await worker.stop()
        await engine.dispose()
        await emulator.stop()
    assert all(emulator.delivered_count(5000 + i) == 1 for i in range(300))
    assert emulator.total_delivered == 300
    assert sum(worker.sent for worker in workers) == 300
    assert sum(1 for worker in workers if worker.sent > 0) >= 2  # they really shared the work
    assert found == [BroadcastStatus.DONE]
