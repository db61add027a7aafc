"""A bare sender for the outbox's tests: a migrated database, the emulator, one ``Sender``
(no pacing, the only one), and a sessionmaker to write and read rows with."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.emulator import BotApiEmulator
from bot.harness import LocalBot
from bot.outbox.client import BotApiClient
from bot.outbox.sender import Sender
from bot.outbox.types import SenderOptions
from storage.db import create_engine, create_sessionmaker


@dataclass(frozen=True)
class BareSender:
    emulator: BotApiEmulator
    sessionmaker: async_sessionmaker[AsyncSession]
    sender: Sender  # not started: the test writes its rows first


@asynccontextmanager
async def bare_sender(
    database_url: str, chat: int, *, client_timeout: float = 15.0, backoff_base: float = 1.0
) -> AsyncIterator[BareSender]:
    """The sender is stopped, the engine disposed and the emulator stopped at the end."""
    emulator = BotApiEmulator(record_messages=False)
    await emulator.start()
    async with LocalBot(database_url, emulator=emulator):
        pass  # migrated, nothing else
    emulator.ensure_chats([chat])
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    sender = Sender(
        sessionmaker,
        LocalBot(database_url, emulator=emulator).settings,
        client=BotApiClient(emulator.api_url, emulator.token, timeout=client_timeout),
        options=SenderOptions(pace=False, backoff_base=backoff_base, exclusive=True),
    )
    try:
        yield BareSender(emulator, sessionmaker, sender)
    finally:
        await sender.stop()
        await engine.dispose()
        await emulator.stop()
