"""SIGKILL of a webhook process while ten contacts tap through a check-in (issue 11).

The bot is a real ``kylabot run --webhook`` child; the emulator POSTs each update to it as
Telegram does (through a stand-in for the reverse proxy) and forgets an update once it was
answered 2xx. Every update answered 200 must be handled exactly once, also those answered
just before the kill: they are in the journal and the restarted process handles them.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.emulator import BotApiEmulator, EmulatedUser, SentMessage
from storage.db import create_engine, create_sessionmaker
from storage.models import Answer, InboundUpdate
from tests.ops.support import free_port, webhook_child
from tests.pipeline.support import CONTACTS, MEASURES, invited_contacts
from tests.pipeline.test_crash_taps import KILL_AFTER_TAPS, _comment_prompt, _question, _thanks

pytestmark = pytest.mark.e2e


class Taps:
    """Counts taps, each on the message the bot asked with (a message resent after the kill,
    at most one per crash, is left alone as a person would); ``reached`` after the kill count.
    """

    def __init__(self) -> None:
        self.count = 0
        self.reached = asyncio.Event()

    async def tap(self, user: EmulatedUser, message: SentMessage, label: str) -> None:
        rows = (message.reply_markup or {}).get("inline_keyboard", [])
        data = next(b["callback_data"] for row in rows for b in row if b["text"] == label)
        await user.tap_data(data, message.message_id)
        self.count += 1
        if self.count >= KILL_AFTER_TAPS:
            self.reached.set()


async def _answer(user: EmulatedUser, taps: Taps) -> SentMessage:
    """Taps Start, then Done and No comment for each measure, waiting for each reply."""
    await taps.tap(user, user.last, "Start")
    for index in range(1, MEASURES + 1):
        question = await user.wait_for_message(_question(index), timeout=60)
        await taps.tap(user, question, "Done")
        prompt = await user.wait_for_message(_comment_prompt, timeout=60)
        await taps.tap(user, prompt, "No comment")
    return await user.wait_for_message(_thanks, timeout=60)


async def test_sigkill_of_a_webhook_process_loses_nothing_answered_200(
    database_url: str, tmp_path: Path
) -> None:
    async with BotApiEmulator() as emulator:
        orgs, users = await invited_contacts(emulator, database_url, tmp_path)
        port = free_port()
        emulator.webhook.set_targets([f"http://127.0.0.1:{port}/telegram"])
        taps = Taps()
        bot = webhook_child(emulator, database_url, port)
        await bot.start()
        try:
            answering = asyncio.gather(*(_answer(user, taps) for user in users))
            await taps.reached.wait()
            await bot.kill()
            answered_before_kill = list(emulator.webhook.accepted_ids)
            await asyncio.sleep(0.3)
            await bot.start()
            await asyncio.wait_for(answering, 120)
        finally:
            await bot.stop()
        accepted = set(emulator.webhook.accepted_ids)
        assert taps.count == CONTACTS * (1 + 2 * MEASURES)

    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            per_org = dict(
                (
                    await session.execute(
                        select(Answer.organisation_id, func.count()).group_by(
                            Answer.organisation_id
                        )
                    )
                ).all()
            )
            handled = set(
                await session.scalars(
                    select(InboundUpdate.update_id).where(InboundUpdate.handled_at.is_not(None))
                )
            )
            unhandled = await session.scalar(
                select(func.count())
                .select_from(InboundUpdate)
                .where(InboundUpdate.handled_at.is_(None))
            )
    finally:
        await engine.dispose()
    assert answered_before_kill  # the kill came while contacts were answering
    assert accepted - handled == set()  # every update answered 200 was handled
    assert per_org == {org.id: MEASURES for org in orgs.values()}  # each tap stored once
    assert unhandled == 0
