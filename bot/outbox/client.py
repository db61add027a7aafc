"""A small Bot API client for everything the bot sends, over one aiohttp session.

python-telegram-bot's ``Bot`` builds request and ``Message`` objects per call and, over httpx,
reached about 770 messages/s against the loopback emulator; this client reaches several
thousand and returns a ``SendResult`` whose ``kind`` says whether a failure is worth retrying,
as Telegram documents its errors (courier's ``SendError`` in nyaruka/courier is the model).
"""

from __future__ import annotations

import asyncio
import enum
import json
from dataclasses import dataclass
from typing import Any

import aiohttp


class ResultKind(enum.StrEnum):
    SENT = "sent"
    NOT_MODIFIED = "not_modified"  # 400 "message is not modified": the edit is already there
    RETRY_AFTER = "retry_after"  # 429
    BLOCKED = "blocked"  # 403: blocked by the user, deactivated, kicked
    REJECTED = "rejected"  # 400: bad entities, chat not found, message to edit not found...
    SERVER = "server_error"  # 5xx
    NETWORK = "network"  # connection refused or reset
    TIMEOUT = "timeout"

    @property
    def delivered(self) -> bool:
        return self in (ResultKind.SENT, ResultKind.NOT_MODIFIED)

    @property
    def ambiguous(self) -> bool:
        """Telegram may have delivered it: the request went out and no answer came back (a
        timeout; a connection lost, though the emulator's drops come before the method)."""
        return self in (ResultKind.TIMEOUT, ResultKind.NETWORK)

    @property
    def retryable(self) -> bool:
        """Worth sending again later (a 429 waits its ``retry_after``, the rest back off)."""
        return self in (
            ResultKind.RETRY_AFTER,
            ResultKind.SERVER,
            ResultKind.NETWORK,
            ResultKind.TIMEOUT,
        )


SENT = ResultKind.SENT
RETRY_AFTER = ResultKind.RETRY_AFTER
BLOCKED = ResultKind.BLOCKED
REJECTED = ResultKind.REJECTED
SERVER = ResultKind.SERVER
NETWORK = ResultKind.NETWORK
TIMEOUT = ResultKind.TIMEOUT


@dataclass(frozen=True, slots=True)
class SendResult:
    kind: ResultKind
    message_id: int | None = None
    retry_after: float = 0.0
    description: str = ""


@dataclass(frozen=True, slots=True)
class Upload:
    """A file sent with the call (multipart), under the parameter ``field``."""

    field: str
    filename: str
    content: bytes


class BotApiClient:
    def __init__(
        self, api_url: str, token: str, *, connections: int = 32, timeout: float = 15.0
    ) -> None:
        self.base = f"{api_url.rstrip('/')}/bot{token}/"
        self.url = self.base + "sendMessage"
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
        payload: dict[str, Any] = {"chat_id": chat_id, "text": text}
        if entities:
            payload["entities"] = entities
        return await self.call("sendMessage", payload)

    async def call(
        self, method: str, params: dict[str, Any], upload: Upload | None = None
    ) -> SendResult:
        """Calls ``method``; never raises for what Telegram or the network answers."""
        raw, status = await self.request(method, params, upload)
        if status < 0:
            return SendResult(ResultKind.TIMEOUT if status == -1 else ResultKind.NETWORK)
        return classify(status, raw)

    async def request(
        self, method: str, params: dict[str, Any], upload: Upload | None = None
    ) -> tuple[bytes, int]:
        """The raw answer and HTTP status; status -1 for a timeout, -2 for a network error."""
        session = self._session
        assert session is not None, "start() first"
        url = self.base + method
        try:
            if upload is None:
                body = json.dumps(params, ensure_ascii=False, separators=(",", ":"))
                async with session.post(
                    url, data=body.encode("utf-8"), headers={"Content-Type": "application/json"}
                ) as response:
                    return await response.read(), response.status
            form = aiohttp.FormData()
            for key, value in params.items():
                form.add_field(key, value if isinstance(value, str) else json.dumps(value))
            form.add_field(upload.field, upload.content, filename=upload.filename)
            async with session.post(url, data=form) as response:
                return await response.read(), response.status
        except TimeoutError:
            return b"", -1
        except (aiohttp.ClientError, asyncio.IncompleteReadError, ConnectionError):
            return b"", -2


def classify(status: int, raw: bytes) -> SendResult:
    try:
        data = json.loads(raw)
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    description = str(data.get("description", ""))
    if status == 200 and data.get("ok"):
        result = data.get("result")
        message_id = result.get("message_id") if isinstance(result, dict) else None
        return SendResult(ResultKind.SENT, message_id=int(message_id) if message_id else None)
    if status == 429:
        parameters = data.get("parameters") or {}
        return SendResult(
            ResultKind.RETRY_AFTER,
            retry_after=float(parameters.get("retry_after", 1)),
            description=description,
        )
    if status == 403:
        return SendResult(ResultKind.BLOCKED, description=description)
    if status >= 500:
        return SendResult(ResultKind.SERVER, description=description)
    lowered = description.lower()
    if "not modified" in lowered:
        return SendResult(ResultKind.NOT_MODIFIED, description=description)
    if "chat not found" in lowered:
        return SendResult(ResultKind.REJECTED, description="chat_not_found")
    return SendResult(ResultKind.REJECTED, description=description or str(status))
