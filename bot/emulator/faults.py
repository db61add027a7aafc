"""Injected failures and Telegram's flood limits.

Both exist so the bot's retry and rate-limiting code can be exercised deterministically:
faults come from a seeded RNG (same request order, same faults), limits from a sliding
window over the clock, computed the way Telegram documents them (about 30 messages per
second overall, one message per second per private chat).
"""

from __future__ import annotations

import enum
import math
import random
import time
from collections import deque
from collections.abc import Callable

from bot.emulator.models import ApiError, FaultPlan

GLOBAL_LIMIT = 30
PER_CHAT_INTERVAL = 1.0
WINDOW = 1.0


class Fault(enum.Enum):
    NONE = "none"
    RATE_LIMIT = "429"
    SERVER_ERROR = "5xx"
    DROP = "drop"
    LOST_RESPONSE = "lost_response"
    TIMEOUT = "timeout"  # held past the client's timeout, then dropped; the method did not run
    TIMEOUT_AFTER = "timeout_after"  # the same, but the method ran first (delivered)


class FaultInjector:
    """Draws one outcome per matching request from a plan's seeded RNG."""

    __slots__ = ("_rng", "plan")

    def __init__(self, plan: FaultPlan | None = None) -> None:
        self.plan = plan
        self._rng = random.Random(plan.seed if plan else 0)

    def draw(self) -> Fault:
        plan = self.plan
        if plan is None:
            return Fault.NONE
        roll = self._rng.random()
        edge = plan.rate_drop
        if roll < edge:
            return Fault.DROP
        edge += plan.rate_5xx
        if roll < edge:
            return Fault.SERVER_ERROR
        edge += plan.rate_429
        if roll < edge:
            return Fault.RATE_LIMIT
        edge += plan.rate_lost_response
        if roll < edge:
            return Fault.LOST_RESPONSE
        edge += plan.rate_timeout
        if roll < edge:
            return Fault.TIMEOUT_AFTER if self._rng.random() < 0.5 else Fault.TIMEOUT
        return Fault.NONE

    def server_error(self) -> ApiError:
        """A 500 or 502, chosen by the same RNG so runs stay reproducible."""
        if self._rng.random() < 0.5:
            return ApiError(500, "Internal Server Error")
        return ApiError(502, "Bad Gateway")

    def rate_limit(self) -> ApiError:
        retry_after = self.plan.retry_after if self.plan else 1
        return too_many_requests(retry_after)


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(
        429,
        f"Too Many Requests: retry after {retry_after}",
        {"retry_after": retry_after},
    )


class FloodLimits:
    """Sliding-window check of Telegram's broadcast limits for message-sending methods.

    Rejected requests do not count toward the window, as on Telegram: a bot that backs off
    correctly gets through at exactly the allowed rate.
    """

    __slots__ = (
        "_last_per_chat",
        "_recent",
        "clock",
        "global_limit",
        "per_chat_interval",
        "window",
    )

    def __init__(
        self,
        global_limit: int = GLOBAL_LIMIT,
        per_chat_interval: float = PER_CHAT_INTERVAL,
        window: float = WINDOW,
    ) -> None:
        self.global_limit = global_limit
        self.per_chat_interval = per_chat_interval
        self.window = window
        self._recent: deque[float] = deque(maxlen=global_limit)
        self._last_per_chat: dict[int, float] = {}
        self.clock: Callable[[], float] = time.monotonic  # tests replace it to move time on

    def check(self, chat_id: int | None, now: float | None = None) -> None:
        """Raise a 429 if this send would exceed a limit; otherwise record it."""
        now = self.clock() if now is None else now
        recent = self._recent
        if len(recent) == self.global_limit and now - recent[0] < self.window:
            raise too_many_requests(max(1, math.ceil(recent[0] + self.window - now)))
        if chat_id is not None:
            last = self._last_per_chat.get(chat_id)
            if last is not None and now - last < self.per_chat_interval:
                raise too_many_requests(max(1, math.ceil(last + self.per_chat_interval - now)))
            self._last_per_chat[chat_id] = now
        recent.append(now)
