"""The one sender: drains the outbox at Telegram's limits and survives crashes.

Two ways in. The *fast path* (``send_now``): after an update's transaction commits, the router
hands its rows (already marked "sending" by this worker in that transaction) here and they go
out at once, in order, one round trip each. The *loop*: claim a batch of due pending rows
(replies left over from a failure or a crash, notices, urgent broadcasts, bulk), send each
when ``Pacer``'s window allows, write outcomes in bulk a few milliseconds after they arrive.
Periodic ``ticks`` (the broadcast feature's scheduled firing and progress) run between batches.

Delivery guarantee: a row is recorded "sent" only after Telegram accepted it. If the process
dies (``kill -9``) between the send and the write, the row stays "sending"; at the next start
(SQLite: at once, as only one worker may run; PostgreSQL: once its claim, no longer renewed,
is older than the lease: ``leases``) it is sent again. So every intended message is sent, and
each crash can duplicate at most the messages in flight at that moment, one per recipient.

Outcomes (``verdicts``): 429 → that chat waits ``retry_after`` and the bulk window pauses
briefly; connection errors and 5xx → retried with backoff, a timeout once, then "failed"; 403 →
"blocked"; 400 → "failed" at once ("message is not modified" counts as done). People who
paused or left after a notice or broadcast was written are not sent it ("failed", reason
"stopped"); replies go to the chat they answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.outbox.calls import Call, Calls
from bot.outbox.client import BotApiClient, ResultKind, SendResult, Upload
from bot.outbox.leases import Leases
from bot.outbox.pacing import NoPacing, Pacer
from bot.outbox.presence import Presence
from bot.outbox.recording import Recorder, Taken
from bot.outbox.types import Outgoing, SenderOptions, Tick
from bot.outbox.verdicts import FAST_TOKEN, Verdicts
from storage.models import DeliveryStatus, Priority
from storage.repos import outbox as repo
from storage.repos.outbox import Claimed, Outcome
from storage.types import utcnow

log = logging.getLogger(__name__)

FLUSH_DELAY = 0.02  # unpaced: outcomes are written in bulk this long after the first arrives
PACED_FLUSH_DELAY = 0.01  # paced: soon, so a crash finds at most a message or two unrecorded
IDLE_POLL = 0.2
MAX_HELD = 5.0  # a row whose chat slot is further away goes back to the queue meanwhile
# Calls that are not messages in the chat: never paced, never ordered with the chat's messages.
UNPACED = frozenset(repo.UNORDERED)


class Sender:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: Settings,
        *,
        client: BotApiClient | None = None,
        clock: Callable[[], datetime] = utcnow,
        options: SenderOptions | None = None,
        worker_id: str | None = None,
        write_lock: asyncio.Lock | None = None,
        ticks: Sequence[Tick] = (),
    ) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.options = options or SenderOptions(exclusive=settings.is_sqlite)
        opts = self.options
        self.client = client or BotApiClient(
            settings.api_url, settings.require_token(), connections=64
        )
        self.clock = clock
        self.worker_id = worker_id or f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.write_lock = write_lock
        self.ticks = list(ticks)
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
        # PostgreSQL: any number of senders, which share the rate; SQLite: this one alone.
        self.presence: Presence | None = None
        if opts.pace and not settings.is_sqlite:
            self.presence = Presence(sessionmaker, self.worker_id, settings.global_rate, self.pacer)
        self.calls = Calls()
        delay = PACED_FLUSH_DELAY if opts.pace else FLUSH_DELAY
        self.recorder = Recorder(sessionmaker, self._turn, delay, self.worker_id)
        self.leases = Leases(
            sessionmaker, self._turn, self.worker_id, clock, opts.lease, opts.exclusive
        )
        self.verdicts = Verdicts(clock, self.pacer, self.recorder, opts.backoff_base)
        self._wake = asyncio.Event()
        self._inflight: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(self.concurrency)
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._last_tick: list[float] = [0.0] * len(self.ticks)
        self.idle = False  # the last claim found nothing due and nothing is in flight
        self.sent = 0  # counters for benchmarks and logs
        self.errors = 0
        # Told every answer Telegram gave (result kind, priority): bot.ops.metrics.
        self.on_result: Callable[[str, int], None] | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> asyncio.Task[None]:
        self._task = asyncio.create_task(self.run(), name=f"sender-{self.worker_id}")
        return self._task

    def wake(self) -> None:
        self.idle = False
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
        if self.presence is not None:
            await self.presence.start()
        await self.leases.recover()
        self.recorder.start()
        renewing = None
        if not self.options.exclusive:
            renewing = asyncio.create_task(self.leases.keep(), name=f"leases-{self.worker_id}")
        try:
            while not self._stopping:
                try:
                    busy = await self._step()
                except Exception:
                    log.exception("sender step failed; retrying shortly")
                    busy = False
                if not busy:
                    # A wake during the step (a row committed after its claim looked) means
                    # work is waiting: not idle, or LocalBot.settle() returns before it is sent.
                    self.idle = not self._wake.is_set() and not self._inflight
                    self.idle = self.idle and self.recorder.empty
                    await self._idle()
        finally:
            if self._inflight:
                await asyncio.gather(*self._inflight, return_exceptions=True)
            if renewing is not None:
                renewing.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await renewing
            if self.presence is not None:
                await self.presence.stop()
            await self.recorder.close()

    async def _idle(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), IDLE_POLL)
        self._wake.clear()

    def _turn(self) -> contextlib.AbstractAsyncContextManager[Any]:
        """SQLite has one writer: the process's writers queue for it in order (FIFO)."""
        return self.write_lock if self.write_lock is not None else contextlib.nullcontext()

    # ------------------------------------------------------------------ fast path

    async def send_now(self, rows: Sequence[Outgoing]) -> None:
        """Sends an update's rows at once: messages in order, answers and menus beside them.

        The rows were written as "sending" by this worker in the update's transaction, so
        nobody else takes them; a crash before their outcome is written sends them again at
        the next start. A retryable failure stops the chain: the row and those after it go
        back to the queue for the loop, which keeps a chat's messages in order.
        """
        side = [row for row in rows if row.method in UNPACED]
        chain = [row for row in rows if row.method not in UNPACED]
        tasks = [asyncio.create_task(self._fast(row, {})) for row in side]
        sent: dict[int, int] = {}
        for index, row in enumerate(chain):
            if not await self._fast(row, sent):
                for later in chain[index + 1 :]:
                    self._add(
                        Outcome(later.id, DeliveryStatus.PENDING, 0, self.clock(), token=FAST_TOKEN)
                    )
                self.wake()
                break
        if tasks:
            await asyncio.gather(*tasks)

    async def _fast(self, row: Outgoing, sent: dict[int, int]) -> bool:
        """Sends one row of the fast path; False when it must be retried later."""
        params = dict(row.params)
        params["chat_id"] = row.chat_id
        if row.erase_chat:
            self.recorder.erase_chat_of((row.id,))
        if row.target is not None:
            target = sent.get(row.target)
            if target is None:
                self._add(self.verdicts.final_row(row.id, 1, "no_target"))
                return True
            params["message_id"] = target
        if row.method not in UNPACED:
            await self.pacer.acquire(Priority.REPLY)
        if row.method.startswith("edit"):
            # From now on an older edit of this message (a crash's resend) must not follow.
            self.calls.edit_sent(row.id, row.chat_id, params.get("message_id"))
        try:
            result = await self.client.call(row.method, params, row.upload)
        except Exception as error:  # never lose the outcome of a claimed row
            log.exception("reply %s failed unexpectedly", row.id)
            result = SendResult(ResultKind.NETWORK, description=type(error).__name__)
        if result.message_id is not None:
            sent[row.id] = result.message_id
        claimed = Claimed(
            row.id, None, None, None, 1, int(Priority.REPLY), row.chat_id, token=FAST_TOKEN
        )
        outcome = self._outcome(claimed, row.chat_id, result)
        self._add(outcome)
        if result.kind is ResultKind.BLOCKED:
            self.recorder.blocked_chat(row.chat_id)
        return outcome.status is not DeliveryStatus.PENDING

    # ------------------------------------------------------------------- one step

    async def _step(self) -> bool:
        monotonic = time.monotonic()
        for index, (every, work) in enumerate(self.ticks):
            if monotonic - self._last_tick[index] >= every:
                self._last_tick[index] = monotonic
                await work()
        batch, chats, targets = await self._claim()
        if not batch:
            return False
        await self._dispatch(batch, chats, targets)
        return True

    async def _claim(
        self,
    ) -> tuple[list[Claimed], dict[int, tuple[int | None, bool]], dict[int, int]]:
        now = self.clock()
        superseded: list[Claimed] = []
        async with self._turn(), self.sessionmaker() as session, session.begin():
            batch = await repo.claim(session, self.worker_id, now, self.batch_size)
            if not batch:
                return [], {}, {}
            self.recorder.erase_chat_of(
                c.id for c in batch if c.payload and c.payload.get(repo.ERASE_CHAT)
            )
            chats = await repo.contacts_for(
                session, [c.contact_id for c in batch if c.contact_id is not None]
            )
            targets = await repo.message_ids(
                session, [c.target_id for c in batch if c.target_id is not None]
            )
            stale = await repo.superseded(session, batch)
            if stale:
                superseded = [c for c in batch if c.id in stale]
                batch = [c for c in batch if c.id not in stale]
            await self.calls.load_texts(session, batch)
        # Only now the claim is committed: the recorder, writing in a transaction of its own
        # before that, would read the row unclaimed on PostgreSQL, its fenced UPDATE change
        # nothing, and the row stay "sending" under this live sender's lease for good.
        for item in superseded:
            self._add(self.verdicts.final(item, DeliveryStatus.FAILED, "superseded"))
        return batch, chats, targets

    def _recipient(self, item: Claimed, chats: dict[int, tuple[int | None, bool]]) -> int | None:
        """The chat to send to, or None when the person paused, left or was forgotten."""
        if item.contact_id is None:
            return item.chat_id
        chat_id, allowed = chats.get(item.contact_id, (None, False))
        if item.priority == Priority.REPLY and chat_id is not None:
            return chat_id  # an answer to what they just did: /stop does not apply
        return chat_id if allowed else None

    async def _dispatch(
        self,
        batch: list[Claimed],
        chats: dict[int, tuple[int | None, bool]],
        targets: dict[int, int],
    ) -> None:
        pacer = self.pacer
        for item in batch:
            chat_id = self._recipient(item, chats)
            # A row whose chat was erased (/forget) has no payload left to read.
            call = self.calls.of(item, targets) if chat_id is not None else None
            if chat_id is None or call is None:
                reason = "stopped" if chat_id is None else "no_target"
                self._add(self.verdicts.final(item, DeliveryStatus.FAILED, reason))
                continue
            if call[0] in UNPACED:
                await self._slots.acquire()
                self._launch(item, chat_id, call)
                continue
            delay = pacer.reserve(chat_id)
            if delay > MAX_HELD:  # many for one chat: back to the queue, others go first
                self._add(self.verdicts.retry(item, delay, counted=False, error=None))
                continue
            if delay > 0:  # this chat got a message just now: hold it, without blocking others
                task = asyncio.create_task(self._held(item, chat_id, call, delay))
                self._inflight.add(task)
                task.add_done_callback(self._inflight.discard)
                continue
            await self._paced(item, chat_id, call)

    async def _held(self, item: Claimed, chat_id: int, call: Call, delay: float) -> None:
        """Sends a claimed row once its chat's slot comes (the claim stays this worker's)."""
        await asyncio.sleep(delay)
        await self._paced(item, chat_id, call)

    async def _paced(self, item: Claimed, chat_id: int, call: Call) -> None:
        """Takes a sending slot, then the window's: the send starts the moment it is paced
        (paced first and then kept waiting for a slot, sends could bunch up past the rate)."""
        await self._slots.acquire()
        try:
            await self.pacer.acquire(item.priority)
        except BaseException:  # cancelled while waiting: the slot is not used
            self._slots.release()
            raise
        self.pacer.chat_sent(chat_id)
        self._launch(item, chat_id, call)

    def _launch(self, item: Claimed, chat_id: int, call: Call) -> None:
        """Starts the send; the caller holds one of the ``concurrency`` slots for it."""
        task = asyncio.create_task(self._send(item, chat_id, *call))
        self._inflight.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._inflight.discard(task)
        self._slots.release()

    async def _send(
        self,
        item: Claimed,
        chat_id: int,
        method: str,
        params: dict[str, Any],
        upload: Upload | None,
    ) -> None:
        if self.calls.newer_edit_sent(item, chat_id):  # checked last thing: it may have waited
            self._add(self.verdicts.final(item, DeliveryStatus.FAILED, "superseded"))
            return
        if method.startswith("edit"):
            self.calls.edit_sent(item.id, chat_id, params.get("message_id"))
        try:
            result = await self.client.call(method, {**params, "chat_id": chat_id}, upload)
        except Exception as error:  # never lose the outcome of a claimed row
            log.exception("delivery %s failed unexpectedly", item.id)
            result = SendResult(ResultKind.NETWORK, description=type(error).__name__)
        self._add(self._outcome(item, chat_id, result))

    def _outcome(self, item: Claimed, chat_id: int, result: SendResult) -> Outcome:
        if self.on_result is not None:
            self.on_result(result.kind.value, item.priority)
        if result.kind.delivered:
            self.sent += 1
        else:
            self.errors += 1
        return self.verdicts.judge(item, chat_id, result)

    # ------------------------------------------------------------------- recording

    def _add(self, outcome: Outcome) -> None:
        self.recorder.add(outcome)

    async def drained(self) -> None:
        """Waits until every outcome given so far is written (tests, shutdown)."""
        await self.recorder.drained()

    # An update's or the poller's transaction writes the waiting outcomes along (Recorder).
    def take_outcomes(self) -> Taken:
        return self.recorder.take()

    def give_back(self, taken: Taken) -> None:
        self.recorder.give_back(taken)

    def written(self, taken: Taken) -> None:
        self.recorder.written(taken)
