"""The global send window on virtual time (issue 19, item 10).

20,000 replies in 40 s and then a broadcast, as when 2,000 people onboard at once: the old
pacer let the replies out at 500 a second (501 in one second) and, having counted every one of
them as a debt, held the broadcast's first message back until 673 s. Now every send takes a
slot of a one-second window: never more than 30 in any sliding second, one process or two
sharing the rate, and the broadcast's first message goes within two seconds of the burst.
The loop's clock is virtual (``tests.outbox.virtual``): ten minutes of sending take a second.
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
from dataclasses import dataclass, field

import pytest

from bot.outbox.pacing import Pacer
from bot.outbox.window import WINDOW, SendWindow
from storage.models import Priority
from tests.outbox.virtual import run

REPLIES, BURST = 20_000, 40.0


def busiest_second(times: list[float]) -> int:
    """The most sends within any one second (a window starting at each send)."""
    times = sorted(times)
    return max(bisect.bisect_left(times, t + 1.0) - i for i, t in enumerate(times))


@dataclass
class Log:
    replies: list[tuple[int, float]] = field(default_factory=list)  # (reply number, sent at)
    broadcast: list[float] = field(default_factory=list)

    def times(self) -> list[float]:
        return [at for _, at in self.replies] + self.broadcast


async def reply(pacer: Pacer, number: int, at: float, log: Log) -> None:
    loop = asyncio.get_running_loop()
    await asyncio.sleep(at - loop.time())
    await pacer.acquire(Priority.REPLY)
    log.replies.append((number, loop.time()))


async def broadcast(pacer: Pacer, priority: Priority, count: int, log: Log) -> None:
    """The sender's loop: one queued message after the other, each when the window allows."""
    loop = asyncio.get_running_loop()
    await asyncio.sleep(BURST - loop.time())
    for _ in range(count):
        await pacer.acquire(priority)
        log.broadcast.append(loop.time())


async def burst_then_broadcast(processes: int, priority: Priority) -> Log:
    """``processes`` senders, each with its share of 30/s; the replies spread over them."""
    loop = asyncio.get_running_loop()
    pacers = [Pacer(30, 1, 20, clock=loop.time) for _ in range(processes)]
    for pacer in pacers:
        pacer.share(30 / processes)
    log = Log()
    tasks = [reply(pacers[n % processes], n, n * BURST / REPLIES, log) for n in range(REPLIES)]
    tasks += [broadcast(pacer, priority, 50, log) for pacer in pacers]
    await asyncio.gather(*tasks)
    return log


@pytest.mark.parametrize("processes", [1, 2])
@pytest.mark.parametrize("priority", [Priority.BULK, Priority.URGENT])
def test_a_burst_of_replies_holds_no_broadcast_back(processes: int, priority: Priority) -> None:
    log = run(burst_then_broadcast(processes, priority))
    assert len(log.replies) == REPLIES
    assert len(log.broadcast) == 50 * processes
    assert busiest_second(log.times()) == 30
    assert min(log.broadcast) - BURST <= 2.0
    # Each process sends its replies in the order they came.
    for p in range(processes):
        numbers = [n for n, _ in log.replies if n % processes == p]
        assert numbers == sorted(numbers)


def test_a_reply_waits_at_most_one_interval_during_a_broadcast() -> None:
    """A broadcast alone is spaced evenly; a reply then takes the next free slot before it."""

    async def main() -> tuple[list[float], float]:
        loop = asyncio.get_running_loop()
        window = SendWindow(30, clock=loop.time)
        bulk: list[float] = []

        async def queued() -> None:
            for _ in range(90):
                await window.acquire(Priority.BULK)
                bulk.append(loop.time())

        task = asyncio.create_task(queued())
        await asyncio.sleep(2.5)
        asked = loop.time()
        await window.acquire(Priority.REPLY)
        waited = loop.time() - asked
        await task
        return bulk, waited

    bulk, waited = run(main())
    # One interval apart, two where the reply took a slot.
    interval = round(WINDOW / 30, 6)
    assert {round(b - a, 6) for a, b in itertools.pairwise(bulk)} == {interval, 2 * interval}
    assert waited <= WINDOW / 30
    assert busiest_second(bulk) == 30


def test_a_lapsed_share_sends_nothing_until_renewed() -> None:
    async def main() -> list[float]:
        loop = asyncio.get_running_loop()
        window = SendWindow(30, clock=loop.time)
        window.share(30, until=1.0)
        sent: list[float] = []

        async def send() -> None:
            await window.acquire(Priority.REPLY)
            sent.append(loop.time())

        await asyncio.sleep(1.5)
        task = asyncio.create_task(send())
        await asyncio.sleep(3.0)
        window.share(15, until=10.0)
        await task
        return sent

    assert run(main()) == [4.5]
