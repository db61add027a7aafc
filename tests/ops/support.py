"""Helpers for the production tests: free ports, a child bot in webhook mode, health reads."""

from __future__ import annotations

import socket
from typing import Any

import httpx

from bench._common import ChildBot
from bot.emulator import BotApiEmulator
from tests.pipeline.support import child_env

PUBLIC_URL = "https://bot.example.test/telegram"  # what Telegram is told; a proxy forwards it


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def webhook_child(
    emulator: BotApiEmulator, database_url: str, port: int, name: str = "kylabot", **extra: str
) -> ChildBot:
    """``kylabot run --webhook`` listening on ``port``; ready once it called setWebhook."""
    env = child_env(
        database_url,
        KYLABOT_WEBHOOK_URL=PUBLIC_URL,
        KYLABOT_LISTEN=f"127.0.0.1:{port}",
        KYLABOT_LEADER_INTERVAL="0.5",
        **extra,
    )
    return ChildBot(name, ["-m", "bot.cli", "run"], emulator, env, ready_method="setWebhook")


async def get_json(url: str) -> tuple[int, dict[str, Any]]:
    """GET → (status, JSON body); (0, {}) when nothing answers."""
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.get(url)
    except httpx.HTTPError:
        return 0, {}
    return response.status_code, response.json()
