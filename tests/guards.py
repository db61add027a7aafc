"""A guard every test runs under: no Bot API call while the calling task has a transaction open.

The message pipeline's rule (bot/outbox): a transaction decides and writes, the sender sends
after the commit. SQLAlchemy's session events tell which asyncio task has a transaction open
(the events run in the task's greenlet, so ``asyncio.current_task()`` is that task); every
outgoing Bot API request (kylabot's own client, and python-telegram-bot's for getMe and the
default command menu) checks it. A violation is recorded and fails the test at teardown.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction
from telegram.request import HTTPXRequest

from bot.outbox.client import BotApiClient

_open: Counter[asyncio.Task[Any]] = Counter()
_owners: dict[int, asyncio.Task[Any]] = {}  # id of a root SessionTransaction -> its task
violations: list[str] = []


def _task() -> asyncio.Task[Any] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:
        return None


def _after_begin(session: Session, transaction: SessionTransaction, connection: Any) -> None:
    task = _task()
    if task is not None and transaction.parent is None:
        _open[task] += 1
        _owners[id(transaction)] = task


def _after_end(session: Session, transaction: SessionTransaction) -> None:
    task = _owners.pop(id(transaction), None)
    if task is not None:
        _open[task] -= 1
        if _open[task] <= 0:
            del _open[task]


def check(method: str) -> None:
    task = _task()
    if task is not None and _open.get(task):
        violations.append(f"{method} called by task {task.get_name()} inside a transaction")


@pytest.fixture(autouse=True)
def no_network_in_transactions(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    original_request = BotApiClient.request
    original_do_request = HTTPXRequest.do_request

    async def request(self: BotApiClient, method: str, *args: Any, **kwargs: Any) -> Any:
        check(method)
        return await original_request(self, method, *args, **kwargs)

    async def do_request(self: HTTPXRequest, url: str, *args: Any, **kwargs: Any) -> Any:
        check(url.rsplit("/", 1)[-1])
        return await original_do_request(self, url, *args, **kwargs)

    monkeypatch.setattr(BotApiClient, "request", request)
    monkeypatch.setattr(HTTPXRequest, "do_request", do_request)
    event.listen(Session, "after_begin", _after_begin)
    event.listen(Session, "after_transaction_end", _after_end)
    violations.clear()
    try:
        yield violations
    finally:
        event.remove(Session, "after_begin", _after_begin)
        event.remove(Session, "after_transaction_end", _after_end)
        _open.clear()
        _owners.clear()
    found, violations[:] = list(violations), []
    assert found == [], "Bot API calls inside a database transaction:\n" + "\n".join(found)
