"""The bot token never reaches the logs, even though every Bot API URL contains it."""

from __future__ import annotations

import io
import logging
import re

from bot.harness import LocalBot
from bot.logs import redact, setup_logging
from tests.helpers import make_org, onboard

TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
SECRET = "987654:AAH-secret_token_value_1234567890"


def test_redact_masks_token_shapes() -> None:
    assert SECRET not in redact(f"POST https://api.telegram.org/bot{SECRET}/getMe")


async def test_a_whole_session_logs_no_token(database_url: str) -> None:
    """Even at DEBUG, where PTB logs the Bot API URL, the output carries no token."""

    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    output = io.StringIO()
    setup_logging("DEBUG", output)
    try:
        await _session(database_url)
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
    text = output.getvalue()
    assert "Bot API" in text, "expected PTB's debug output to scan"
    assert SECRET not in text
    assert not TOKEN_SHAPE.search(text)


async def _session(database_url: str) -> None:
    from bot.emulator import BotApiEmulator

    async with (
        BotApiEmulator(token=SECRET) as emulator,
        LocalBot(database_url, emulator=emulator) as local,
    ):
        org = await make_org(local)
        user = emulator.user(5001, "Aino", language_code="fi")
        await onboard(local, user, org, "fi")
        await user.send_text("/help")
        await user.wait_idle(quiet=0.2)
