"""The pending-update queue behind getUpdates, with Telegram's long-polling semantics.

Updates stay queued until the bot confirms them by asking for a higher ``offset`` (or a
negative one), so a bot that crashes mid-batch sees the batch again: that is what makes
"handled exactly once" testable. A newer getUpdates call terminates an older pending one
with 409 Conflict, which is how Telegram tells a bot that a second instance is polling.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Iterable

from bot.emulator.models import ApiError, JSONDict

# What Telegram sends when allowed_updates was never given (or given as an empty list).
DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
MAX_LIMIT = 100


def update_type(update: JSONDict) -> str:
    for key in update:
        if key != "update_id":
            return key
    return ""


class UpdateQueue:
    """Holds updates until confirmed and wakes long-polling requests when one arrives."""

    def __init__(self, first_update_id: int = 1) -> None:
        self._items: deque[JSONDict] = deque()
        self._redeliver: deque[JSONDict] = deque()
        self._next_id = first_update_id
        self._waiters: list[asyncio.Event] = []
        self._generation = 0
        self._closed = False
        self.allowed: frozenset[str] | None = None

    def __len__(self) -> int:
        return len(self._items) + len(self._redeliver)

    @property
    def waiting(self) -> int:
        """How many getUpdates calls are parked waiting for an update (tests watch it)."""
        return len(self._waiters)

    @property
    def next_id(self) -> int:
        return self._next_id

    def set_allowed(self, allowed: Iterable[str] | None) -> None:
        """Remember allowed_updates; like Telegram, it applies to updates created later."""
        if allowed is None:
            return
        values = frozenset(allowed)
        self.allowed = values or None

    def is_allowed(self, kind: str) -> bool:
        if self.allowed is None:
            return kind not in DEFAULT_EXCLUDED
        return kind in self.allowed

    def push(self, update: JSONDict) -> int:
        """Queue an update, assigning ``update_id`` if missing; return its id.

        Updates of a type the bot did not ask for are not queued at all (Telegram never
        creates them), but still consume an id so ids keep increasing.
        """
        update_id = update.get("update_id")
        if update_id is None:
            update_id = self._next_id
            update["update_id"] = update_id
        self._next_id = max(self._next_id, int(update_id) + 1)
        if self.is_allowed(update_type(update)):
            self._items.append(update)
            self._notify()
        return int(update_id)

    def redeliver(self, update: JSONDict) -> None:
        """Deliver an already-seen update again (same update_id), ahead of the queue."""
        self._redeliver.append(update)
        self._notify()

    def confirm(self, offset: int | None) -> None:
        if offset is None:
            return
        items = self._items
        if offset < 0:
            keep = -offset
            while len(items) > keep:
                items.popleft()
            return
        while items and items[0]["update_id"] < offset:
            items.popleft()

    def clear(self) -> None:
        self._items.clear()
        self._redeliver.clear()

    def take(self, limit: int) -> list[JSONDict]:
        batch: list[JSONDict] = []
        while self._redeliver and len(batch) < limit:
            batch.append(self._redeliver.popleft())
        for update in self._items:
            if len(batch) >= limit:
                break
            batch.append(update)
        return batch

    async def poll(self, offset: int | None, limit: int | None, wait: float) -> list[JSONDict]:
        """One getUpdates call: confirm, then return updates or wait up to ``wait`` s."""
        self._generation += 1
        generation = self._generation
        self._notify()  # an older pending poll must notice it has been superseded
        self.confirm(offset)
        size = MAX_LIMIT if not limit else max(1, min(int(limit), MAX_LIMIT))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(wait, 0.0)
        while True:
            if generation != self._generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only "
                    "one bot instance is running",
                )
            if self._closed:
                return []
            batch = self.take(size)
            remaining = deadline - loop.time()
            if batch or remaining <= 0:
                return batch
            waiter = asyncio.Event()
            self._waiters.append(waiter)
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(waiter.wait(), remaining)
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)

    def close(self) -> None:
        """Release every pending long poll (used on shutdown so the server stops fast)."""
        self._closed = True
        self._notify()

    def reopen(self) -> None:
        self._closed = False

    def _notify(self) -> None:
        if self._waiters:
            for waiter in self._waiters:
                waiter.set()
            self._waiters.clear()
