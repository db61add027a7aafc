"""A minimal Bot API client for the bulk path: ``sendMessage`` over one aiohttp session.

The broadcast sender sends thousands of identical-looking messages; python-telegram-bot's
``Bot.send_message`` builds request and ``Message`` objects per call and, over httpx, reached
about 770 messages/s against the loopback emulator, while this client reaches several thousand.
It also keeps broadcast traffic on its own connection pool, so it never takes connections from
the bot's replies. Errors are classified the way Telegram documents them.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import aiohttp

SENT = "sent"
RETRY_AFTER = "retry_after"  # 429
BLOCKED = "blocked"  # 403: blocked by the user, deactivated, kicked
REJECTED = "rejected"  # 400: bad entities, chat not found...
SERVER = "server_error"  # 5xx
NETWORK = "network"  # connection refused or reset
TIMEOUT = "timeout"


@dataclass(frozen=True, slots=True)
class SendResult:
    kind: str
    message_id: int | None = None
    retry_after: float = 0.0
    description: str = ""


class BotApiClient:
    def __init__(
        self, api_url: str, token: str, *, connections: int = 32, timeout: float = 15.0
    ) -> None:
        self.url = f"{api_url.rstrip('/')}/bot{token}/sendMessage"
        self.connections = connections
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.connections),
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            )

    async def close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    async def send_message(
        self, chat_id: int, text: str, entities: list[dict[str, Any]] | None
    ) -> SendResult:
        assert self._session is not None, "start() first"
        payload: dict[str, Any] = {"chat_id": chat_id, "text": text}
        if entities:
            payload["entities"] = entities
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            async with self._session.post(
                self.url, data=body, headers={"Content-Type": "application/json"}
            ) as response:
                raw = await response.read()
                status = response.status
        except TimeoutError:
            return SendResult(TIMEOUT)
        except (aiohttp.ClientError, asyncio.IncompleteReadError, ConnectionError) as error:
            return SendResult(NETWORK, description=type(error).__name__)
        return classify(status, raw)


def classify(status: int, raw: bytes) -> SendResult:
    try:
        data = json.loads(raw)
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    description = str(data.get("description", ""))
    if status == 200 and data.get("ok"):
        result = data.get("result") or {}
        return SendResult(SENT, message_id=int(result.get("message_id", 0)) or None)
    if status == 429:
        parameters = data.get("parameters") or {}
        return SendResult(
            RETRY_AFTER,
            retry_after=float(parameters.get("retry_after", 1)),
            description=description,
        )
    if status == 403:
        return SendResult(BLOCKED, description=description)
    if status >= 500:
        return SendResult(SERVER, description=description)
    if "chat not found" in description.lower():
        return SendResult(REJECTED, description="chat_not_found")
    return SendResult(REJECTED, description=description or str(status))
