"""An asyncio event loop on virtual time: sleeping costs nothing, the clock jumps to the next timer.

The pacer's arithmetic is about seconds and minutes (20,000 replies, a broadcast after them); on
this loop a test of ten virtual minutes runs in a second of real time and never depends on how
busy the machine is. Only for code that waits on timers and futures, not on I/O.
"""

from __future__ import annotations

import asyncio
import selectors
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class _Selector(selectors.DefaultSelector):
    """Polls without blocking; a wait for a timer moves the loop's clock to it instead."""

    def __init__(self) -> None:
        super().__init__()
        self.loop: VirtualLoop | None = None

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        events = super().select(0)
        if not events and self.loop is not None:
            if timeout is None:
                raise RuntimeError("virtual loop: nothing scheduled, the test would hang")
            self.loop.now += timeout
        return events


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self) -> None:
        selector = _Selector()
        self.now = 0.0
        super().__init__(selector)
        selector.loop = self

    def time(self) -> float:
        return self.now


def run(main: Coroutine[Any, Any, T]) -> T:
    """Runs ``main`` on a fresh virtual loop and closes it."""
    loop = VirtualLoop()
    try:
        return loop.run_until_complete(main)
    finally:
        loop.close()
