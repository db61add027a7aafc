"""The small types the outbox's users share, apart from the sender so they cost no import of it:
the rows an update's transaction hands to the fast path, the sender's options, periodic ticks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot.config import Settings
from bot.outbox.client import Upload

Tick = tuple[float, Callable[[], Awaitable[Any]]]  # (every so many seconds, work)


@dataclass(frozen=True)
class SenderOptions:
    pace: bool = True
    lease: float = 30.0
    batch_size: int = 0  # 0: chosen from the rate
    concurrency: int = 0
    exclusive: bool = False  # the only worker (SQLite): reclaim every "sending" row at start
    backoff_base: float = 1.0

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> SenderOptions:
        values: dict[str, Any] = {
            "lease": settings.broadcast_lease,
            "pace": settings.broadcast_pacing,
            "exclusive": settings.is_sqlite,
            "backoff_base": settings.broadcast_backoff,
        }
        values.update(overrides)
        return cls(**values)


@dataclass
class Outgoing:
    """One row of an update's replies, as the fast path sends it."""

    id: int
    chat_id: int
    method: str
    params: dict[str, Any]
    upload: Upload | None = None
    target: int | None = None  # the row (of the same update) whose message this edits
    erase_chat: bool = False  # once final, the row's chat id is erased (/forget, a decline)
