"""The global send window: at most ``limit`` sends in any window of ``length`` seconds.

Telegram's overall limit (about 30 messages a second) is a rate in a sliding window, not a
running account. The first pacer kept an account: every reply moved the next bulk slot one
interval on, however far above the rate the replies went, so 20,000 replies in 40 s held the
next broadcast back for eleven minutes (issue 19, item 10), while the replies themselves went
out at 500 a second. Here every send, a reply too, takes a real slot of the window, and a slot
frees when the send that took it is older than the window: nothing older is remembered, so
there is no debt.

Who gets a free slot (``acquire(priority)``): the lowest priority value first (replies, then
notices, urgent broadcasts, bulk: ``storage.models.Priority``), first come first served within
one. Replies may take several free slots at once (a person is waiting); the loop's sends are
spaced at least ``length / limit`` apart, so a broadcast never fills the window in a burst and
a reply that comes during one waits one interval at most (34 ms at 30/s). While replies alone
could fill the window, every ``STARVE + 1``-th slot goes to a waiting queued send, so a
broadcast keeps at least a sixth of the rate even while more people answer than Telegram
allows messages (its first message goes within a fraction of a second, not after the replies).

``share(rate)`` sets this process's part of the global rate (``bot.outbox.presence`` divides
it among the live senders on PostgreSQL). A window of ``length`` = 1.02 s rather than 1 s
leaves room for a send that reaches Telegram a few milliseconds later than its neighbour.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable

WINDOW = 1.02  # seconds: Telegram's one second, with room for network jitter
STARVE = 5  # replies may take this many slots in a row while a queued send waits
REPLY = 0  # storage.models.Priority.REPLY (this module imports no models)
EPSILON = 1e-9  # a timer fires at the very moment it was asked for, give or take rounding


class SendWindow:
    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._sent: deque[float] = deque()  # grant times within the last window
        self._lanes: dict[int, deque[asyncio.Future[None]]] = {}  # priority -> waiters
        self._passed = 0  # slots replies took in a row while a queued send waited
        self._spaced_at = -math.inf  # the last slot given to a queued (not reply) send
        self._paused_until = 0.0
        self._timer: asyncio.TimerHandle | None = None
        self._until: float | None = None  # the share holds until then (None: for good)
        self.limit = 0
        self.length = WINDOW
        self.share(rate)

    @property
    def interval(self) -> float:
        """The least spacing between two queued sends."""
        return self.length / self.limit if self.limit else math.inf

    def share(self, rate: float, until: float | None = None) -> None:
        """Sets this process's rate (messages a second) until ``until`` (``clock`` time; None:
        for good), after which nothing is sent until the next call; 0 holds every send.

        ``limit`` = floor(rate) sends in any ``WINDOW``: never more than the rate in any
        second, also with a fractional rate; below one a second, one send in a longer window.
        """
        if rate <= 0:
            self.limit, self.length = 0, WINDOW
        else:
            self.limit = max(1, math.floor(rate + 1e-9))
            self.length = WINDOW * max(1.0, self.limit / rate)
        self._until = until
        if self._lanes:
            self._pump()

    def pause(self, until: float) -> None:
        """Queued sends wait until ``until`` (many 429s at once); replies do not."""
        self._paused_until = max(self._paused_until, until)

    async def acquire(self, priority: int) -> None:
        """Waits for a slot and takes it; the caller sends at once."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._lanes.setdefault(priority, deque()).append(future)
        self._pump()
        await future

    def sent_within(self, seconds: float) -> int:
        """Slots taken in the last ``seconds`` (at most one window back): for tests, metrics."""
        now = self.clock()
        return sum(1 for at in self._sent if at > now - seconds)

    # ------------------------------------------------------------------------ internals

    def _pump(self) -> None:
        """Gives every slot that is free now, then wakes itself when the next one frees."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        now = self.clock()
        sent = self._sent
        while True:
            while sent and sent[0] + self.length <= now + EPSILON:
                sent.popleft()
            priority, wake_at = self._choose(now)
            if priority is None:
                break
            future = self._lanes[priority].popleft()
            future.set_result(None)
            sent.append(now)
            if priority > REPLY:
                # Spaced from when it went, not when it was due: a late loop does not catch
                # up in a burst (more in flight is more to send twice after a crash).
                self._spaced_at, self._passed = now, 0
            elif self._queued() is not None:
                self._passed += 1
        if wake_at is not None:
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(max(0.0, wake_at - now), self._pump)

    def _choose(self, now: float) -> tuple[int | None, float | None]:
        """The lane whose first waiter gets a slot now, or when to look again."""
        for lane in self._lanes.values():
            while lane and lane[0].done():  # cancelled while waiting
                lane.popleft()
        queued = self._queued()
        replies = bool(self._lanes.get(REPLY))
        if queued is None and not replies:
            return None, None
        if self.limit == 0 or (self._until is not None and now >= self._until):
            return None, None  # share() pumps again when the rate comes back
        if len(self._sent) >= self.limit:
            return None, self._sent[0] + self.length
        queued_at = max(self._spaced_at + self.interval, self._paused_until)
        if (
            queued is not None
            and now + EPSILON >= queued_at
            and (not replies or self._passed >= STARVE)
        ):
            return queued, None
        if replies:
            return REPLY, None
        return None, queued_at

    def _queued(self) -> int | None:
        """The most urgent priority with a queued (not reply) send waiting."""
        waiting = [p for p, lane in self._lanes.items() if p > REPLY and lane]
        return min(waiting) if waiting else None
