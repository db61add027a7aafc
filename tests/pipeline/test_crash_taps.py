"""SIGKILL while ten contacts answer a check-in by tapping: no tap is lost or stored twice.

The bot runs as a real child process (``kylabot run``) polling the emulator, which behaves as
Telegram does here: an update confirmed by a getUpdates offset is gone for good. A bot that
confirmed a batch before handling it (python-telegram-bot's own polling) loses the taps it had
fetched when it is killed; with the inbound journal every delivered tap is stored before it is
confirmed and handled after the restart.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bench._common import ChildBot
from bot.emulator import BotApiEmulator, EmulatedUser, SentMessage
from storage.db import create_engine, create_sessionmaker
from storage.models import Answer, InboundUpdate
from tests.helpers import has_buttons
from tests.pipeline.support import CONTACTS, MEASURES, child_env, invited_contacts

pytestmark = pytest.mark.e2e

KILL_AFTER_TAPS = 25  # of 10 × (1 + 2 × 3) = 70


def _question(index: int) -> object:
    def check(message: SentMessage) -> bool:
        return f"{index}/{MEASURES}" in (message.text or "") and has_buttons(message)

    return check


def _comment_prompt(message: SentMessage) -> bool:
    return "No comment" in str(message.reply_markup)


def _thanks(message: SentMessage) -> bool:
    return (message.text or "").startswith("Thank you! Check-in")


class Taps:
    """Counts taps; ``reached`` is set once ``KILL_AFTER_TAPS`` were made."""

    def __init__(self) -> None:
        self.count = 0
        self.reached = asyncio.Event()

    async def tap(self, user: EmulatedUser, label: str) -> None:
        await user.tap(label)
        self.count += 1
        if self.count >= KILL_AFTER_TAPS:
            self.reached.set()


async def _answer(user: EmulatedUser, taps: Taps) -> SentMessage:
    """Taps Start, then Done and No comment for each measure, waiting for each reply."""
    await taps.tap(user, "Start")
    for index in range(1, MEASURES + 1):
        await user.wait_for_message(_question(index), timeout=60)
        await taps.tap(user, "Done")
        await user.wait_for_message(_comment_prompt, timeout=60)
        await taps.tap(user, "No comment")
    return await user.wait_for_message(_thanks, timeout=60)


async def test_sigkill_while_contacts_tap_loses_and_doubles_nothing(
    database_url: str, tmp_path: Path
) -> None:
    async with BotApiEmulator() as emulator:
        orgs, users = await invited_contacts(emulator, database_url, tmp_path)
        env = child_env(database_url)
        taps = Taps()
        bot = ChildBot("kylabot", ["-m", "bot.cli", "run"], emulator, env)
        await bot.start()
        try:
            answering = asyncio.gather(*(_answer(user, taps) for user in users))
            await taps.reached.wait()
            await bot.kill()
            await asyncio.sleep(0.3)
            await bot.start()
            thanks = await asyncio.wait_for(answering, 120)
        finally:
            await bot.stop()
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
            unhandled = await session.scalar(
                select(func.count())
                .select_from(InboundUpdate)
                .where(InboundUpdate.handled_at.is_(None))
            )
    finally:
        await engine.dispose()
    assert per_org == {org.id: MEASURES for org in orgs.values()}  # each tap stored exactly once
    assert unhandled == 0
    # every tap was answered: each person got every next question and the closing thanks
    assert [message.text or "" for message in thanks] == [
        f"Thank you! Check-in {thanks[0].text.split()[3]} for Kylä {i:04d} ry: done 3, "
        "in progress 0, not done 0, skipped 0."
        for i in orgs
    ]
