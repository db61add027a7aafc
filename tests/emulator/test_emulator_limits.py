"""Flood limits (enforce_limits=True) and a throughput smoke check."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.emulator import BotApiEmulator


@pytest.fixture
async def limited() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(enforce_limits=True) as emulator:
        emulator.ensure_chats(range(1, 41))
        yield emulator


async def test_global_limit_is_30_per_second(limited: BotApiEmulator) -> None:
    async with httpx.AsyncClient(base_url=f"{limited.base_url}{limited.token}/") as client:
        statuses = []
        for chat_id in range(1, 41):
            response = await client.post("sendMessage", data={"chat_id": chat_id, "text": "x"})
            statuses.append(response.status_code)
        assert statuses[:30] == [200] * 30
        assert set(statuses[30:]) == {429}
        body = response.json()
        assert body["parameters"]["retry_after"] >= 1
        assert (
            body["description"]
            == f"Too Many Requests: retry after {body['parameters']['retry_after']}"
        )
        assert limited.total_delivered == 30
        assert limited.stats.sent_429 == 10


async def test_per_chat_limit_is_one_per_second(limited: BotApiEmulator) -> None:
    assert limited.limits is not None
    now = 1000.0
    limited.limits.clock = lambda: now
    async with httpx.AsyncClient(base_url=f"{limited.base_url}{limited.token}/") as client:
        first = await client.post("sendMessage", data={"chat_id": 1, "text": "a"})
        now += 0.99
        second = await client.post("sendMessage", data={"chat_id": 1, "text": "b"})
        other = await client.post("sendMessage", data={"chat_id": 2, "text": "c"})
        assert (first.status_code, second.status_code, other.status_code) == (200, 429, 200)
        assert second.json()["parameters"]["retry_after"] == 1
        now += 0.01  # one second after the first
        third = await client.post("sendMessage", data={"chat_id": 1, "text": "d"})
        assert third.status_code == 200
    assert limited.delivered_count(1) == 2


async def test_throughput_smoke(emu: BotApiEmulator) -> None:
    chats = range(10_000, 10_200)
    emu.ensure_chats(chats)
    total = 2_000
    # httpx slows down sharply with many concurrent connections (its pool, not the server:
    # an aiohttp client reaches ~6,000/s here), so keep the client side modest.
    limits = httpx.Limits(max_connections=8, max_keepalive_connections=8)
    async with httpx.AsyncClient(
        base_url=f"{emu.base_url}{emu.token}/", limits=limits, timeout=30
    ) as client:

        async def worker(offset: int) -> None:
            for i in range(offset, total, 8):
                response = await client.post(
                    "sendMessage",
                    data={"chat_id": str(chats[i % len(chats)]), "text": f"viesti {i}"},
                )
                assert response.status_code == 200

        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(8)))
        elapsed = time.perf_counter() - started
    print(f"\nemulator throughput: {total / elapsed:,.0f} sendMessage/s ({elapsed:.2f}s)")
    assert emu.total_delivered == total
    assert {emu.delivered_count(chat) for chat in chats} == {total // len(chats)}
