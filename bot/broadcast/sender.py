"""The sender worker: drains the delivery outbox at Telegram's limits and survives crashes.

Loop: fire due scheduled broadcasts; claim a batch of due pending deliveries (status
"sending", ``claimed_at``, ``claimed_by``); send each one, paced by ``Pacer``; write outcomes in
bulk a few milliseconds after they arrive; edit each coordinator's progress message at most
every few seconds; when a broadcast has no open delivery left, send its summary.

Delivery guarantee: a delivery is recorded "sent" only after Telegram accepted it. If the
process dies (``kill -9``) between the send and the write, the row stays "sending"; at the next
start (SQLite: at once, as only one worker may run; PostgreSQL: once the claim is older than the
lease) it is sent again. So every recipient gets the message, and each crash can duplicate it
at most once per recipient, only for messages that were in flight at that moment (at 30/s a
round trip and a flush of ~20 ms: about one message).

Outcomes: 429 → that chat waits ``retry_after`` and the global window pauses briefly (the try
is not counted); timeouts, connection errors and 5xx → retried with exponential backoff, up to
``MAX_ATTEMPTS`` tries, then "failed"; 403 → "blocked" and the contact is marked inactive, never
retried; 400 → "failed" at once. Contacts who paused or left after the broadcast was queued
are not sent ("failed", reason "stopped").
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot
from telegram.error import BadRequest, TelegramError

from bot.broadcast import client as api
from bot.broadcast.client import BotApiClient, SendResult
from bot.broadcast.outbox import queue
from bot.broadcast.pacing import NoPacing, Pacer
from bot.broadcast.progress import finished_text, progress_text, summary_text
from bot.config import Settings
from bot.i18n import Catalogs
from storage.models import Broadcast, DeliveryStatus
from storage.repos import broadcast as repo
from storage.repos.broadcast import Claimed, Outcome
from storage.types import utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_BASE = 1.0  # seconds; doubled per try
BACKOFF_CAP = 60.0
DEFAULT_LEASE = 30.0  # a claim older than this is a crashed worker's
PROGRESS_EVERY = 3.0  # seconds between edits of a progress message
FLUSH_DELAY = 0.02  # unpaced: outcomes are written in bulk this long after the first arrives
PACED_FLUSH_DELAY = 0.002  # paced: at once, so a crash finds at most a message or two unrecorded
IDLE_POLL = 0.2


@dataclass(frozen=True)
class SenderOptions:
    pace: bool = True
    lease: float = DEFAULT_LEASE
    batch_size: int = 0  # 0: chosen from the rate
    concurrency: int = 0
    exclusive: bool = False  # the only worker (SQLite): reclaim every "sending" row at start
    progress_every: float = PROGRESS_EVERY
    backoff_base: float = BACKOFF_BASE

    @classmethod
    def from_env(cls, settings: Settings, **overrides: Any) -> SenderOptions:
        lease = float(os.environ.get("KYLABOT_BROADCAST_LEASE", DEFAULT_LEASE))
        pace = os.environ.get("KYLABOT_BROADCAST_PACING", "on") != "off"
        backoff = float(os.environ.get("KYLABOT_BROADCAST_BACKOFF", BACKOFF_BASE))
        values: dict[str, Any] = {
            "lease": lease,
            "pace": pace,
            "exclusive": settings.is_sqlite,
            "backoff_base": backoff,
        }
        values.update(overrides)
        return cls(**values)


class Sender:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: Settings,
        *,
        client: BotApiClient | None = None,
        progress_bot: Bot | None = None,
        catalogs: Catalogs | None = None,
        clock: Callable[[], datetime] = utcnow,
        options: SenderOptions | None = None,
        worker_id: str | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.options = options or SenderOptions(exclusive=settings.is_sqlite)
        opts = self.options
        self.client = client or BotApiClient(
            settings.api_url, settings.require_token(), connections=64
        )
        self.progress_bot = progress_bot
        self.catalogs = catalogs
        self.clock = clock
        self.worker_id = worker_id or f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        if opts.pace:
            self.pacer: Pacer = Pacer(
                settings.global_rate, settings.per_chat_rate, settings.group_rate_per_minute
            )
            self.concurrency = opts.concurrency or 8
            # A claimed batch must be sent well within the lease, or another worker would
            # take the rows still waiting for their turn.
            seconds = max(0.2, min(2.0, opts.lease / 4))
            self.batch_size = opts.batch_size or max(5, int(settings.global_rate * seconds))
        else:
            self.pacer = NoPacing()
            self.concurrency = opts.concurrency or 24
            self.batch_size = opts.batch_size or 400
        self._texts: dict[int, dict[str, tuple[str, list[dict[str, Any]] | None]]] = {}
        self._buffer: list[Outcome] = []
        self._blocked: list[int] = []
        self._buffer_ready = asyncio.Event()
        self._wake = asyncio.Event()
        self._inflight: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(self.concurrency)
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._last_progress = 0.0
        self._last_lease_check = 0.0
        self._last_fire_check = 0.0
        self._dirty = False
        self.sent = 0  # counters for benchmarks and logs
        self.errors = 0

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> asyncio.Task[None]:
        self._task = asyncio.create_task(self.run(), name=f"broadcast-sender-{self.worker_id}")
        return self._task

    def wake(self) -> None:
        self._wake.set()

    async def stop(self, grace: float = 10.0) -> None:
        self._stopping = True
        self._wake.set()
        task = self._task
        if task is not None:
            try:
                await asyncio.wait_for(task, grace)
            except (TimeoutError, asyncio.CancelledError):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        await self.client.close()

    async def run(self) -> None:
        await self.client.start()
        await self._recover()
        flusher = asyncio.create_task(self._flush_loop())
        try:
            while not self._stopping:
                try:
                    busy = await self._step()
                except Exception:
                    log.exception("broadcast sender step failed; retrying shortly")
                    busy = False
                if not busy:
                    await self._idle()
        finally:
            if self._inflight:
                await asyncio.gather(*self._inflight, return_exceptions=True)
            flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await flusher
            await self._flush()
            with contextlib.suppress(Exception):
                await self._progress()

    async def _idle(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), IDLE_POLL)
        self._wake.clear()

    # ------------------------------------------------------------------- one step

    async def _step(self) -> bool:
        monotonic = time.monotonic()
        if monotonic - self._last_fire_check >= 1.0:
            self._last_fire_check = monotonic
            await self.fire_scheduled()
        if not self.options.exclusive and monotonic - self._last_lease_check >= max(
            1.0, self.options.lease / 3
        ):
            self._last_lease_check = monotonic
            await self._release_stale()
        if monotonic - self._last_progress >= self.options.progress_every:
            await self._progress()
        batch, chats = await self._claim()
        if not batch:
            if self._dirty:  # the queue ran dry: finish broadcasts now, not at the next tick
                self._dirty = False
                await self._progress(edits=False)
            return False
        await self._dispatch(batch, chats)
        return True

    async def _recover(self) -> None:
        """At start: with one worker every "sending" row is a crashed run's; else use the lease."""
        now = self.clock()
        cutoff = now + timedelta(days=1) if self.options.exclusive else self._lease_cutoff(now)
        async with self.sessionmaker() as session, session.begin():
            released = await repo.release_stale(session, now, cutoff)
        if released:
            log.warning("broadcast: %d deliveries were in flight at a crash; resending", released)

    async def _release_stale(self) -> None:
        now = self.clock()
        async with self.sessionmaker() as session, session.begin():
            released = await repo.release_stale(
                session, now, self._lease_cutoff(now), keep=self.worker_id
            )
        if released:
            log.warning("broadcast: %d claims outlived their lease; resending", released)

    def _lease_cutoff(self, now: datetime) -> datetime:
        return now - timedelta(seconds=self.options.lease)

    async def fire_scheduled(self) -> int:
        """Queues every scheduled broadcast whose time has come (each exactly once)."""
        now = self.clock()
        fired = 0
        async with self.sessionmaker() as session, session.begin():
            for broadcast in await repo.due_scheduled(session, now):
                await queue(session, broadcast, now, self.settings)
                fired += 1
                log.info("broadcast %s: scheduled time reached, queued", broadcast.id)
        return fired

    async def _claim(self) -> tuple[list[Claimed], dict[int, tuple[int | None, bool]]]:
        now = self.clock()
        async with self.sessionmaker() as session, session.begin():
            batch = await repo.claim(session, self.worker_id, now, self.batch_size)
            if not batch:
                return [], {}
            chats = await repo.contacts_for(
                session, [c.contact_id for c in batch if c.contact_id is not None]
            )
            missing = {c.broadcast_id for c in batch} - self._texts.keys()
            if missing:
                rows = await session.execute(
                    select(Broadcast.id, Broadcast.variants).where(Broadcast.id.in_(missing))
                )
                for broadcast_id, variants in rows:
                    self._texts[broadcast_id] = {
                        language: (str(v["text"]), v.get("entities") or None)
                        for language, v in variants.items()
                    }
        return batch, chats

    async def _dispatch(
        self, batch: list[Claimed], chats: dict[int, tuple[int | None, bool]]
    ) -> None:
        pacer = self.pacer
        for item in batch:
            chat_id, allowed = chats.get(item.contact_id or -1, (None, False))
            texts = self._texts.get(item.broadcast_id, {})
            payload = texts.get(item.variant) or next(iter(texts.values()), None)
            if chat_id is None or not allowed or payload is None:
                self._add(self._final(item, DeliveryStatus.FAILED, "stopped"))
                continue
            delay = pacer.chat_delay(chat_id)
            if delay > 0.05:  # this chat got a message just now: later, without blocking others
                self._add(self._retry(item, delay, counted=False, error=None))
                continue
            await pacer.acquire()
            pacer.chat_sent(chat_id)
            await self._slots.acquire()
            task = asyncio.create_task(self._send(item, chat_id, *payload))
            self._inflight.add(task)
            task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._inflight.discard(task)
        self._slots.release()

    async def _send(
        self, item: Claimed, chat_id: int, text: str, entities: list[dict[str, Any]] | None
    ) -> None:
        try:
            result = await self.client.send_message(chat_id, text, entities)
        except Exception as error:  # never lose the outcome of a claimed row
            log.exception("broadcast send to delivery %s failed unexpectedly", item.id)
            result = SendResult(api.NETWORK, description=type(error).__name__)
        self._add(self._outcome(item, chat_id, result))

    def _outcome(self, item: Claimed, chat_id: int, result: SendResult) -> Outcome:
        if result.kind == api.SENT:
            self.sent += 1
            now = self.clock()
            return Outcome(
                item.id, DeliveryStatus.SENT, item.attempts, now, result.message_id, now, None
            )
        self.errors += 1
        if result.kind == api.RETRY_AFTER:
            self.pacer.retry_after(chat_id, result.retry_after)
            return self._retry(item, result.retry_after, counted=False, error="rate_limited")
        if result.kind == api.BLOCKED:
            if item.contact_id is not None:
                self._blocked.append(item.contact_id)
            return self._final(item, DeliveryStatus.BLOCKED, "blocked")
        if result.kind == api.REJECTED:
            reason = "chat_not_found" if result.description == "chat_not_found" else "rejected"
            log.warning("broadcast delivery %s refused: %s", item.id, result.description)
            return self._final(item, DeliveryStatus.FAILED, reason)
        if item.attempts >= MAX_ATTEMPTS:
            return self._final(item, DeliveryStatus.FAILED, result.kind)
        backoff = min(BACKOFF_CAP, self.options.backoff_base * 2 ** (item.attempts - 1))
        return self._retry(
            item, backoff * random.uniform(0.8, 1.2), counted=True, error=result.kind
        )

    def _retry(self, item: Claimed, delay: float, *, counted: bool, error: str | None) -> Outcome:
        attempts = item.attempts if counted else item.attempts - 1
        return Outcome(
            item.id,
            DeliveryStatus.PENDING,
            attempts,
            self.clock() + timedelta(seconds=delay),
            error=error,
        )

    def _final(self, item: Claimed, status: DeliveryStatus, reason: str) -> Outcome:
        return Outcome(item.id, status, item.attempts, self.clock(), error=reason)

    # ------------------------------------------------------------------- recording

    def _add(self, outcome: Outcome) -> None:
        self._buffer.append(outcome)
        self._buffer_ready.set()

    async def _flush_loop(self) -> None:
        while True:
            await self._buffer_ready.wait()
            await asyncio.sleep(PACED_FLUSH_DELAY if self.options.pace else FLUSH_DELAY)
            try:
                await self._flush()
            except Exception:
                log.exception("broadcast: could not record outcomes; retrying")
                await asyncio.sleep(0.5)

    async def _flush(self) -> None:
        self._buffer_ready.clear()
        outcomes, self._buffer = self._buffer, []
        blocked, self._blocked = self._blocked, []
        if not outcomes and not blocked:
            return
        try:
            async with self.sessionmaker() as session, session.begin():
                await repo.record(session, outcomes)
                await repo.mark_inactive(session, blocked)
            self._dirty = True
        except BaseException:
            self._buffer[:0] = outcomes
            self._blocked[:0] = blocked
            self._buffer_ready.set()
            raise

    # -------------------------------------------------------------------- progress

    async def _progress(self, edits: bool = True) -> None:
        """Edits progress messages (at most every few seconds) and finishes broadcasts."""
        if edits:
            self._last_progress = time.monotonic()
        now = self.clock()
        finished: list[tuple[Broadcast, repo.Figures]] = []
        changed: list[tuple[Broadcast, str]] = []
        async with self.sessionmaker() as session, session.begin():
            for broadcast in await repo.active_broadcasts(session):
                figures = await repo.figures(session, broadcast.id, now)
                if figures.open == 0:
                    if await repo.finish(session, broadcast.id, now):
                        finished.append((broadcast, figures))
                    continue
                if not edits or broadcast.progress_chat_id is None or self.catalogs is None:
                    continue
                tr = self.catalogs.get(broadcast.progress_language)
                text = progress_text(tr, broadcast.id, figures, self.settings.zone)
                if text != broadcast.progress_text:
                    changed.append((broadcast, text))
        for broadcast, text in changed:
            await self._show(broadcast, text)
        for broadcast, figures in finished:
            log.info("broadcast %s done: %s", broadcast.id, dict(figures.by_status))
            if broadcast.progress_chat_id is None or self.catalogs is None:
                continue
            tr = self.catalogs.get(broadcast.progress_language)
            await self._show(broadcast, finished_text(tr, broadcast.id, figures))
            await self._say(broadcast.progress_chat_id, summary_text(tr, broadcast.id, figures))

    async def _show(self, broadcast: Broadcast, text: str) -> None:
        """Edits the broadcast's progress message, or sends one if there is none yet."""
        bot = self.progress_bot
        chat_id = broadcast.progress_chat_id
        if bot is None or chat_id is None:
            return
        message_id = broadcast.progress_message_id
        try:
            if message_id is not None:
                await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)
            else:
                message = await bot.send_message(chat_id, text)
                message_id = message.message_id
        except BadRequest as error:
            if "not modified" not in str(error).lower():
                with contextlib.suppress(TelegramError):
                    message_id = (await bot.send_message(chat_id, text)).message_id
        except TelegramError:
            log.warning("broadcast %s: progress not shown", broadcast.id, exc_info=True)
            return
        async with self.sessionmaker() as session, session.begin():
            stored = await session.get(Broadcast, broadcast.id)
            if stored is not None:
                stored.progress_message_id = message_id
                stored.progress_text = text
                stored.progress_edited_at = self.clock()

    async def _say(self, chat_id: int, text: str) -> None:
        if self.progress_bot is None:
            return
        try:
            await self.progress_bot.send_message(chat_id, text)
        except TelegramError:
            log.warning("broadcast summary to %s not sent", chat_id, exc_info=True)
