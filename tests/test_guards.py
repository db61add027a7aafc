"""The transaction guard itself: it must catch a Bot API call inside a transaction."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.emulator import BotApiEmulator
from bot.outbox.client import BotApiClient
from tests import guards


async def test_a_call_inside_a_transaction_is_recorded(
    sessionmaker: async_sessionmaker[AsyncSession], no_network_in_transactions: list[str]
) -> None:
    async with BotApiEmulator() as emulator:
        client = BotApiClient(emulator.api_url, emulator.token)
        await client.start()
        try:
            async with sessionmaker() as session, session.begin():
                await session.execute(text("SELECT 1"))
                await client.call("getMe", {})
            assert len(no_network_in_transactions) == 1
            assert no_network_in_transactions[0].startswith("getMe called by task")
            no_network_in_transactions.clear()  # seen: the guard works; do not fail this test
            await client.call("getMe", {})  # after the commit: allowed
            assert guards.violations == []
        finally:
            await client.close()
