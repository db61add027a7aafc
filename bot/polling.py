"""Long polling that lets Telegram forget an update only after it is stored.

python-telegram-bot's ``Updater`` asks for the next offset (which confirms the previous batch
to Telegram) before the handlers have run, so a crash loses the updates it had fetched: a
tapped answer that nobody sees. This poller stores each batch in the inbound journal
(``storage.repos.inbound``) first and only then asks for the next one; the router marks each
update handled in the transaction that handles it. At start the updates stored but not handled
(a crash came between) are handed to the application first, in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from datetime import datetime
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.outbox.client import BotApiClient
from bot.services import Services
from storage.db import reading
from storage.repos import inbound

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
BACKOFF_START = 1.0
BACKOFF_CAP = 30.0


class Poller:
    def __init__(
        self,
        application: AnyApplication,
        services: Services,
        *,
        timeout: float = 10.0,
        poll_interval: float = 0.0,
        allowed_updates: list[str] | None = None,
    ) -> None:
        self.application = application
        self.services = services
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.allowed_updates = allowed_updates
        settings = services.settings
        self.client = BotApiClient(
            settings.api_url, settings.require_token(), connections=2, timeout=timeout + 10
        )
        self.offset: int | None = None
        self.fetched = 0  # updates received but not yet handed to the application
        self._task: asyncio.Task[None] | None = None
        self._storing: asyncio.Task[None] | None = None
        self._stopping = False

    @property
    def busy(self) -> bool:
        return self.fetched > 0

    async def start(self) -> None:
        self._stopping = False  # a poller stopped when its process stopped leading may restart
        await self.client.start()
        await self.recover()
        self._task = asyncio.create_task(self._loop(), name="poller")

    async def stop(self) -> None:
        """Stops polling; a batch being stored is stored first.

        Cancelling a task inside a database transaction can leave its connection checked out
        with the transaction open (on SQLite: the write lock, until garbage collection), so
        the loop is cancelled only while it waits for Telegram or sleeps.
        """
        self._stopping = True
        task, self._task = self._task, None
        if task is not None:
            if self._storing is not None:
                with contextlib.suppress(Exception):
                    await self._storing
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.client.close()

    async def recover(self) -> int:
        """Hands over the updates stored but not handled before a crash, oldest first."""
        return await recover(self.application, self.services)

    async def _enqueue(self, payload: dict[str, Any]) -> None:
        await enqueue(self.application, payload)

    async def _loop(self) -> None:
        backoff = BACKOFF_START
        while not self._stopping:
            try:
                updates = await self._fetch()
            except PollError as error:
                log.warning("getUpdates failed (%s); retrying in %.0f s", error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(BACKOFF_CAP, backoff * 2)
                continue
            backoff = BACKOFF_START
            if updates:
                # Its own task, so stopping the poller never cancels it mid-transaction.
                self._storing = asyncio.create_task(self._store(updates))
                try:
                    await asyncio.shield(self._storing)
                finally:
                    self._storing = None
            elif self.poll_interval:
                await asyncio.sleep(self.poll_interval)

    async def _fetch(self) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"timeout": int(self.timeout)}
        if self.offset is not None:
            params["offset"] = self.offset
        if self.allowed_updates is not None:
            params["allowed_updates"] = self.allowed_updates
        raw, status = await self.client.request("getUpdates", params)
        if status < 0:
            raise PollError("no answer" if status == -1 else "network error")
        try:
            data = json.loads(raw)
        except ValueError:
            raise PollError(f"HTTP {status}, not JSON") from None
        if status != 200 or not data.get("ok"):
            raise PollError(f"HTTP {status}: {data.get('description', '')}")
        result = data.get("result") or []
        self.fetched = len(result)
        return list(result)

    async def _store(self, updates: list[dict[str, Any]]) -> None:
        """Stores the batch, hands the new updates over, then moves the offset past it."""
        try:
            sender = self.services.sender
            while True:
                taken = None
                try:
                    async with self.services.write() as session:
                        # Sends' outcomes ride along (see Sender.take_outcomes).
                        taken = sender.take_outcomes() if sender is not None else None
                        if taken:
                            await taken.write(session)
                        new = set(await inbound.store(session, updates, self.services.now()))
                    if sender is not None and taken is not None:
                        sender.written(taken)
                    break
                except Exception:
                    if sender is not None and taken is not None:
                        sender.give_back(taken)
                    # Not stored means not confirmed: Telegram keeps them while we retry.
                    log.exception("could not store %d updates; retrying", len(updates))
                    await asyncio.sleep(1.0)
            for payload in updates:
                if int(payload["update_id"]) in new:
                    await self._enqueue(payload)
            self.offset = int(updates[-1]["update_id"]) + 1
        finally:
            self.fetched = 0


async def enqueue(application: AnyApplication, payload: dict[str, Any]) -> None:
    """Hands a stored update to the application (the poller's way, and the webhook's)."""
    update = Update.de_json(payload, application.bot)
    await application.update_queue.put(update)


async def recover(
    application: AnyApplication,
    services: Services,
    older_than: datetime | None = None,
    handed: set[int] | None = None,
) -> int:
    """Hands over the updates stored but not handled (a crash came between), oldest first.

    ``older_than``: only those received before it (a webhook process sweeping up what a
    crashed sibling had answered 200 for). ``handed``: the ids this process has handed over
    before and that are still unhandled; they are not handed over again. Without it, a busy
    network (updates queued longer than ``older_than`` in a live sibling) would have the sweep
    queue the same updates again every round, each one more transaction for a machine that is
    already behind.
    """
    async with reading(services.sessionmaker) as session:
        stored = await inbound.unhandled(session, received_before=older_than)
    if handed is not None:
        handed.intersection_update(item.update_id for item in stored)  # the rest are handled
        stored = [item for item in stored if item.update_id not in handed]
        handed.update(item.update_id for item in stored)
    for item in stored:
        await enqueue(application, item.payload)
    if stored:
        log.warning("handling %d updates stored before a crash", len(stored))
    return len(stored)


class PollError(Exception):
    """getUpdates did not give updates this time; the poller backs off and tries again."""
