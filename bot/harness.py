"""The real application running against the Bot API emulator on loopback.

Used by ``make demo``, ``kylabot chat``, the end-to-end tests and the benchmarks, so all of them
exercise exactly what production runs: the same application, over real HTTP.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Any

from telegram.ext import Application

from bot.app import build_application, start_application, stop_application
from bot.config import Settings, load_settings
from bot.emulator import BotApiEmulator
from bot.feature import Feature
from bot.features import FEATURES
from bot.services import Services
from storage.types import utcnow


class LocalBot:
    """Starts (and restarts) the application polling the emulator."""

    def __init__(
        self,
        database_url: str,
        *,
        emulator: BotApiEmulator | None = None,
        clock: Callable[[], datetime] = utcnow,
        admins: frozenset[int] = frozenset(),
        features: tuple[Feature, ...] | None = None,
        **settings: Any,
    ) -> None:
        self.database_url = database_url
        self.emulator = emulator or BotApiEmulator()
        self._own_emulator = emulator is None
        self.clock = clock
        self.admins = admins
        self.extra_settings = settings
        self.features = features  # None: the application's own list
        self.application: Application[Any, Any, Any, Any, Any, Any] | None = None

    @property
    def settings(self) -> Settings:
        # The process environment's KYLABOT_* settings (not .env) under the harness's own, as
        # pydantic-settings read them: tests tune e.g. KYLABOT_BROADCAST_BACKOFF that way.
        return load_settings(
            env_file=None,
            overrides={
                "token": self.emulator.token,
                "api_url": self.emulator.api_url,
                "database_url": self.database_url,
                "admins": self.admins,
                "bot_username": self.emulator.bot_username,
                # a broadcast is seen finished soon: tests wait for it, not for 3 s; a person's
                # next message is not held a second (tests of pacing set their own rate)
                "broadcast_progress": 0.25,
                "per_chat_rate": 50.0,
                # the desk's pages drawn in this process: a test's clock is the pages' clock
                "desk_workers": 0,
                **self.extra_settings,
            },
        )

    @property
    def services(self) -> Services:
        assert self.application is not None, "not started"
        services: Services = self.application.bot_data["services"]
        return services

    def _emulator_started(self) -> bool:
        try:
            return bool(self.emulator.api_url)
        except RuntimeError:
            return False

    async def start(self) -> None:
        if self._own_emulator and not self._emulator_started():
            await self.emulator.start()
        application = build_application(
            self.settings, clock=self.clock, features=self.features or FEATURES
        )
        await start_application(application, long_poll=1)
        self.application = application
        self.emulator.state.bot_busy = self.busy

    async def stop(self) -> None:
        """Stops the application (the emulator keeps its chats, as Telegram would)."""
        application, self.application = self.application, None
        if application is None:
            return
        self.emulator.state.bot_busy = None
        await stop_application(application)

    def busy(self) -> bool:
        """True while an update sent to the bot is unfetched, queued or being handled, work it
        started runs on (``Services.spawn``), or the outbox has work the sender has not
        finished."""
        application = self.application
        if application is None:
            return False
        poller = application.bot_data.get("poller")
        sender = self.services.sender
        return (
            len(self.emulator.state.updates) > 0
            or (poller is not None and poller.busy)
            or application.update_queue.qsize() > 0
            or application.update_processor.current_concurrent_updates > 0
            or (sender is not None and not sender.idle)
            or bool(self.services.background)
        )

    async def settle(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109 - a test helper
        """Waits until every update sent so far is handled and its transaction committed.

        A quiet period ("nothing happened for 0.2 s") is only a guess and fails on a loaded
        machine; this watches the pipeline itself: the emulator's pending updates, the
        application's queue and the handlers running (``EmulatorState.bot_settled``).
        """
        deadline = time.monotonic() + timeout
        while not await self.emulator.state.bot_settled():
            if time.monotonic() > deadline:
                raise TimeoutError(f"the bot was still busy after {timeout} s")

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def __aenter__(self) -> LocalBot:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
        if self._own_emulator:
            await self.emulator.stop()
