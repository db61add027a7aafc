"""Webhook mode of the emulator: queued updates are POSTed to the bot, as Telegram does.

Once ``setWebhook`` has a URL, getUpdates answers 409 and each queued update is sent as a JSON
POST with the ``X-Telegram-Bot-Api-Secret-Token`` header given to setWebhook. An update stays
queued until the bot answers 2xx; any other answer, a timeout or a refused connection is
recorded for getWebhookInfo (``last_error_message``) and the update is sent again after a short
backoff. Like Telegram, at most ``max_connections`` requests are in flight, and one chat's
updates go one at a time, in order.

Telegram insists on an https:// URL that it can reach; tests and benchmarks play the reverse
proxy in front of the bot with ``targets``: the loopback addresses the POSTs really go to, taken
in turn (two bot processes behind one webhook URL).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections import Counter
from typing import TYPE_CHECKING

import aiohttp

from bot.emulator.models import JSONDict

if TYPE_CHECKING:
    from bot.emulator.state import EmulatorState

REQUEST_TIMEOUT = 10.0
RETRY_FIRST = 0.1
RETRY_CAP = 2.0


def chat_key(update: JSONDict) -> int | None:
    for value in update.values():
        if not isinstance(value, dict):
            continue
        message = value.get("message") if "chat" not in value else value
        chat = message.get("chat") if isinstance(message, dict) else None
        if isinstance(chat, dict) and isinstance(chat.get("id"), int):
            return int(chat["id"])
        sender = value.get("from")
        if isinstance(sender, dict) and isinstance(sender.get("id"), int):
            return int(sender["id"])
    return None


class WebhookDelivery:
    """Runs beside the emulator's server; idle while no webhook is set."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state
        self.targets: list[str] | None = None  # where POSTs go instead of the webhook URL
        self.posted = 0
        self.accepted = 0
        self.accepted_ids: list[int] = []  # update ids answered 2xx, in order
        self.by_answer: Counter[int] = Counter()  # HTTP status (0: no answer)
        self.by_target: Counter[str] = Counter()
        self._cycle: itertools.cycle[str] | None = None
        self._inflight: dict[int, int | None] = {}  # id(update) -> its chat
        self._retry_at: dict[int, tuple[float, int]] = {}  # id(update) -> (when, failures)
        self._task: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._session: aiohttp.ClientSession | None = None

    def set_targets(self, targets: list[str] | None) -> None:
        self.targets = list(targets) if targets else None
        self._cycle = itertools.cycle(self.targets) if self.targets else None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="emulator-webhook")

    async def stop(self) -> None:
        task, self._task = self._task, None  # the loop ends at its next turn
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for running in list(self._tasks):
            running.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    async def _loop(self) -> None:
        queue = self.state.updates
        while self._task is not None:
            if self.state.webhook.get("url"):
                self._launch()
            await queue.changed(0.05)

    def _launch(self) -> None:
        webhook = self.state.webhook
        limit = int(webhook.get("max_connections") or 40)
        busy_chats = {chat for chat in self._inflight.values() if chat is not None}
        now = time.monotonic()
        for update in self.state.updates.snapshot():
            if len(self._inflight) >= limit:
                return
            key = id(update)
            if key in self._inflight:
                continue
            chat = chat_key(update)
            if chat is not None and chat in busy_chats:
                continue  # one at a time per chat, in order
            if chat is not None:
                busy_chats.add(chat)
            retry = self._retry_at.get(key)
            if retry is not None and retry[0] > now:
                continue
            self._inflight[key] = chat
            task = asyncio.create_task(self._post(update, str(webhook["url"])))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _post(self, update: JSONDict, url: str) -> None:
        key = id(update)
        target = next(self._cycle) if self._cycle is not None else url
        headers = {"Content-Type": "application/json"}
        secret = self.state.webhook.get("secret_token")
        if secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(secret)
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
            )
        status = 0
        error = ""
        self.posted += 1
        self.by_target[target] += 1
        try:
            async with self._session.post(
                target, data=json.dumps(update).encode(), headers=headers
            ) as response:
                status = response.status
                error = f"Wrong response from the webhook: {status} {response.reason}"
        except TimeoutError:
            error = "Read timeout expired"
        except (aiohttp.ClientError, OSError) as exc:
            error = f"Connection refused: {type(exc).__name__}"
        finally:
            self._inflight.pop(key, None)
        self.by_answer[status] += 1
        if 200 <= status < 300:
            self.accepted += 1
            self.accepted_ids.append(int(update["update_id"]))
            self._retry_at.pop(key, None)
            self.state.updates.remove(update)
        else:
            failures = self._retry_at.get(key, (0.0, 0))[1] + 1
            delay = min(RETRY_CAP, RETRY_FIRST * 2 ** (failures - 1))
            self._retry_at[key] = (time.monotonic() + delay, failures)
            self.state.webhook["last_error_date"] = int(time.time())
            self.state.webhook["last_error_message"] = error
        self.state.updates.poke()
