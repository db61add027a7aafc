"""An in-process Telegram Bot API emulator for driving the real bot over HTTP.

Tests, the demo, the terminal chat and the benchmarks point python-telegram-bot at it with
``base_url=f"{emu.api_url}/bot"`` and ``base_file_url=f"{emu.api_url}/file/bot"``, then play
users with ``emu.user(...)``. See ``BotApiEmulator`` for the entry point.
"""

from __future__ import annotations

from bot.emulator.emulator import BotApiEmulator, ChatsView
from bot.emulator.models import ApiError, EmulatorStats, FaultPlan, SentMessage, Upload
from bot.emulator.users import EmulatedUser

__all__ = [
    "ApiError",
    "BotApiEmulator",
    "ChatsView",
    "EmulatedUser",
    "EmulatorStats",
    "FaultPlan",
    "SentMessage",
    "Upload",
]
