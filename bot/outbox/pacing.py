"""The sender's own pacing: the global send window and per-chat spacing.

Telegram allows about 30 messages a second overall, one a second per private chat and 20 a
minute per group. python-telegram-bot's AIORateLimiter holds *every* request of the bot while
any 429 is pending (python-telegram-bot#3765), which would freeze the conversations of other
contacts during a broadcast; this pacer is the sender's own. A 429 delays that chat by its
``retry_after``, and several at once pause the queued sends briefly.

Every message goes through the global window (``bot.outbox.window``), replies too: a reply
takes the next free slot before any queued send (a few milliseconds at most while the rate is
not exceeded), but never waits behind a debt, as the window forgets what is older than a
second. Calls that are not messages in a chat (a button's answer, the command menu) are not
paced at all.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from bot.outbox.window import SendWindow

MARGIN = 0.02  # seconds added to per-chat windows, so jitter never looks like a burst
GLOBAL_PAUSE_CAP = 1.0  # a 429 pauses the whole broadcast at most this long
GROUP_WINDOW = 60.0
FLOOD_429S, FLOOD_WINDOW = 5, 1.0  # this many 429s within the window pause everyone


class Pacer:
    """``await acquire(priority)`` right before each send; ``reserve`` spaces a chat's sends.

    Queued sends are spaced evenly (no bursts), which keeps at most one or two messages in
    flight at a time: that is what bounds the duplicates a crash can cause.
    """

    def __init__(
        self,
        global_rate: float,
        per_chat_rate: float,
        group_rate_per_minute: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clock = clock
        self.rate = global_rate
        self.window = SendWindow(global_rate, clock)
        self.chat_interval = 1.0 / per_chat_rate + MARGIN
        self.group_count = max(1, int(group_rate_per_minute))
        self.group_window = GROUP_WINDOW * self.group_count / group_rate_per_minute + MARGIN
        self._chat_next: dict[int, float] = {}
        self._groups: dict[int, deque[float]] = {}
        self._recent_429: deque[float] = deque()
        self._sends = 0

    async def acquire(self, priority: int) -> None:
        """Waits for a global slot and takes it (``priority``: ``storage.models.Priority``)."""
        await self.window.acquire(priority)

    def share(self, rate: float, until: float | None = None) -> None:
        """This process's part of the rate, until ``until`` (several senders: ``presence``)."""
        self.window.share(rate, until)

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
            self.window.pause(now + min(seconds, GLOBAL_PAUSE_CAP))

    def _prune(self, now: float) -> None:
        self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
        self._groups = {c: w for c, w in self._groups.items() if w and now - w[-1] < 60}


class NoPacing(Pacer):
    """No limits at all: for benchmarks of the sender's own throughput."""

    def __init__(self) -> None:
        super().__init__(1.0, 1.0, 1.0)

    async def acquire(self, priority: int) -> None:
        return None

    def share(self, rate: float, until: float | None = None) -> None:
        return None

    def reserve(self, chat_id: int) -> float:
        return 0.0

    def chat_delay(self, chat_id: int) -> float:
        return 0.0

    def chat_sent(self, chat_id: int) -> None:
        return None
