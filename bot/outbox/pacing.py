"""The sender's own pacing: a global sliding window and per-chat spacing.

Telegram allows about 30 messages a second overall, one a second per private chat and 20 a
minute per group. python-telegram-bot's AIORateLimiter holds *every* request of the bot while
any 429 is pending (python-telegram-bot#3765), which would freeze the conversations of other
contacts during a broadcast; this pacer applies only to the broadcast sender. A 429 delays
that chat by its ``retry_after`` and pauses the bulk's global window briefly.

Replies to people talking with the bot never wait for the pacer (``take``): the person is
looking at the phone, and Telegram limits bulk notifications, not answers. A reply still uses
up a slot of the global budget, so bulk sending slows down while many people are answering
and the total stays within the limit.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable

MARGIN = 0.02  # seconds added to per-chat windows, so jitter never looks like a burst
SPACING = 1.01  # global sends are spaced 1% wider than the rate: 30/s becomes 29.7/s
GLOBAL_PAUSE_CAP = 1.0  # a 429 pauses the whole broadcast at most this long
GROUP_WINDOW = 60.0
FLOOD_429S, FLOOD_WINDOW = 5, 1.0  # this many 429s within the window pause everyone


class Pacer:
    """``await acquire()`` before each send; ``chat_delay`` says if a chat must wait.

    Global sends are spaced evenly (no bursts): Telegram counts about 30 a second in any
    window, and even spacing keeps at most one or two messages in flight at a time, which is
    what bounds the duplicates a crash can cause.
    """

    def __init__(
        self,
        global_rate: float,
        per_chat_rate: float,
        group_rate_per_minute: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clock = clock
        self.interval = SPACING / global_rate
        self._next_slot = 0.0
        self.chat_interval = 1.0 / per_chat_rate + MARGIN
        self.group_count = max(1, int(group_rate_per_minute))
        self.group_window = GROUP_WINDOW * self.group_count / group_rate_per_minute + MARGIN
        self._chat_next: dict[int, float] = {}
        self._groups: dict[int, deque[float]] = {}
        self._paused_until = 0.0
        self._recent_429: deque[float] = deque()
        self._sends = 0

    async def acquire(self) -> None:
        """Waits for the next global slot and takes it (a late sender never bursts)."""
        while True:
            now = self.clock()
            wait = max(self._paused_until, self._next_slot) - now
            if wait <= 0:
                self._next_slot = max(now, self._next_slot) + self.interval
                return
            await asyncio.sleep(wait)

    def take(self) -> None:
        """Counts a reply against the global budget without waiting for a slot."""
        now = self.clock()
        self._next_slot = max(now, self._next_slot) + self.interval

    def reserve(self, chat_id: int) -> float:
        """Seconds until ``chat_id``'s next slot, which is taken for the caller (0: now).

        A private chat's slots are spaced ``chat_interval`` apart, so several messages to one
        person in a batch go out in order a second apart; a group keeps its sliding window.
        """
        if chat_id < 0:
            return self.chat_delay(chat_id)
        now = self.clock()
        slot = max(now, self._chat_next.get(chat_id, 0.0))
        self._chat_next[chat_id] = slot + self.chat_interval
        return slot - now

    def chat_delay(self, chat_id: int) -> float:
        """Seconds until ``chat_id`` may get another message (0: now)."""
        now = self.clock()
        delay = max(0.0, self._chat_next.get(chat_id, 0.0) - now)
        if chat_id < 0:
            window = self._groups.get(chat_id)
            if window is not None:
                while window and now - window[0] >= self.group_window:
                    window.popleft()
                if len(window) >= self.group_count:
                    delay = max(delay, window[0] + self.group_window - now)
        return delay

    def chat_sent(self, chat_id: int) -> None:
        now = self.clock()
        if chat_id < 0:
            self._groups.setdefault(chat_id, deque()).append(now)
        else:
            self._chat_next[chat_id] = max(
                self._chat_next.get(chat_id, 0.0), now + self.chat_interval
            )
        self._sends += 1
        if self._sends % 5000 == 0:
            self._prune(now)

    def retry_after(self, chat_id: int, seconds: float) -> None:
        """A 429 for ``chat_id``: that chat waits ``seconds``.

        One 429 says that chat is too busy; several within a second say the bot is, and then
        everyone waits briefly too. Pausing everyone for every 429 let a 5 % rate of them
        (one chat each) cut a round invitation to a third of the budget.
        """
        now = self.clock()
        self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), now + seconds)
        recent = self._recent_429
        recent.append(now)
        while recent and now - recent[0] > FLOOD_WINDOW:
            recent.popleft()
        if len(recent) >= FLOOD_429S:
            self._paused_until = max(self._paused_until, now + min(seconds, GLOBAL_PAUSE_CAP))

    def _prune(self, now: float) -> None:
        self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
        self._groups = {c: w for c, w in self._groups.items() if w and now - w[-1] < 60}


class NoPacing(Pacer):
    """No limits at all: for benchmarks of the sender's own throughput."""

    def __init__(self) -> None:
        super().__init__(1.0, 1.0, 1.0)

    async def acquire(self) -> None:
        return None

    def take(self) -> None:
        return None

    def reserve(self, chat_id: int) -> float:
        return 0.0

    def chat_delay(self, chat_id: int) -> float:
        return 0.0

    def chat_sent(self, chat_id: int) -> None:
        return None
